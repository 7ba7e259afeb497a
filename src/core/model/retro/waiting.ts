/**
 * When a bug sat open, and at which level, at each moment: what the breadth-first score asks
 * of every other bug while one is being worked on.
 */
import type { Bug, Level, TimelineEvent } from '../types';
import { toMillis } from '../time';
import { countedSessions } from '../timeAccounting';
import { type Interval, intersect, union } from './intervals';

/** A bug's open stretches and level steps, computed once per retro. */
export interface BugHistory {
  /** When the bug was open (not parked, not resolved), as a union. */
  readonly open: readonly Interval[];
  /** Level from `from` on, in time order; the first step starts at -Infinity. */
  readonly steps: ReadonlyArray<{ readonly from: number; readonly level: Level }>;
}

// Files written before the `parked`, `resolved` and `reopened` timeline kinds recorded a status
// change as a note with these words (Park, Resolve and Reopen wrote them); they are still read.
const CLOSING_NOTE = /^(Parked\b|Resolved \()/;
const REOPENING_NOTE = /^Reopened\b/;

/**
 * The status change a timeline event records: `parked` and `resolved` close the bug, `reopened`
 * opens it again; in older files, a note "Parked…" or "Resolved (…)" closes and "Reopened…"
 * opens. Undefined for every other event.
 */
export function statusChange(event: TimelineEvent): 'closes' | 'opens' | undefined {
  switch (event.kind) {
    case 'parked':
    case 'resolved':
      return 'closes';
    case 'reopened':
      return 'opens';
    case 'note':
      return event.text === undefined ? undefined : CLOSING_NOTE.test(event.text) ? 'closes' : REOPENING_NOTE.test(event.text) ? 'opens' : undefined;
    default:
      return undefined;
  }
}

/**
 * Open from creation; closed at each status change that closes it (statusChange), open again at
 * each one that opens it. A bug that is parked or resolved now without such an event is taken as
 * closed from the end of its last session (or its last status change, or its creation, if later);
 * one that is open now though its last status change closed it is open again from that change.
 */
export function bugHistory(bug: Bug, nowMs: number): BugHistory {
  const created = toMillis(bug.created);
  const notes = bug.timeline
    .map((event) => ({ at: toMillis(event.at), change: statusChange(event) }))
    .filter((note) => note.change !== undefined && Number.isFinite(note.at))
    .map((note) => ({ at: note.at, opens: note.change === 'opens' }))
    .sort((a, b) => a.at - b.at);
  const open: Interval[] = [];
  let openSince: number | undefined = created;
  for (const note of notes) {
    if (note.opens && openSince === undefined) openSince = Math.max(note.at, created);
    else if (!note.opens && openSince !== undefined) {
      open.push([openSince, note.at]);
      openSince = undefined;
    }
  }
  if (openSince !== undefined) {
    const closedAt = bug.status === 'open' ? Infinity : Math.max(lastWorked(bug, nowMs), notes.at(-1)?.at ?? -Infinity, created);
    open.push([openSince, closedAt]);
  } else if (bug.status === 'open') {
    // Open now, though its last note closed it (reopened by hand): open again from that note.
    open.push([notes.at(-1)?.at ?? created, Infinity]);
  }
  return { open: union(open), steps: levelSteps(bug) };
}

/** When the bug was open at a level below `level`. */
export function openBelow(history: BugHistory, level: Level): Interval[] {
  return openWhere(history, (at) => at < level);
}

/** When the bug was open at exactly `level`. */
export function openAt(history: BugHistory, level: Level): Interval[] {
  return openWhere(history, (at) => at === level);
}

function openWhere(history: BugHistory, test: (level: Level) => boolean): Interval[] {
  const stretches: Interval[] = [];
  history.steps.forEach((step, index) => {
    if (test(step.level)) stretches.push([step.from, history.steps[index + 1]?.from ?? Infinity]);
  });
  return intersect(history.open, union(stretches));
}

/** The level history as steps; before its first entry the bug is at that entry's level. */
function levelSteps(bug: Bug): Array<{ from: number; level: Level }> {
  const entries = bug.levels
    .map((change) => ({ at: toMillis(change.at), level: change.level }))
    .filter((change) => Number.isFinite(change.at))
    .sort((a, b) => a.at - b.at);
  const first = entries[0];
  if (!first) return [{ from: -Infinity, level: bug.level }];
  return [{ from: -Infinity, level: first.level }, ...entries.slice(1).map((change) => ({ from: change.at, level: change.level }))];
}

function lastWorked(bug: Bug, nowMs: number): number {
  // A session in the file without an end is not counted (issue 13), so it is no work either;
  // nothing counts past now (as in worked.ts).
  const ends = countedSessions(bug.sessions).map((s) => Math.min(toMillis(s.end), nowMs));
  return Math.max(-Infinity, ...ends.filter(Number.isFinite));
}
