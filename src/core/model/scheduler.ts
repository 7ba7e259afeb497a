import type { Bug, BugId, Journal, Level, RunningSession, Timestamp } from './types';
import { secondsAtCurrentLevel } from './timeAccounting';
import { formatDuration, toMillis } from './time';

export interface SchedulerOptions {
  /** The running session, so the active bug's unsaved time counts. */
  readonly running?: RunningSession;
  /** Bugs not to suggest (the one you are leaving). */
  readonly exclude?: readonly BugId[];
}

export interface Pick {
  readonly bug: Bug;
  /** Human reason, for example "2 bugs are still at level 1; 'X' has had 0 min at level 1". */
  readonly reason: string;
  /** Seconds the pick has had at its current level. */
  readonly secondsAtLevel: number;
}

/**
 * The breadth-first pick: among open bugs, the lowest level first; then the least time spent
 * at that level; then the longest untouched. Ties keep the journal's order. Parked and resolved
 * bugs are never picked. Undefined when no open bug is left.
 */
export function next(journal: Journal, now: Timestamp, options: SchedulerOptions = {}): Pick | undefined {
  const excluded = new Set<string>(options.exclude ?? []);
  const open = journal.bugs.filter((bug) => bug.status === 'open');
  const candidates = open
    .filter((bug) => !excluded.has(bug.id))
    .map((bug, order) => ({
      bug,
      order,
      seconds: secondsAtCurrentLevel(bug, now, options.running),
      touched: lastTouched(bug, options.running),
    }));
  candidates.sort((a, b) => a.bug.level - b.bug.level || a.seconds - b.seconds || a.touched - b.touched || a.order - b.order);
  const best = candidates[0];
  if (!best) return undefined;
  return { bug: best.bug, secondsAtLevel: best.seconds, reason: reasonFor(best.bug, best.seconds, open) };
}

function reasonFor(pick: Bug, seconds: number, open: readonly Bug[]): string {
  const level: Level = pick.level;
  const spent = `has had ${formatDuration(seconds)} at level ${level}`;
  const atLevel = open.filter((bug) => bug.level === level).length;
  const deeper = open.filter((bug) => bug.level > level).length;
  if (atLevel > 1) return `${atLevel} bugs are still at level ${level}; '${pick.title}' ${spent}.`;
  if (deeper > 0) return `'${pick.title}' is the only open bug still at level ${level} (${deeper} deeper); it ${spent}.`;
  return `'${pick.title}' is the only open bug; it ${spent}.`;
}

/** The latest moment anything was recorded on the bug: the scheduler's "untouched since". */
export function lastTouched(bug: Bug, running?: RunningSession): number {
  const stamps: string[] = [bug.created];
  for (const change of bug.levels) stamps.push(change.at);
  for (const session of bug.sessions) stamps.push(session.end ?? session.start);
  for (const hypothesis of bug.hypotheses) stamps.push(hypothesis.resolved ?? hypothesis.created);
  for (const snippet of bug.snippets) stamps.push(snippet.captured);
  for (const event of bug.timeline) stamps.push(event.at);
  if (running && running.bugId === bug.id) stamps.push(running.start);
  return Math.max(...stamps.map(toMillis).filter(Number.isFinite));
}

/**
 * When promoting `bug` to `toLevel` while other open bugs sit at a lower level: those bugs, for
 * the "go breadth-first" nudge. Empty when the promotion is breadth-first.
 */
export function bugsLeftBehind(journal: Journal, bug: Bug, toLevel: Level): Bug[] {
  return journal.bugs.filter((other) => other.id !== bug.id && other.status === 'open' && other.level < toLevel && other.level <= bug.level);
}
