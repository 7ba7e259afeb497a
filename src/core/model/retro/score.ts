/**
 * Breadth-first or depth-first? The essay's lesson as numbers: how much of the time worked went
 * to a bug while another open bug still sat at a lower level, or went on past the bug's timebox
 * while another open bug still had time in its box, and the longest such stretch.
 */
import type { Bug, Level, Timestamp } from '../types';
import { LEVELS } from '../levels';
import { toTimestamp } from '../time';
import { DEFAULT_TIMEBOX_MINUTES, timeboxMinutes } from '../timebox';
import { type Interval, intersect, subtract, totalLength, union } from './intervals';
import { Coverage } from './coverage';
import type { RetroScope, ScopedBug } from './options';
import { bugHistory, type BugHistory, openAt, openBelow } from './waiting';
import { workedSessions } from './worked';

/** The longest run of depth-first work on one bug. */
export interface DepthFirstStreak {
  readonly bugId: string;
  readonly title: string;
  /** Time worked in the streak (pauses between sessions not counted). */
  readonly seconds: number;
  /** Of those, the time the bug was past its timebox at its level. */
  readonly pastTimeboxSeconds: number;
  readonly start: Timestamp;
  readonly end: Timestamp;
}

export interface BreadthFirstScore {
  /** Share of the time worked that was not depth-first, 0..1 (4 decimals); null with no time worked. */
  readonly score: number | null;
  readonly workedSeconds: number;
  /**
   * Time worked on a bug while another open bug sat at a lower level, or while the bug was past
   * its timebox at its level and another open bug at the same or a lower level still had time in
   * its box (each moment counted once).
   */
  readonly depthFirstSeconds: number;
  /** The part of depthFirstSeconds the timebox rule counts (some of it may also have had a bug waiting below). */
  readonly pastTimeboxSeconds: number;
  readonly longestDepthFirstStreak: DepthFirstStreak | null;
}

/** A bug's timebox at one level, and how the range's work at that level stood against it. */
export interface RetroTimebox {
  readonly level: Level;
  /** The box: the bug's own for that level, else the default. */
  readonly minutes: number;
  /** Time worked at that level in the range. */
  readonly seconds: number;
  /** Of those, the time worked after the box was used up (counting the bug's work at that level before the range too). */
  readonly pastSeconds: number;
}

type ByLevel<T> = Record<Level, T>;

interface Piece {
  readonly bug: Bug;
  readonly interval: Interval;
  readonly depthFirst: boolean;
  /** The bug was past its timebox at that level. */
  readonly pastBox: boolean;
  /** Depth-first by the timebox rule (past its box while another bug still had time). */
  readonly timesink: boolean;
}

/**
 * A moment of work on bug B at level L is depth-first when, at that moment,
 * - some other bug of the journals (parked ones only if the retro includes them) was open at a
 *   level below L, or
 * - B was past its timebox at L (its work at L, all of it up to that moment, had reached the box)
 *   and some other open bug at L or below still had time in its box at its own level.
 * The score is the share of worked time that was not depth-first. The boxes are the bugs' boxes
 * as they are now (a file does not record when a box was changed).
 */
export function breadthFirstScore(scope: RetroScope): BreadthFirstScore {
  // Per bug, computed once: every listed bug asks them of all the others.
  const histories = new Map<Bug, BugHistory>(scope.context.map((scoped) => [scoped.bug, bugHistory(scoped.bug, scope.nowMs)]));
  const clocks = new Map<Bug, TimeboxClock>(scope.context.map((scoped) => [scoped.bug, timeboxClock(scoped.bug, scope)]));
  const below = new Map<Bug, ByLevel<Interval[]>>();
  const withTime = new Map<Bug, ByLevel<Interval[]>>();
  for (const { bug } of scope.context) {
    const history = histories.get(bug) as BugHistory;
    below.set(bug, { 1: openBelow(history, 1), 2: openBelow(history, 2), 3: openBelow(history, 3) });
    withTime.set(bug, hasTimeAtOrBelow(history, clocks.get(bug) as TimeboxClock));
  }
  const coverage = (of: ReadonlyMap<Bug, ByLevel<Interval[]>>): ByLevel<Coverage> => {
    const at = (level: Level): Coverage => new Coverage([...of.values()].map((byLevel) => byLevel[level]));
    return { 1: at(1), 2: at(2), 3: at(3) };
  };
  const waitingBelow = coverage(below);
  const waitingWithTime = coverage(withTime);
  const pieces = scope.bugs.flatMap((scoped) => {
    const own = { below: below.get(scoped.bug), withTime: withTime.get(scoped.bug), clock: clocks.get(scoped.bug) as TimeboxClock };
    return piecesOf(scoped, own, waitingBelow, waitingWithTime);
  });
  const workedMs = totalLength(pieces.map((piece) => piece.interval));
  const depthFirstMs = totalLength(pieces.filter((piece) => piece.depthFirst).map((piece) => piece.interval));
  const sinkMs = totalLength(pieces.filter((piece) => piece.timesink).map((piece) => piece.interval));
  return {
    score: workedMs > 0 ? Math.round(((workedMs - depthFirstMs) / workedMs) * 10_000) / 10_000 : null,
    workedSeconds: Math.round(workedMs / 1000),
    depthFirstSeconds: Math.round(depthFirstMs / 1000),
    pastTimeboxSeconds: Math.round(sinkMs / 1000),
    longestDepthFirstStreak: longestStreak(pieces),
  };
}

/** The pieces of one bug's work: depth-first or not, past its box or not, counted by the timebox rule or not. */
function piecesOf(
  scoped: ScopedBug,
  own: { below: ByLevel<Interval[]> | undefined; withTime: ByLevel<Interval[]> | undefined; clock: TimeboxClock },
  waitingBelow: ByLevel<Coverage>,
  waitingWithTime: ByLevel<Coverage>,
): Piece[] {
  const pieces: Piece[] = [];
  for (const level of LEVELS) {
    const worked = union(scoped.sessions.filter((s) => s.level === level).map((s): Interval => [s.startMs, s.endMs]));
    if (worked.length === 0) continue;
    // Another bug sat open below this level.
    const deeper = waitingBelow[level].coveredByOthers(worked, own.below?.[level] ?? []);
    // Past this bug's box, while another bug at this level or below still had time in its box.
    const past = intersect(worked, [[own.clock.overAt[level], Infinity]]);
    const sink = waitingWithTime[level].coveredByOthers(past, own.withTime?.[level] ?? []);
    const depthFirst = union([...deeper, ...sink]);
    const add = (intervals: readonly Interval[], flags: Omit<Piece, 'bug' | 'interval'>): void => {
      for (const interval of intervals) pieces.push({ bug: scoped.bug, interval, ...flags });
    };
    add(sink, { depthFirst: true, pastBox: true, timesink: true });
    add(intersect(subtract(depthFirst, sink), past), { depthFirst: true, pastBox: true, timesink: false });
    add(subtract(depthFirst, past), { depthFirst: true, pastBox: false, timesink: false });
    add(intersect(subtract(worked, depthFirst), past), { depthFirst: false, pastBox: true, timesink: false });
    add(subtract(subtract(worked, depthFirst), past), { depthFirst: false, pastBox: false, timesink: false });
  }
  return pieces;
}

/** A bug's timeboxes and the moment each was used up. */
export interface TimeboxClock {
  readonly minutes: ByLevel<number>;
  /**
   * When the bug's work at each level (all its sessions, not only the range's, and the running
   * one) reached the box: from then on it is past its box at that level. Infinity when it never did.
   */
  readonly overAt: ByLevel<number>;
}

export function timeboxClock(bug: Bug, scope: RetroScope): TimeboxClock {
  const given = scope.options.timeboxDefaults ?? DEFAULT_TIMEBOX_MINUTES;
  const defaults = typeof given === 'function' ? given(bug) : given;
  const sessions = workedSessions(bug, scope.options.running, -Infinity, scope.nowMs, scope.nowMs);
  const minutes = { 1: 0, 2: 0, 3: 0 };
  const overAt = { 1: Infinity, 2: Infinity, 3: Infinity };
  for (const level of LEVELS) {
    minutes[level] = timeboxMinutes(bug, level, defaults);
    let left = minutes[level] * 60_000;
    for (const [start, end] of union(sessions.filter((s) => s.level === level).map((s): Interval => [s.startMs, s.endMs]))) {
      if (end - start >= left) {
        overAt[level] = start + left;
        break;
      }
      left -= end - start;
    }
  }
  return { minutes, overAt };
}

/**
 * When the bug was open with time left in its box, at each level L or below: for L, the union
 * over the levels M ≤ L of the stretches it sat open at M before its box at M was used up.
 */
function hasTimeAtOrBelow(history: BugHistory, clock: TimeboxClock): ByLevel<Interval[]> {
  const at = LEVELS.map((level) => intersect(openAt(history, level), [[-Infinity, clock.overAt[level]]]));
  return { 1: union(at.slice(0, 1).flat()), 2: union(at.slice(0, 2).flat()), 3: union(at.flat()) };
}

/** The bug's timebox at each level it was worked at in the range, and the time worked past it. */
export function retroTimeboxes(scoped: ScopedBug, scope: RetroScope): RetroTimebox[] {
  const clock = timeboxClock(scoped.bug, scope);
  const out: RetroTimebox[] = [];
  for (const level of LEVELS) {
    const worked = union(scoped.sessions.filter((s) => s.level === level).map((s): Interval => [s.startMs, s.endMs]));
    if (worked.length === 0) continue;
    const past = intersect(worked, [[clock.overAt[level], Infinity]]);
    out.push({ level, minutes: clock.minutes[level], seconds: Math.round(totalLength(worked) / 1000), pastSeconds: Math.round(totalLength(past) / 1000) });
  }
  return out;
}

/**
 * Pieces in time order; a streak grows while depth-first pieces of the same bug follow each
 * other, and ends at a breadth-first piece or at work on another bug.
 */
function longestStreak(pieces: readonly Piece[]): DepthFirstStreak | null {
  const ordered = [...pieces].sort((a, b) => a.interval[0] - b.interval[0] || a.interval[1] - b.interval[1]);
  let best: { bug: Bug; ms: number; pastMs: number; start: number; end: number } | undefined;
  let current: typeof best;
  for (const piece of ordered) {
    const [start, end] = piece.interval;
    const pastMs = piece.pastBox ? end - start : 0;
    if (!piece.depthFirst) current = undefined;
    else if (current && current.bug === piece.bug)
      current = { ...current, ms: current.ms + end - start, pastMs: current.pastMs + pastMs, end: Math.max(current.end, end) };
    else current = { bug: piece.bug, ms: end - start, pastMs, start, end };
    if (current && (!best || current.ms > best.ms)) best = current;
  }
  return best
    ? {
        bugId: best.bug.id,
        title: best.bug.title,
        seconds: Math.round(best.ms / 1000),
        pastTimeboxSeconds: Math.round(best.pastMs / 1000),
        start: toTimestamp(best.start),
        end: toTimestamp(best.end),
      }
    : null;
}
