/**
 * Turns a parsed YAML document into a Bug, checking every field of file format v1 and reporting
 * each problem at the line and column of the offending node. It walks the YAML nodes itself,
 * never `toJS()`, so aliases, tags and odd keys (`__proto__`) never reach a JavaScript object.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { Problem, ProblemCode } from './problems';
import type {
  Bug,
  FixLayer,
  Hypothesis,
  HypothesisKind,
  HypothesisStatus,
  Level,
  LevelChange,
  Resolution,
  Session,
  Snippet,
  SnippetContext,
  SnippetSource,
  TimelineEvent,
  TimelineKind,
  Timebox,
  Timestamp,
  BugStatus,
} from '../model/types';
import { SCHEMA_V1 } from '../model/types';
import { BUG_ID_PATTERN, CHILD_ID_PATTERN } from '../model/ids';
import { isTimestamp, toMillis } from '../model/time';
import { isLevel } from '../model/levels';
import { isSafeRelativePath } from '../model/paths';
import { MAX_NODES } from './complexity';
import { migrateToCurrent, MIGRATIONS, type MigrationTable } from './migrations';

export const BUG_KEYS = [
  'schema',
  'id',
  'title',
  'status',
  'level',
  'created',
  'tags',
  'levels',
  'sessions',
  'timebox',
  'timeboxes',
  'hypotheses',
  'snippets',
  'links',
  'timeline',
  'notes',
  'resolution',
] as const;
export const HYPOTHESIS_KEYS = ['id', 'kind', 'text', 'status', 'prediction', 'created', 'resolved', 'evidence', 'note'] as const;
export const SNIPPET_KEYS = ['id', 'source', 'file', 'lines', 'commit', 'command', 'exitCode', 'reanchors', 'context', 'captured', 'text', 'path'] as const;
export const SNIPPET_CONTEXT_KEYS = ['before', 'after'] as const;
export const LEVEL_CHANGE_KEYS = ['level', 'at', 'reason'] as const;
export const SESSION_KEYS = ['level', 'start', 'end', 'by'] as const;
export const TIMEBOX_KEYS = ['level', 'minutes'] as const;
export const TIMELINE_KEYS = ['at', 'kind', 'text'] as const;
export const RESOLUTION_KEYS = ['layer', 'summary', 'link'] as const;

const STATUSES: readonly BugStatus[] = ['open', 'parked', 'resolved'];
const KINDS: readonly HypothesisKind[] = ['hypothesis', 'assumption'];
const VERDICTS: readonly HypothesisStatus[] = ['open', 'confirmed', 'refuted'];
const SOURCES: readonly SnippetSource[] = ['editor', 'terminal', 'debug', 'clipboard', 'file'];
const LAYERS: readonly FixLayer[] = ['ours', 'upstream', 'workaround'];
const TIMELINE_KINDS: readonly TimelineKind[] = [
  'attempt',
  'debug-start',
  'debug-end',
  'exception',
  'keep-drilling',
  'timebox-extended',
  'time-left-out',
  'note',
  'parked',
  'resolved',
  'reopened',
];

const MAX_DEPTH = 32;
const SCHEMA_PATTERN = /^bug-levels\/v(\d+)$/;

export interface Validated {
  readonly bug?: Bug;
  readonly problems: Problem[];
  /** True for a newer schema than this code knows: shown, never written. */
  readonly readOnly: boolean;
  /** The schema version the file was upgraded from in memory (migrations.ts), if it was. */
  readonly migratedFrom?: number;
}

type Fields = Map<string, { key: YamlNode; value: YamlNode | null }>;

/**
 * Validates a parsed (syntax-error-free) document as a v1 bug, after upgrading an older schema
 * version in place (migrations.ts).
 */
export function validateBugDocument(doc: Document, lineCounter: LineCounter, file: string, migrations: MigrationTable = MIGRATIONS): Validated {
  const problems: Problem[] = [];
  const report = (node: YamlNode | null | undefined, code: ProblemCode, message: string, severity: 'error' | 'warning' = 'error'): void => {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    problems.push({ file, line, column: col, code, message, severity });
  };

  if (!checkStructure(doc.contents, report)) return { problems, readOnly: false };
  const root = doc.contents;
  if (!isMap(root)) {
    report(
      root,
      doc.contents === null ? 'empty-file' : 'not-a-map',
      doc.contents === null
        ? 'The file is empty: a bug file is a YAML map starting with `schema: bug-levels/v1`.'
        : 'A bug file must be a YAML map of keys (schema, id, title, ...).',
    );
    return { problems, readOnly: false };
  }

  const migration = migrateToCurrent(doc, migrations);
  if (migration.kind === 'no-path') {
    report(
      root.get('schema', true) as YamlNode,
      'unknown-schema',
      `This file uses bug-levels/v${migration.from}, which this version of Bug Levels cannot upgrade (no step from v${migration.missing}).`,
    );
    return { problems, readOnly: false };
  }
  const migratedFrom = migration.kind === 'migrated' ? migration.from : undefined;

  const v = new FieldReader(report);
  const fields = v.fields(root, BUG_KEYS, 'bug');
  let readOnly = false;
  const schemaNode = fields.get('schema');
  const schema = v.string(fields, 'schema', root, true);
  if (schema !== undefined && schema !== SCHEMA_V1) {
    const match = SCHEMA_PATTERN.exec(schema);
    if (match && Number(match[1]) > 1) {
      readOnly = true;
      report(
        schemaNode?.value,
        'newer-schema',
        `This file uses ${schema}, newer than this version of Bug Levels knows (${SCHEMA_V1}); it is shown read-only. Update the extension to edit it.`,
        'warning',
      );
    } else {
      report(schemaNode?.value, 'unknown-schema', `Unknown schema '${schema}': expected ${SCHEMA_V1}.`);
    }
  }

  const id = v.pattern(fields, 'id', root, BUG_ID_PATTERN, 'an id of 6 to 32 characters from A-Z a-z 0-9 _ -');
  const title = v.string(fields, 'title', root, true);
  const status = v.oneOf(fields, 'status', root, STATUSES, true);
  const level = v.level(fields, 'level', root, true);
  const created = v.timestamp(fields, 'created', root, true);
  const tags = v.list(fields, 'tags', (node) => v.scalarString(node, 'a tag'));
  const levels = v.list(fields, 'levels', (node) => readLevelChange(v, node));
  const sessions = v.list(fields, 'sessions', (node) => readSession(v, node));
  const timeboxEntry = fields.get('timebox');
  const timebox = timeboxEntry ? readTimebox(v, timeboxEntry.value ?? timeboxEntry.key) : undefined;
  const timeboxes = readTimeboxes(v, fields, timebox);
  const snippets = v.list(fields, 'snippets', (node) => readSnippet(v, node));
  const snippetIds = new Set(snippets.map((s) => s.id));
  const hypotheses = v.list(fields, 'hypotheses', (node) => readHypothesis(v, node, snippetIds));
  const links = v.list(fields, 'links', (node) => v.scalarString(node, 'a link'));
  const timeline = v.list(fields, 'timeline', (node) => readTimelineEvent(v, node));
  const notes = v.string(fields, 'notes', root, false);
  const resolutionEntry = fields.get('resolution');
  const resolution = resolutionEntry ? readResolution(v, resolutionEntry.value ?? resolutionEntry.key) : undefined;

  v.uniqueIds(fields.get('hypotheses')?.value, hypotheses, 'hypotheses');
  v.uniqueIds(fields.get('snippets')?.value, snippets, 'snippets');
  if (!problems.some((p) => p.severity === 'error')) {
    checkConsistency(v, fields, { status: status as BugStatus, level: level as Level, created: created as Timestamp, levels, sessions, resolution });
  }

  if (problems.some((p) => p.severity === 'error')) return { problems, readOnly };
  const bug: Bug = {
    schema: SCHEMA_V1,
    id: id as Bug['id'],
    title: title as string,
    status: status as BugStatus,
    level: level as Level,
    created: created as Timestamp,
    tags,
    levels,
    sessions,
    ...(timebox ? { timebox } : {}),
    ...(timeboxes.length ? { timeboxes } : {}),
    hypotheses,
    snippets,
    links,
    timeline,
    ...(notes !== undefined ? { notes } : {}),
    ...(resolution ? { resolution } : {}),
  };
  return migratedFrom === undefined ? { bug, problems, readOnly } : { bug, problems, readOnly, migratedFrom };
}

/** Bounds the walk (node count, depth) and refuses aliases and explicit tags anywhere. */
function checkStructure(root: unknown, report: (node: YamlNode | null | undefined, code: ProblemCode, message: string) => void): boolean {
  let count = 0;
  const stack: Array<{ node: unknown; depth: number }> = [{ node: root, depth: 0 }];
  while (stack.length) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (node === null || node === undefined) continue;
    if (++count > MAX_NODES) {
      report(node as YamlNode, 'too-complex', `The file has more than ${MAX_NODES} YAML nodes; a bug file is far smaller. Split large logs into attachments.`);
      return false;
    }
    if (depth > MAX_DEPTH) {
      report(node as YamlNode, 'too-complex', `The file nests deeper than ${MAX_DEPTH} levels; a bug file never does.`);
      return false;
    }
    if (isAlias(node)) {
      report(node, 'alias', 'YAML aliases (*name) are not allowed in bug files: write the value out.');
      return false;
    }
    const tagged = node as { tag?: string; range?: unknown };
    if ((isScalar(node) || isMap(node) || isSeq(node)) && tagged.tag) {
      report(node, 'explicit-tag', `Explicit YAML tags (${quoted(tagged.tag).slice(1, -1)}) are not allowed in bug files: write plain values.`);
      return false;
    }
    // Children pushed last to first, so the walk meets them in file order and reports the first.
    if (isMap(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i] as (typeof node.items)[number];
        stack.push({ node: pair.value, depth: depth + 1 });
        stack.push({ node: pair.key, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], depth: depth + 1 });
    }
  }
  return true;
}

type Report = (node: YamlNode | null | undefined, code: ProblemCode, message: string, severity?: 'error' | 'warning') => void;

/** Reads typed values out of YAML nodes, reporting where a value is missing or wrong. */
class FieldReader {
  constructor(readonly report: Report) {}

  fields(map: YAMLMap, known: readonly string[], what: string): Fields {
    const fields: Fields = new Map();
    for (const pair of map.items) {
      const key = pair.key as YamlNode | null;
      const value = pair.value as YamlNode | null;
      if (!isScalar(key) || typeof key.value !== 'string') {
        this.report(key, 'wrong-type', `Keys of a ${what} must be plain words.`);
        continue;
      }
      const name = key.value;
      if (fields.has(name)) {
        this.report(key, 'duplicate-key', `Duplicate key ${quoted(name)} in the ${what}: keep one.`);
        continue;
      }
      if (!known.includes(name)) {
        this.report(key, 'unknown-key', `Unknown key ${quoted(name)} in the ${what}; it is kept as is but not used.`, 'warning');
        continue;
      }
      fields.set(name, { key, value });
    }
    return fields;
  }

  private missing(fields: Fields, name: string, owner: YamlNode, required: boolean): YamlNode | null | undefined {
    const entry = fields.get(name);
    if (!entry) {
      if (required) this.report(owner, 'missing-key', `Missing required key '${name}'.`);
      return undefined;
    }
    if (entry.value === null || (isScalar(entry.value) && entry.value.value === null)) {
      if (required) this.report(entry.key, 'missing-key', `'${name}' has no value.`);
      return undefined;
    }
    return entry.value;
  }

  string(fields: Fields, name: string, owner: YamlNode, required: boolean): string | undefined {
    const node = this.missing(fields, name, owner, required);
    return node === undefined || node === null ? undefined : this.scalarString(node, `'${name}'`);
  }

  scalarString(node: YamlNode | null, what: string): string | undefined {
    if (isScalar(node) && typeof node.value === 'string') return node.value;
    this.report(node, 'wrong-type', `${capitalize(what)} must be text${isScalar(node) ? ` (found ${shown(node.value)})` : ''}.`);
    return undefined;
  }

  pattern(fields: Fields, name: string, owner: YamlNode, pattern: RegExp, expected: string): string | undefined {
    const value = this.string(fields, name, owner, true);
    if (value !== undefined && !pattern.test(value)) {
      this.report(fields.get(name)?.value, 'bad-value', `'${name}' must be ${expected} (found ${shown(value)}).`);
      return undefined;
    }
    // Ids become Map keys and file names; a name Object.prototype has (`__proto__`,
    // `constructor`, ...) would be a trap for any code that ever indexes a plain object by id.
    if (value !== undefined && value in Object.prototype) {
      this.report(fields.get(name)?.value, 'bad-value', `'${name}' cannot be ${shown(value)}, a reserved name; pick another id.`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(fields: Fields, name: string, owner: YamlNode, allowed: readonly T[], required: boolean): T | undefined {
    const value = this.string(fields, name, owner, required);
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.report(fields.get(name)?.value, 'bad-value', `'${name}' must be one of ${allowed.join(', ')} (found ${quoted(value)}).`);
    return undefined;
  }

  level(fields: Fields, name: string, owner: YamlNode, required: boolean): Level | undefined {
    const node = this.missing(fields, name, owner, required);
    if (node === undefined || node === null) return undefined;
    if (isScalar(node) && isLevel(node.value)) return node.value;
    this.report(node, isScalar(node) && typeof node.value === 'number' ? 'bad-value' : 'wrong-type', `'${name}' must be 1, 2 or 3.`);
    return undefined;
  }

  integer(fields: Fields, name: string, owner: YamlNode, required: boolean, min: number, max: number): number | undefined {
    const node = this.missing(fields, name, owner, required);
    if (node === undefined || node === null) return undefined;
    if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= min && node.value <= max) return node.value;
    this.report(node, 'bad-value', `'${name}' must be a whole number from ${min} to ${max}.`);
    return undefined;
  }

  timestamp(fields: Fields, name: string, owner: YamlNode, required: boolean): Timestamp | undefined {
    const value = this.string(fields, name, owner, required);
    if (value === undefined) return undefined;
    if (isTimestamp(value)) return value;
    this.report(fields.get(name)?.value, 'bad-value', `'${name}' must be an ISO 8601 UTC time like 2026-02-25T17:01:24Z (found ${quoted(value)}).`);
    return undefined;
  }

  list<T>(fields: Fields, name: string, read: (node: YamlNode | null) => T | undefined): T[] {
    const entry = fields.get(name);
    if (!entry || entry.value === null || (isScalar(entry.value) && entry.value.value === null)) return [];
    if (!isSeq(entry.value)) {
      this.report(entry.value, 'wrong-type', `'${name}' must be a list.`);
      return [];
    }
    const out: T[] = [];
    for (const item of entry.value.items) {
      const value = read(item as YamlNode | null);
      if (value !== undefined) out.push(value);
    }
    return out;
  }

  map(node: YamlNode | null, what: string, known: readonly string[]): Fields | undefined {
    if (isMap(node)) return this.fields(node, known, what);
    this.report(node, 'wrong-type', `Each ${what} must be a map of keys.`);
    return undefined;
  }

  uniqueIds(listNode: YamlNode | null | undefined, items: ReadonlyArray<{ id: string }>, whatPlural: string): void {
    const seen = new Set<string>();
    for (const [index, item] of items.entries()) {
      if (seen.has(item.id)) {
        const node = isSeq(listNode) ? (listNode.items[index] as YamlNode) : listNode;
        this.report(node, 'duplicate-id', `Two ${whatPlural} have the id '${item.id}'.`);
      }
      seen.add(item.id);
    }
  }
}

function readLevelChange(v: FieldReader, node: YamlNode | null): LevelChange | undefined {
  const f = v.map(node, 'level history entry', LEVEL_CHANGE_KEYS);
  if (!f || !node) return undefined;
  const level = v.level(f, 'level', node, true);
  const at = v.timestamp(f, 'at', node, true);
  const reason = v.string(f, 'reason', node, false);
  if (level === undefined || at === undefined) return undefined;
  return reason !== undefined ? { level, at, reason } : { level, at };
}

function readSession(v: FieldReader, node: YamlNode | null): Session | undefined {
  const f = v.map(node, 'session', SESSION_KEYS);
  if (!f || !node) return undefined;
  const level = v.level(f, 'level', node, true);
  const start = v.timestamp(f, 'start', node, true);
  const end = v.timestamp(f, 'end', node, false);
  const by = v.string(f, 'by', node, false);
  if (level === undefined || start === undefined) return undefined;
  return { level, start, ...(end !== undefined ? { end } : {}), ...(by !== undefined ? { by } : {}) };
}

/** What the rules between fields read: values that each passed their own check. */
interface Consistency {
  readonly status: BugStatus;
  readonly level: Level;
  readonly created: Timestamp;
  readonly levels: readonly LevelChange[];
  readonly sessions: readonly Session[];
  readonly resolution: Resolution | undefined;
}

/**
 * Rules between fields (issue 13), checked once every field read cleanly, so the i-th session is
 * the i-th item of the `sessions` list. Each case would poison the numbers (time per level, the
 * timebox, the scheduler's pick, the retro's score). A contradiction only the writer can settle is
 * an error at its line and column: the file does not load, is reported, and is never written
 * until fixed. A case the product itself can write, or whose meaning is plain, is a warning that
 * says what is not counted; the file loads and the counting leaves it out (timeAccounting.ts).
 */
function checkConsistency(v: FieldReader, fields: Fields, bug: Consistency): void {
  const sessionList = fields.get('sessions')?.value;
  const sessionNodes = isSeq(sessionList) ? (sessionList.items as YamlNode[]) : [];
  const nodeOf = (index: number): YamlNode | null | undefined => sessionNodes[index] ?? sessionList;

  // Error: the tree, the scheduler and the timebox go by `level`, the retro by the history. The
  // product changes both at once (transitions.ts changeLevel), so they part only by a hand edit
  // or a merge, and which of the two is true only the writer knows. No history: nothing to check.
  const last = bug.levels[bug.levels.length - 1];
  if (last && last.level !== bug.level) {
    v.report(
      fields.get('level')?.value,
      'level-history-mismatch',
      `'level' is ${bug.level} but the level history ('levels') ends at level ${last.level}: make them agree (a level change appends { level, at } to 'levels').`,
    );
  }

  // The levels the bug reached, per its history (a bug created at level 2 starts its history at
  // 2 and never was at level 1). The history covers the bug's whole life when it starts at
  // `created`, as the product writes it; a hand-written file without one gets its first entry
  // at its first promotion, and the level before that is unknown, so sessions before it are not
  // checked (the product's own promote of such a file must still load).
  const reached = new Set(bug.levels.map((change) => change.level));
  const historyFrom = bug.levels.reduce((min, change) => Math.min(min, toMillis(change.at)), Infinity);
  const checkedFrom = historyFrom <= toMillis(bug.created) ? -Infinity : historyFrom;
  const closed: Array<{ readonly index: number; readonly start: number; readonly end: number }> = [];
  for (const [index, session] of bug.sessions.entries()) {
    const node = nodeOf(index);
    const start = toMillis(session.start);
    // Error: time at a level the bug never reached would be counted at that level (the timebox,
    // the retro's columns and score); the session or the history is wrong, and only the writer
    // knows which.
    if (reached.size > 0 && !reached.has(session.level) && start >= checkedFrom) {
      v.report(
        valueOf(node, 'level'),
        'level-never-reached',
        `This session is at level ${session.level}, a level the history ('levels') never reaches (only ${[...reached].sort().join(', ')}): fix the session's level or add the level change to 'levels'.`,
      );
    }
    // Warning: the host keeps the running session in its own state and writes it with its end
    // when it stops, so a session without an end is a hand edit or a crashed writer. Counting it
    // up to now grows without bound (282 days in one file); its start is still worth keeping.
    if (session.end === undefined) {
      v.report(
        node,
        'open-session',
        "This session has no 'end': none of its time is counted (a running session lives in VS Code, not in the file). Write its end to count it.",
        'warning',
      );
      continue;
    }
    const end = toMillis(session.end);
    // Error: an end before the start is no length at all; which of the two times is wrong (a
    // swapped pair, a typo in the date) only the writer knows.
    if (end < start) {
      v.report(
        valueOf(node, 'end'),
        'session-end-before-start',
        `This session ends (${session.end}) before it starts (${session.start}): fix one of the two times.`,
      );
      continue;
    }
    closed.push({ index, start, end });
  }

  // Warning: two VS Code windows working on the same bug each record their own session, so the
  // product itself writes overlapping sessions; the time they share is counted once. A person's
  // and an agent's sessions (issue 18: `by`) overlap when both work on the bug at once: no
  // mistake, so only sessions of the same worker are compared.
  closed.sort((a, b) => a.start - b.start || a.index - b.index);
  const latestBy = new Map<string, (typeof closed)[number]>();
  for (const session of closed) {
    const worker = bug.sessions[session.index]?.by?.trim() ?? '';
    const latest = latestBy.get(worker);
    if (latest && session.start < latest.end) {
      const other = bug.sessions[latest.index] as Session;
      v.report(
        valueOf(nodeOf(session.index), 'start'),
        'overlapping-sessions',
        `This session overlaps the session from ${other.start} to ${other.end ?? ''} (level ${other.level}): the time both cover is counted once.`,
        'warning',
      );
    }
    if (!latest || session.end > latest.end) latestBy.set(worker, session);
  }

  const resolution = fields.get('resolution');
  // Error: the product removes the resolution when it reopens a bug and parks only open bugs
  // (transitions.ts reopen, park), so an open or parked bug with a fix is a hand edit that
  // contradicts itself: the scheduler would pick a bug the retro reports fixed.
  if (bug.status !== 'resolved' && bug.resolution && resolution) {
    v.report(
      resolution.key,
      'resolution-not-resolved',
      `The bug is ${bug.status} but has a 'resolution': only a resolved bug has one (Reopen Bug removes it). Remove 'resolution' or set 'status: resolved'.`,
    );
  }
  // Warning: the product always writes a resolution when it resolves (transitions.ts resolveBug),
  // but a bug marked resolved by hand is plainly resolved; only its fix is unknown.
  if (bug.status === 'resolved' && !bug.resolution) {
    v.report(
      fields.get('status')?.value,
      'missing-resolution',
      "The bug is resolved but has no 'resolution': the retro reports no fix layer for it. Add resolution: { layer: ours | upstream | workaround, summary: ... }.",
      'warning',
    );
  }
}

/** The value node of `key` in a map node, or the node itself when there is none. */
function valueOf(node: YamlNode | null | undefined, key: string): YamlNode | null | undefined {
  return isMap(node) ? ((node.get(key, true) as YamlNode | undefined) ?? node) : node;
}

function readTimebox(v: FieldReader, node: YamlNode | null): Timebox | undefined {
  const f = v.map(node, 'timebox', TIMEBOX_KEYS);
  if (!f || !node) return undefined;
  const level = v.level(f, 'level', node, true);
  const minutes = v.integer(f, 'minutes', node, true, 1, 10_000);
  return level !== undefined && minutes !== undefined ? { level, minutes } : undefined;
}

/**
 * `timeboxes`: one `{ level, minutes }` per level. An older file's single `timebox` may stand
 * beside it (a hand merge): where both name a level, the `timeboxes` entry counts, with a warning.
 */
function readTimeboxes(v: FieldReader, fields: Fields, legacy: Timebox | undefined): Timebox[] {
  const seen = new Set<Level>();
  const boxes = v.list(fields, 'timeboxes', (node) => {
    const box = readTimebox(v, node);
    if (box && seen.has(box.level)) v.report(node, 'duplicate-id', `Two timeboxes for level ${box.level}: keep one.`);
    if (box) seen.add(box.level);
    return box;
  });
  const shadowed = legacy && boxes.find((box) => box.level === legacy.level);
  if (legacy && shadowed && shadowed.minutes !== legacy.minutes) {
    v.report(
      fields.get('timebox')?.key,
      'duplicate-key',
      `'timebox' and 'timeboxes' both set level ${legacy.level}: the 'timeboxes' entry (${shadowed.minutes} min) counts, not ${legacy.minutes} min.`,
      'warning',
    );
  }
  return boxes;
}

function readHypothesis(v: FieldReader, node: YamlNode | null, snippetIds: ReadonlySet<string>): Hypothesis | undefined {
  const f = v.map(node, 'hypothesis', HYPOTHESIS_KEYS);
  if (!f || !node) return undefined;
  const id = v.pattern(f, 'id', node, CHILD_ID_PATTERN, 'a short id from A-Z a-z 0-9 _ -');
  const kind = f.has('kind') ? v.oneOf(f, 'kind', node, KINDS, true) : 'hypothesis';
  const text = v.string(f, 'text', node, true);
  const status = v.oneOf(f, 'status', node, VERDICTS, true);
  const created = v.timestamp(f, 'created', node, true);
  const resolved = v.timestamp(f, 'resolved', node, false);
  const prediction = v.string(f, 'prediction', node, false);
  const note = v.string(f, 'note', node, false);
  const evidence = v.list(f, 'evidence', (item) => {
    const ref = v.scalarString(item, 'an evidence entry');
    if (ref !== undefined && !snippetIds.has(ref)) v.report(item, 'bad-value', `Evidence ${quoted(ref)} names no snippet of this bug.`);
    return ref;
  });
  if (id === undefined || kind === undefined || text === undefined || status === undefined || created === undefined) return undefined;
  return {
    id: id as Hypothesis['id'],
    kind,
    text,
    status,
    created,
    ...(resolved !== undefined ? { resolved } : {}),
    ...(prediction !== undefined ? { prediction } : {}),
    ...(evidence.length ? { evidence: evidence as unknown as Hypothesis['evidence'] } : {}),
    ...(note !== undefined ? { note } : {}),
  };
}

function readSnippet(v: FieldReader, node: YamlNode | null): Snippet | undefined {
  const f = v.map(node, 'snippet', SNIPPET_KEYS);
  if (!f || !node) return undefined;
  const id = v.pattern(f, 'id', node, CHILD_ID_PATTERN, 'a short id from A-Z a-z 0-9 _ -');
  const source = v.oneOf(f, 'source', node, SOURCES, true);
  const captured = v.timestamp(f, 'captured', node, true);
  const file = v.string(f, 'file', node, false);
  // `lines: 12` (one line, a YAML number) is read as the text '12', before v.string would refuse it.
  const lines = numberAsText(f.get('lines')?.value) ?? v.string(f, 'lines', node, false);
  const commit = v.string(f, 'commit', node, false);
  const command = v.string(f, 'command', node, false);
  const exitCode = f.has('exitCode') ? v.integer(f, 'exitCode', node, false, -1_000_000, 1_000_000) : undefined;
  const reanchors = f.has('reanchors') ? v.pattern(f, 'reanchors', node, CHILD_ID_PATTERN, 'the id of the snippet it re-anchors') : undefined;
  const context = f.has('context') ? readSnippetContext(v, f.get('context')?.value ?? null) : undefined;
  const text = f.has('text') ? (v.string(f, 'text', node, false) ?? '') : undefined;
  const path = v.string(f, 'path', node, false);
  if (file !== undefined && !isSafeRelativePath(file))
    v.report(f.get('file')?.value, 'unsafe-path', `'file' must be a workspace-relative path without '..' (found ${quoted(file)}).`);
  if (path !== undefined && !isSafeRelativePath(path))
    v.report(f.get('path')?.value, 'unsafe-path', `'path' must be a path inside the journal folder without '..' (found ${quoted(path)}).`);
  if (text === undefined && path === undefined) v.report(node, 'missing-key', "A snippet needs 'text' or 'path'.");
  if (id === undefined || source === undefined || captured === undefined) return undefined;
  const snippet: Record<string, unknown> = { id, source, captured, file, lines, commit, command, exitCode, reanchors, context, text, path };
  return Object.fromEntries(Object.entries(snippet).filter(([, value]) => value !== undefined)) as unknown as Snippet;
}

/** `context: { before: [lines], after: [lines] }`; either list may be left out (no lines there). */
function readSnippetContext(v: FieldReader, node: YamlNode | null): SnippetContext | undefined {
  if (node === null || (isScalar(node) && node.value === null)) return undefined;
  const f = v.map(node, 'snippet context', SNIPPET_CONTEXT_KEYS);
  if (!f) return undefined;
  const lines = (name: string): string[] => v.list(f, name, (item) => v.scalarString(item, 'a line of context'));
  return { before: lines('before'), after: lines('after') };
}

function numberAsText(node: YamlNode | null | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) ? String(node.value) : undefined;
}

function readTimelineEvent(v: FieldReader, node: YamlNode | null): TimelineEvent | undefined {
  const f = v.map(node, 'timeline entry', TIMELINE_KEYS);
  if (!f || !node) return undefined;
  const at = v.timestamp(f, 'at', node, true);
  const kind = v.oneOf(f, 'kind', node, TIMELINE_KINDS, true);
  const text = v.string(f, 'text', node, false);
  if (at === undefined || kind === undefined) return undefined;
  return text !== undefined ? { at, kind, text } : { at, kind };
}

function readResolution(v: FieldReader, node: YamlNode | null): Resolution | undefined {
  const f = v.map(node, 'resolution', RESOLUTION_KEYS);
  if (!f || !node) return undefined;
  const layer = v.oneOf(f, 'layer', node, LAYERS, true);
  const summary = v.string(f, 'summary', node, true);
  const link = v.string(f, 'link', node, false);
  if (layer === undefined || summary === undefined) return undefined;
  return link !== undefined ? { layer, summary, link } : { layer, summary };
}

/** A value as JSON, cut to a readable length: file content may hold huge or control characters. */
function shown(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** Text in single quotes with control characters escaped and the length cut, for messages. */
function quoted(text: string): string {
  const escaped = JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text)
    .slice(1, -1)
    .replace(/\\"/g, '"');
  return `'${escaped}'`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
