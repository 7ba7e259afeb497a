/**
 * Resolving a bug file git left with conflict markers (issue 17): both sides are read as bugs,
 * and what both added is kept: list entries from both (history, sessions, timeline, hypotheses,
 * snippets, links, tags), each once, in time order. A single value the two sides set differently
 * (the title, the status, a hypothesis's verdict both gave, a timebox) cannot be taken from both:
 * the resolution then names each one and asks which side to take for them (`take`), and writes
 * nothing until told.
 */
import type { Bug, Hypothesis, LevelChange, Session, Snippet, TimelineEvent, Timebox } from '../model/types';
import { parseBug, stringifyBug } from './format';
import { conflictSide, findConflicts, type ConflictSide } from './mergeConflict';
import { deepEqual } from './yamlDocument';

export type ConflictResolution =
  | { readonly ok: true; readonly bug: Bug; readonly text: string; readonly taken: readonly string[] }
  /** `choices`: the values the two sides set differently, one line each. */
  | { readonly ok: false; readonly message: string; readonly choices: readonly string[] };

/**
 * The bug file `text` with its conflicts resolved: both sides' entries, and for each value they
 * set differently the side `take` names (without `take`: refused, naming them).
 */
export function resolveConflictText(text: string, file: string, take?: ConflictSide): ConflictResolution {
  if (!findConflicts(text).length) return { ok: false, message: `${file} has no merge conflict.`, choices: [] };
  const sides = (['ours', 'theirs'] as const).map((side) => ({ side, parsed: parseBug(conflictSide(text, side), file) }));
  const broken = sides.filter(({ parsed }) => !parsed.ok);
  if (broken.length) {
    const names = broken.map(({ side, parsed }) => `${sideName(side)}: ${parsed.ok ? '' : (parsed.problems[0]?.message ?? 'does not load')}`);
    return { ok: false, message: `${file}: a side of the conflict does not load as a bug (${names.join('; ')}); fix it by hand.`, choices: [] };
  }
  const [ours, theirs] = sides.map(({ parsed }) => (parsed.ok ? parsed.bug : undefined)) as [Bug, Bug];
  const merged = mergeBugs(ours, theirs, take);
  if (merged.choices.length && take === undefined) {
    return {
      ok: false,
      message: `${file}: both sides changed ${merged.choices.length === 1 ? 'a value' : `${merged.choices.length} values`} differently (${merged.choices.join('; ')}). Choose a side for ${merged.choices.length === 1 ? 'it' : 'them'}: --take ours (the first side, yours) or --take theirs (the second side, merged in); every list entry of both sides is kept either way.`,
      choices: merged.choices,
    };
  }
  const written = stringifyBug(merged.bug);
  const back = parseBug(written, file);
  if (!back.ok || !deepEqual(back.bug, merged.bug))
    return { ok: false, message: `${file}: the merged bug could not be written so that it reads back the same; fix it by hand.`, choices: [] };
  return { ok: true, bug: merged.bug, text: written, taken: merged.choices };
}

function sideName(side: ConflictSide): string {
  return side === 'ours' ? 'the first side' : 'the second side';
}

/** Both sides' entries; single values that differ are listed and taken from `take` (default ours). */
export function mergeBugs(ours: Bug, theirs: Bug, take: ConflictSide = 'ours'): { bug: Bug; choices: string[] } {
  const choices: string[] = [];
  const pick = <T>(label: string, a: T, b: T): T => {
    if (deepEqual(a, b)) return a;
    choices.push(`${label}: ${show(a)} or ${show(b)}`);
    return take === 'ours' ? a : b;
  };
  const levels = union<LevelChange>(ours.levels, theirs.levels).sort((a, b) => compare(a.at, b.at));
  const hypotheses = byId<Hypothesis>(ours.hypotheses, theirs.hypotheses, (a, b) =>
    sameButVerdict(a, b) ? verdictOf(a, b) : pick(`hypothesis ${a.id}`, a, b),
  );
  const snippets = byId<Snippet>(ours.snippets, theirs.snippets, (a, b) => pick(`snippet ${a.id}`, a, b));
  const timeboxes = mergeTimeboxes(ours.timeboxes ?? [], theirs.timeboxes ?? [], pick);
  const bug: Record<string, unknown> = {
    // Keys this version does not know: both sides', the first side's where both have one.
    ...theirs,
    ...ours,
    id: pick('id', ours.id, theirs.id),
    title: pick('title', ours.title, theirs.title),
    status: pick('status', ours.status, theirs.status),
    created: pick('created', ours.created, theirs.created),
    tags: union(ours.tags, theirs.tags),
    levels,
    // The level is where the merged history ends, when there is one.
    level: levels.length ? (levels.at(-1) as LevelChange).level : pick('level', ours.level, theirs.level),
    sessions: union<Session>(ours.sessions, theirs.sessions).sort((a, b) => compare(a.start, b.start)),
    hypotheses,
    snippets,
    links: union(ours.links, theirs.links),
    timeline: union<TimelineEvent>(ours.timeline, theirs.timeline).sort((a, b) => compare(a.at, b.at)),
  };
  if (timeboxes.length) bug.timeboxes = timeboxes;
  else delete bug.timeboxes;
  setOptional(bug, 'timebox', pick('timebox', ours.timebox, theirs.timebox));
  setOptional(bug, 'notes', pick('notes', ours.notes, theirs.notes));
  setOptional(bug, 'resolution', pick('resolution', ours.resolution, theirs.resolution));
  return { bug: bug as unknown as Bug, choices };
}

function setOptional(bug: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) delete bug[key];
  else bug[key] = value;
}

/** Entries of `a`, then those of `b` not in `a` (each once). */
function union<T>(a: readonly T[], b: readonly T[]): T[] {
  const result = [...a];
  for (const item of b) if (!result.some((existing) => deepEqual(existing, item))) result.push(item);
  return result;
}

/** Items of both lists by id: `a`'s order, then `b`'s new ones; an id in both merged by `both`. */
function byId<T extends { readonly id: string }>(a: readonly T[], b: readonly T[], both: (x: T, y: T) => T): T[] {
  const result = a.map((item) => {
    const other = b.find((candidate) => candidate.id === item.id);
    return other ? both(item, other) : item;
  });
  for (const item of b) if (!a.some((existing) => existing.id === item.id)) result.push(item);
  return result;
}

/** One box per level; a level both set differently is a choice. */
function mergeTimeboxes(a: readonly Timebox[], b: readonly Timebox[], pick: <T>(label: string, x: T, y: T) => T): Timebox[] {
  const result = a.map((box) => {
    const other = b.find((candidate) => candidate.level === box.level);
    return other ? pick(`timebox at level ${box.level}`, box, other) : box;
  });
  for (const box of b) if (!a.some((existing) => existing.level === box.level)) result.push(box);
  return result;
}

/** The same hypothesis, one side gave a verdict and the other left it open. */
function sameButVerdict(a: Hypothesis, b: Hypothesis): boolean {
  if (a.status !== 'open' && b.status !== 'open') return false;
  const strip = ({ status: _s, resolved: _r, note: _n, evidence: _e, ...rest }: Hypothesis): unknown => rest;
  return deepEqual(strip(a), strip(b));
}

function verdictOf(a: Hypothesis, b: Hypothesis): Hypothesis {
  return a.status === 'open' ? b : a;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
