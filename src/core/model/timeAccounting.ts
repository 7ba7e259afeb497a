import type { Bug, Level, RunningSession, Session, Timestamp } from './types';
import { toMillis } from './time';

/** Seconds worked per level. */
export type SecondsByLevel = Record<Level, number>;

export const NO_TIME: SecondsByLevel = Object.freeze({ 1: 0, 2: 0, 3: 0 });

/**
 * Seconds actually worked on a bug, per level: its closed sessions, plus the running session if
 * it belongs to this bug (the host keeps it, and it counts up to `now`). A session in the file
 * without an end is not counted at all (the validator warns: only the host's running session is
 * open, and counting a written one up to now grows without bound). Time covered by two sessions
 * (two windows on one journal each record their own) counts once, at the level of the session
 * that started first; a session that ends before it starts counts nothing, and nothing counts
 * past `now`.
 */
export function secondsByLevel(bug: Bug, now: Timestamp, running?: RunningSession): SecondsByLevel {
  const closed = closedIntervalsOf(bug.sessions);
  const nowMs = toMillis(now);
  if (running && running.bugId === bug.id) {
    const runningInterval = { level: running.level, start: toMillis(running.start), end: nowMs };
    const all = Number.isFinite(runningInterval.start) ? [...closed.intervals, runningInterval].sort((a, b) => a.start - b.start) : closed.intervals;
    return countOnce(all, nowMs);
  }
  // Once `now` is past every session's end, the answer no longer depends on it: count once.
  if (nowMs >= closed.latestEnd) return (closed.settled ??= Object.freeze(countOnce(closed.intervals, Infinity)));
  return countOnce(closed.intervals, nowMs);
}

interface Interval {
  readonly level: Level;
  readonly start: number;
  readonly end: number;
}

/** A bug's closed sessions parsed into intervals sorted by start, and the latest end among them. */
interface ClosedIntervals {
  readonly intervals: readonly Interval[];
  readonly latestEnd: number;
  /** The seconds per level once `now` is past latestEnd (filled on first use). */
  settled?: SecondsByLevel;
}

/**
 * Parsed once per sessions array: the scheduler asks for every open bug's time on each status
 * bar update, and parsing every timestamp of 10,000 bugs each time blocked the extension host for
 * ~80 ms. The model is immutable (an edit makes a new array), so the array is a safe key.
 */
const closedIntervalsCache = new WeakMap<readonly Session[], ClosedIntervals>();

function closedIntervalsOf(sessions: readonly Session[]): ClosedIntervals {
  let closed = closedIntervalsCache.get(sessions);
  if (!closed) {
    const intervals = countedSessions(sessions)
      .map((s) => ({ level: s.level, start: toMillis(s.start), end: toMillis(s.end) }))
      .filter(({ start, end }) => Number.isFinite(start) && Number.isFinite(end) && end > start)
      .sort((a, b) => a.start - b.start);
    closed = { intervals, latestEnd: Math.max(-Infinity, ...intervals.map((i) => i.end)) };
    closedIntervalsCache.set(sessions, closed);
  }
  return closed;
}

/** Milliseconds per level of intervals sorted by start, each cut at `nowMs`, overlaps counted once. */
function countOnce(intervals: readonly Interval[], nowMs: number): SecondsByLevel {
  const ms: SecondsByLevel = { 1: 0, 2: 0, 3: 0 };
  let coveredUntil = -Infinity;
  for (const { level, start, end: recordedEnd } of intervals) {
    const end = Math.min(recordedEnd, Math.max(nowMs, start));
    const from = Math.max(start, coveredUntil);
    if (end > from) ms[level] += end - from;
    coveredUntil = Math.max(coveredUntil, end);
  }
  return { 1: Math.round(ms[1] / 1000), 2: Math.round(ms[2] / 1000), 3: Math.round(ms[3] / 1000) };
}

/** The sessions of a file that count: those with an end (see secondsByLevel). */
export function countedSessions(sessions: readonly Session[]): Array<Session & { readonly end: Timestamp }> {
  return sessions.filter((s): s is Session & { readonly end: Timestamp } => s.end !== undefined);
}

/** Seconds at the bug's current level. */
export function secondsAtCurrentLevel(bug: Bug, now: Timestamp, running?: RunningSession): number {
  return secondsByLevel(bug, now, running)[bug.level];
}

/** Sum of the three levels. */
export function totalSeconds(byLevel: SecondsByLevel): number {
  return byLevel[1] + byLevel[2] + byLevel[3];
}

/** Per-level sums over many bugs. */
export function addSeconds(a: SecondsByLevel, b: SecondsByLevel): SecondsByLevel {
  return { 1: a[1] + b[1], 2: a[2] + b[2], 3: a[3] + b[3] };
}
