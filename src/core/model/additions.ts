/**
 * A bug's state as a fold: its header (the v1 bug file, read as always) followed by its
 * additions, one small immutable file per product write, replayed in file-name order through the
 * SAME pure transitions of the operation table. An addition records what the transition needs to
 * give the same result anywhere, on any clone: the operation's name, its input with every default
 * that depended on the bug pinned (promote's target level, the timebox's level), its time, the ids
 * it generated and the context it read. So two people's additions never touch the same lines in
 * git, and the merged bug is the same on every machine.
 *
 * The fold never throws a bug away. An addition that no longer applies after a merge (a verdict
 * on a hypothesis the other side deleted, a promote to a level already reached, a second park) is
 * superseded: it stays in the folder (the bug's history) and is reported, and the bug is what the
 * others make of it. Rules that follow from replaying in time order, documented in the README:
 * for a single value (a timebox, a verdict) the later addition wins; a promote to a level the bug
 * already reached or passed is superseded (the higher level wins); a demote applies only from the
 * level it was made at (two demotes from level 3 go back once); a second park or resolve is
 * superseded; a work session closed with an addition is kept even when the addition is not.
 */
import type { Bug, HypothesisId, Level, RunningSession, Session, SnippetId, Timestamp } from './types';
import type { IdSource } from './ids';
import type { TimeboxDefaults } from './timebox';
import { DEFAULT_TIMEBOX_MINUTES } from './timebox';
import { addTimelineEvent, JournalError } from './transitions';
import { OPERATIONS, type EditOperation, type EditOperationName, type OperationContext } from './operations';

/** The `schema` of an addition file this version writes and reads. */
export const ADDITION_SCHEMA = 'bug-levels/addition-v1';

/** One product write to one bug, as recorded in its addition file. */
export interface Addition {
  readonly op: EditOperationName;
  readonly at: Timestamp;
  /** The operation's input, checked against its fields, with bug-dependent defaults pinned. */
  readonly input: Readonly<Record<string, unknown>>;
  /** The ids the operation generated, in the order it asked for them. */
  readonly ids?: readonly string[];
  /** The bug's level when the addition was made: a demote applies only from there. */
  readonly level?: Level;
  /** A stretch of work that ended with this addition (closed at the old level before a level change). */
  readonly closedSession?: Session;
  readonly leftOutNote?: string;
  /** The session running when it was made (extendTimebox counts it). */
  readonly running?: RunningSession;
  /** The timebox defaults it read (extendTimebox). */
  readonly timeboxDefaults?: TimeboxDefaults;
}

/** An addition as the fold met it: its file and whether it changed the bug. */
export interface FoldStep {
  readonly file: string;
  readonly op: EditOperationName;
  readonly at: Timestamp;
  /** Why it did not apply, when it was superseded by what came before it. */
  readonly superseded?: string;
}

export interface Folded {
  readonly bug: Bug;
  readonly steps: readonly FoldStep[];
}

/**
 * The bug `header` followed by `additions` (each with its file name), replayed in file-name order.
 * Deterministic: the same files give the same bug, whatever order they were found in.
 */
export function foldAdditions(header: Bug, additions: readonly { readonly file: string; readonly addition: Addition }[]): Folded {
  const sorted = [...additions].sort((a, b) => compareNames(a.file, b.file));
  let bug = header;
  const steps: FoldStep[] = [];
  for (const { file, addition } of sorted) {
    const step = { file, op: addition.op, at: addition.at };
    // The work session closed with it counts even when the operation itself is superseded.
    const withSession = addition.closedSession ? closeSession(bug, addition.closedSession, addition.leftOutNote) : bug;
    const refused = precondition(withSession, addition);
    if (refused !== undefined) {
      bug = withSession;
      steps.push({ ...step, superseded: refused });
      continue;
    }
    try {
      bug = replay(withSession, addition, file);
      steps.push(step);
    } catch (error) {
      bug = withSession;
      steps.push({ ...step, superseded: error instanceof Error ? error.message : String(error) });
    }
  }
  return { bug, steps };
}

/** Why an addition that would apply must not (it was made for a state the merge no longer has). */
function precondition(bug: Bug, addition: Addition): string | undefined {
  if (addition.op === 'demote' && addition.level !== undefined && addition.level !== bug.level) {
    return `it went back from level ${addition.level}, and the bug is at level ${bug.level} now`;
  }
  return undefined;
}

/** One addition's transition, with its recorded time, ids and context. */
function replay(bug: Bug, addition: Addition, file: string): Bug {
  const operation = OPERATIONS[addition.op] as unknown as EditOperation<unknown>;
  const context: OperationContext = {
    now: addition.at,
    ids: replayIds(addition.ids ?? [], file),
    timeboxDefaults: addition.timeboxDefaults ?? DEFAULT_TIMEBOX_MINUTES,
    ...(addition.running ? { running: addition.running } : {}),
  };
  return operation.apply(bug, addition.input, context);
}

/** The bug with a closed session (and a note of time left out) appended, as applyEdit does. */
function closeSession(bug: Bug, session: Session, leftOutNote?: string): Bug {
  if (!session.end || session.end <= session.start) return bug;
  const withSession = { ...bug, sessions: [...bug.sessions, session] };
  return leftOutNote ? addTimelineEvent(withSession, { at: session.end, kind: 'time-left-out', text: leftOutNote }) : withSession;
}

/**
 * The recorded ids, handed out in order. An id the bug already has (the other side of a merge
 * generated the same one: 36^4 ids per kind) gets a suffix derived from the addition's file name,
 * the same on every machine; a hand-written addition without ids gets one derived the same way.
 */
export function replayIds(ids: readonly string[], file: string): IdSource {
  let next = 0;
  const stem = file.slice(file.lastIndexOf('/') + 1).replace(/\.yaml$/, '');
  const suffix = stem.slice(-6).replace(/[^A-Za-z0-9_-]/g, '') || 'x';
  const take = (kind: string, taken: ReadonlySet<string>): string => {
    const recorded = ids[next++];
    const wanted = recorded !== undefined && recorded.startsWith(`${kind}-`) ? recorded : `${kind}-${suffix}`;
    if (!taken.has(wanted)) return wanted;
    for (let n = 2; ; n++) if (!taken.has(`${wanted}-${suffix}${n}`)) return `${wanted}-${suffix}${n}`;
  };
  return {
    bugId: () => {
      throw new JournalError('invalid-input', 'An addition cannot create a bug.');
    },
    hypothesisId: (taken) => take('h', taken) as HypothesisId,
    snippetId: (taken) => take('s', taken) as SnippetId,
  };
}

/** An IdSource that records every id it hands out (to write them into the addition). */
export function recordingIds(source: IdSource): { readonly ids: IdSource; readonly recorded: string[] } {
  const recorded: string[] = [];
  return {
    recorded,
    ids: {
      bugId: () => source.bugId(),
      hypothesisId: (taken) => {
        const id = source.hypothesisId(taken);
        recorded.push(id);
        return id;
      },
      snippetId: (taken) => {
        const id = source.snippetId(taken);
        recorded.push(id);
        return id;
      },
    },
  };
}

/**
 * The input as recorded: defaults that depend on the bug's state when it was made are written
 * out, so the addition means the same after a merge (two promotes from level 1 both mean level 2,
 * not 2 and then 3; a timebox set "for the current level" stays for that level).
 */
export function pinInput(op: EditOperationName, input: Readonly<Record<string, unknown>>, before: Bug, after: Bug): Readonly<Record<string, unknown>> {
  switch (op) {
    case 'promote':
      return input.to === undefined ? { ...input, to: after.level } : input;
    case 'setTimebox':
      return input.level === undefined ? { ...input, level: before.level } : input;
    default:
      return input;
  }
}

/** Which additions need which recorded context (read by the store when it writes one). */
export function needsTimeboxContext(op: EditOperationName): boolean {
  return op === 'extendTimebox';
}

/** Byte order of file names (not locale order): the same on every machine. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The file name of an addition made at `at`: time first so names sort in time order, then a
 * sequence number that keeps this writer's own additions of the same second in order, then a
 * random part that keeps two people's names apart. No colons (Windows).
 */
export function additionFileName(at: Timestamp, sequence: number, random: string): string {
  const time = at.replace(/:/g, '').replace(/\.\d+Z$/, 'Z');
  return `${time}-${String(sequence).padStart(4, '0')}-${random}.yaml`;
}

/** The sequence number for a new addition at `at`, after the names already in the folder. */
export function nextSequence(at: Timestamp, existing: readonly string[]): number {
  const prefix = additionFileName(at, 0, '').slice(0, -'0000-.yaml'.length);
  let highest = -1;
  for (const name of existing) {
    if (!name.startsWith(prefix)) continue;
    const sequence = Number(name.slice(prefix.length, prefix.length + 4));
    if (Number.isInteger(sequence) && sequence > highest) highest = sequence;
  }
  return highest + 1;
}

/** The folder of a bug's additions, beside its header file `<stem>.yaml`: `<stem>`. */
export function additionsFolderOf(headerFile: string): string {
  return headerFile.replace(/\.yaml$/, '');
}
