/**
 * A bug cut down to what the tree's row, the status bar and the scheduler read, so that a window
 * can paint a journal of thousands of bugs from a few megabytes of index before the full entries
 * (hypotheses, snippets, timeline, notes) are read. A preview is shown for a moment and then
 * replaced by the full bug; commands wait for the full one, and nothing is ever written from a
 * preview (every edit re-reads the file). The row's tooltip, with the latest hypothesis, is built
 * on hover (tree.ts resolveTreeItem), by then from the full bug. The scheduler's tie-break on
 * "last touched" may differ on a preview (it also reads hypotheses and the timeline): the status
 * bar's suggestion can change once the full bugs are in.
 */
import { SCHEMA_V1, type Bug, type Hypothesis } from '../model/types';
import { ownTimebox } from '../model/timebox';

export interface BugPreview {
  /** The bug with only the fields a row needs (level changes, hypotheses and the like are empty). */
  readonly bug: Bug;
  /** How many children the full bug shows in the tree, so the row gets its expand arrow at once. */
  readonly children: number;
}

/** The children a bug shows in the tree: its hypotheses, snippets, links and timeline entries. */
export function treeChildCount(bug: Bug): number {
  return bug.hypotheses.length + bug.snippets.length + bug.links.length + bug.timeline.length;
}

/** A preview as stored: only the fields that are not always the same (a few hundred bytes). */
export interface StoredPreview {
  readonly id: string;
  readonly title: string;
  readonly status: Bug['status'];
  readonly level: Bug['level'];
  readonly created: string;
  readonly sessions: Bug['sessions'];
  readonly timebox?: Bug['timebox'];
  readonly children: number;
}

/** What the index stores of a bug for its preview. */
export function toStoredPreview(bug: Bug): StoredPreview {
  const { id, title, status, level, created } = bug;
  // The box of the current level, from `timeboxes` or an older file's `timebox`, in the older form.
  const minutes = ownTimebox(bug, level);
  const timebox = minutes === undefined ? undefined : { level, minutes };
  // The row's time at this level and its timebox come from these sessions only.
  const sessions = bug.sessions.filter((session) => session.level === level);
  const children = treeChildCount(bug);
  return timebox ? { id, title, status, level, created, sessions, timebox, children } : { id, title, status, level, created, sessions, children };
}

/** The preview a stored one stands for; undefined when it does not have a preview's shape. */
export function fromStoredPreview(stored: unknown): BugPreview | undefined {
  if (!isStoredPreview(stored)) return undefined;
  // Field by field rather than spread and rest: a first paint builds thousands of these.
  const bug: Bug = {
    schema: SCHEMA_V1,
    id: stored.id as Bug['id'],
    title: stored.title,
    status: stored.status,
    level: stored.level,
    created: stored.created as Bug['created'],
    tags: [],
    levels: [],
    sessions: stored.sessions,
    ...(stored.timebox ? { timebox: stored.timebox } : {}),
    hypotheses: [],
    snippets: [],
    links: [],
    timeline: [],
  };
  return { bug, children: stored.children };
}

/**
 * Only the shape is checked, as for the index's entries: the index is this code's own cache in
 * storage only this user can write.
 */
function isStoredPreview(value: unknown): value is StoredPreview {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.title === 'string' &&
    typeof v.status === 'string' &&
    typeof v.level === 'number' &&
    typeof v.created === 'string' &&
    Array.isArray(v.sessions) &&
    typeof v.children === 'number'
  );
}

/** The most recently created hypothesis (the tooltip shows it); the last one listed on a tie. */
export function latestHypothesis(hypotheses: readonly Hypothesis[]): Hypothesis | undefined {
  let latest: Hypothesis | undefined;
  for (const hypothesis of hypotheses) if (!latest || hypothesis.created >= latest.created) latest = hypothesis;
  return latest;
}
