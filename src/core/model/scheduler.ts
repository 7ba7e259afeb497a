import type { Bug, BugId, Journal, Level, RunningSession, Timestamp } from './types';
import { secondsAtCurrentLevel } from './timeAccounting';
import { DEFAULT_TIMEBOX_MINUTES, timeboxMinutes, type TimeboxDefaults } from './timebox';
import { formatDuration, toMillis } from './time';

export interface SchedulerOptions {
  /** The running session, so the active bug's unsaved time counts. */
  readonly running?: RunningSession;
  /** Bugs not to suggest (the one you are leaving). */
  readonly exclude?: readonly BugId[];
  /**
   * Minutes per level for bugs without a timebox of their own (settings; per bug where journals
   * of several workspace folders have settings of their own); 30, 60, 120 when absent.
   */
  readonly timeboxDefaults?: TimeboxDefaults | ((bug: Bug) => TimeboxDefaults);
  /**
   * Only bugs that still have time in their timebox, whatever their level (the timebox nudge's
   * Switch, which must not send you to a bug that is itself past its box): undefined when none has.
   */
  readonly withinBoxOnly?: boolean;
}

export interface Pick {
  readonly bug: Bug;
  /** Human reason, for example "'A' is 40 min past its 30-min level-1 timebox; 'B' has 20 min left of its 30-min level-1 timebox." */
  readonly reason: string;
  /** Seconds the pick has had at its current level. */
  readonly secondsAtLevel: number;
  /** The pick's timebox at its current level, in minutes (its own, else the default). */
  readonly timeboxMinutes: number;
  /** Seconds left in that timebox; zero or negative when past it. */
  readonly secondsLeft: number;
  /** The pick still has time in its timebox at its level. */
  readonly withinBox: boolean;
  /** No bug the scheduler could pick has time left in its timebox (the pick included). */
  readonly everyBugPastBox: boolean;
}

interface Candidate {
  readonly bug: Bug;
  readonly order: number;
  readonly seconds: number;
  readonly box: number;
  readonly left: number;
  readonly touched: number;
}

/**
 * The breadth-first pick, among open bugs (parked and resolved ones are never picked):
 * 1. the lowest level first: a bug at level 1 before any at level 2, however much time it has had;
 * 2. within a level, a bug that still has time in its timebox before one past its box;
 * 3. then the least time worked at that level;
 * 4. then the longest untouched;
 * 5. then the journal's order.
 * Undefined when no open bug is left (or, with `withinBoxOnly`, none has time left).
 */
export function next(journal: Journal, now: Timestamp, options: SchedulerOptions = {}): Pick | undefined {
  const given = options.timeboxDefaults ?? DEFAULT_TIMEBOX_MINUTES;
  const defaultsOf = typeof given === 'function' ? given : () => given;
  const excluded = new Set<string>(options.exclude ?? []);
  const open = journal.bugs.filter((bug) => bug.status === 'open');
  const all: Candidate[] = open
    .filter((bug) => !excluded.has(bug.id))
    .map((bug, order) => {
      const seconds = secondsAtCurrentLevel(bug, now, options.running);
      const box = timeboxMinutes(bug, bug.level, defaultsOf(bug));
      return { bug, order, seconds, box, left: box * 60 - seconds, touched: lastTouched(bug, options.running) };
    });
  const candidates = options.withinBoxOnly ? all.filter(hasTime) : all;
  candidates.sort(
    (a, b) => a.bug.level - b.bug.level || Number(hasTime(b)) - Number(hasTime(a)) || a.seconds - b.seconds || a.touched - b.touched || a.order - b.order,
  );
  const best = candidates[0];
  if (!best) return undefined;
  const everyBugPastBox = !all.some(hasTime);
  return {
    bug: best.bug,
    secondsAtLevel: best.seconds,
    timeboxMinutes: best.box,
    secondsLeft: best.left,
    withinBox: hasTime(best),
    everyBugPastBox,
    reason: reasonFor(best, candidates, all, open, excluded.size > 0 && open.some((bug) => excluded.has(bug.id))),
  };
}

function hasTime(candidate: Candidate): boolean {
  return candidate.left > 0;
}

/** `'A' is 40 min past its 30-min level-1 timebox`, or `'A' has used up its ...` under a minute past. */
function pastText(c: Candidate): string {
  const box = `its ${c.box}-min level-${c.bug.level} timebox`;
  return -c.left < 60 ? `'${c.bug.title}' has used up ${box}` : `'${c.bug.title}' is ${formatDuration(-c.left)} past ${box}`;
}

/** `'B' has 20 min left of its 30-min level-1 timebox` */
function leftText(c: Candidate): string {
  return `'${c.bug.title}' has ${formatDuration(c.left)} left of its ${c.box}-min level-${c.bug.level} timebox`;
}

const STUCK = 'Park one, ask for help, or take a fresh look.';

/**
 * The reason in words. `sorted`: the bugs the pick was chosen from, best first; `all`: every open
 * bug not excluded; `open`: every open bug; `someExcluded`: an open bug was left out (the one you leave).
 */
function reasonFor(pick: Candidate, sorted: readonly Candidate[], all: readonly Candidate[], open: readonly Bug[], someExcluded: boolean): string {
  const level: Level = pick.bug.level;
  const title = `'${pick.bug.title}'`;
  const spent = `has had ${formatDuration(pick.seconds)} at level ${level}`;
  if (hasTime(pick)) {
    const tail = `${formatDuration(pick.left)} left of its ${pick.box}-min timebox`;
    const sameLevelPast = mostPast(all.filter((c) => c !== pick && c.bug.level === level && !hasTime(c)));
    if (sameLevelPast.length) return `${pastText(sameLevelPast[0] as Candidate)}${more(sameLevelPast.length - 1, `at level ${level}`)}; ${leftText(pick)}.`;
    const lowerPast = mostPast(all.filter((c) => c.bug.level < level));
    if (lowerPast.length) {
      const named = lowerPast.map((c) => `'${c.bug.title}' by ${formatDuration(-c.left)}`).join(', ');
      return `${leftText(pick)}; every bug below level ${level} is past its timebox (${named}).`;
    }
    const atLevel = open.filter((bug) => bug.level === level).length;
    const deeper = open.filter((bug) => bug.level > level).length;
    if (atLevel > 1) return `${atLevel} bugs are still at level ${level}; ${title} ${spent}, ${tail}.`;
    if (deeper > 0) return `${title} is the only open bug still at level ${level} (${deeper} deeper); it ${spent}, ${tail}.`;
    return `${title} is the only open bug; it ${spent}, ${tail}.`;
  }
  if (!all.some(hasTime)) {
    if (all.length === 1) {
      return someExcluded
        ? `The only other open bug is past its timebox too: ${pastText(pick)}. ${STUCK}`
        : `${pastText(pick)}, and it is the only open bug. Park it, ask for help, or take a fresh look.`;
    }
    const who = `All ${all.length} ${someExcluded ? 'other ' : ''}open bugs are past their timeboxes`;
    return `${who}; ${pastText(pick)} and comes first (lowest level, then least time at it). ${STUCK}`;
  }
  // Past its box, but at a lower level than every bug that still has time: lower levels come first.
  const withTime = sorted.find(hasTime) as Candidate;
  return (
    `${pastText(pick)}, but lower levels come first: it is still at level ${level}, ` +
    `while '${withTime.bug.title}' (level ${withTime.bug.level}) has ${formatDuration(withTime.left)} left. ` +
    'If it is stuck: park it, ask for help, or take a fresh look.'
  );
}

/** Bugs past their box, the furthest past first (then the journal's order). */
function mostPast(candidates: readonly Candidate[]): Candidate[] {
  return candidates.filter((c) => !hasTime(c)).sort((a, b) => a.left - b.left || a.order - b.order);
}

function more(count: number, where: string): string {
  return count === 0
    ? ''
    : `, and ${count} more ${count === 1 ? 'bug' : 'bugs'} ${where} ${count === 1 ? 'is' : 'are'} past ${count === 1 ? 'its box' : 'their boxes'}`;
}

/** The latest moment anything was recorded on the bug: the scheduler's "untouched since". */
export function lastTouched(bug: Bug, running?: RunningSession): number {
  const recorded = lastRecorded(bug);
  const runningStart = running && running.bugId === bug.id ? toMillis(running.start) : NaN;
  return Number.isFinite(runningStart) ? Math.max(recorded, runningStart) : recorded;
}

/** Per bug object (the model is immutable): each pick would otherwise parse every timestamp again. */
const lastRecordedCache = new WeakMap<Bug, number>();

function lastRecorded(bug: Bug): number {
  let latest = lastRecordedCache.get(bug);
  if (latest === undefined) {
    const stamps: string[] = [bug.created];
    for (const change of bug.levels) stamps.push(change.at);
    for (const session of bug.sessions) stamps.push(session.end ?? session.start);
    for (const hypothesis of bug.hypotheses) stamps.push(hypothesis.resolved ?? hypothesis.created);
    for (const snippet of bug.snippets) stamps.push(snippet.captured);
    for (const event of bug.timeline) stamps.push(event.at);
    latest = Math.max(...stamps.map(toMillis).filter(Number.isFinite));
    lastRecordedCache.set(bug, latest);
  }
  return latest;
}

/**
 * When promoting `bug` to `toLevel` while other open bugs sit at a lower level: those bugs, for
 * the "go breadth-first" nudge. Empty when the promotion is breadth-first.
 */
export function bugsLeftBehind(journal: Journal, bug: Bug, toLevel: Level): Bug[] {
  return journal.bugs.filter((other) => other.id !== bug.id && other.status === 'open' && other.level < toLevel && other.level <= bug.level);
}
