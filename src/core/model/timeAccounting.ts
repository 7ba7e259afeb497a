import type { Bug, Level, RunningSession, Session, Timestamp } from './types';
import { toMillis } from './time';

/** Seconds worked per level. */
export type SecondsByLevel = Record<Level, number>;

export const NO_TIME: SecondsByLevel = Object.freeze({ 1: 0, 2: 0, 3: 0 });

/**
 * Seconds actually worked on a bug, per level: the union of its sessions at each level (two
 * overlapping sessions, as two windows may record, count once), plus the running session if it
 * belongs to this bug. A session without an end counts up to `now`; one that ends before it
 * starts counts nothing.
 */
export function secondsByLevel(bug: Bug, now: Timestamp, running?: RunningSession): SecondsByLevel {
  const sessions: Session[] = [...bug.sessions];
  if (running && running.bugId === bug.id) sessions.push({ level: running.level, start: running.start });
  const nowMs = toMillis(now);
  const result: SecondsByLevel = { 1: 0, 2: 0, 3: 0 };
  for (const level of [1, 2, 3] as const) {
    const intervals = sessions
      .filter((s) => s.level === level)
      .map((s) => [toMillis(s.start), Math.min(s.end === undefined ? nowMs : toMillis(s.end), Math.max(nowMs, toMillis(s.start)))] as const)
      .filter(([start, end]) => Number.isFinite(start) && Number.isFinite(end) && end > start)
      .sort((a, b) => a[0] - b[0]);
    result[level] = Math.round(unionLength(intervals) / 1000);
  }
  return result;
}

function unionLength(sorted: ReadonlyArray<readonly [number, number]>): number {
  let total = 0;
  let coveredUntil = -Infinity;
  for (const [start, end] of sorted) {
    const from = Math.max(start, coveredUntil);
    if (end > from) total += end - from;
    coveredUntil = Math.max(coveredUntil, end);
  }
  return total;
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
