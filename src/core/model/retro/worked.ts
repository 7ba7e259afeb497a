/**
 * The work a retro counts: a bug's sessions (and the running one) clipped to the retro's range.
 * The summary's numbers come from these through timeAccounting, the same sums the tree shows.
 */
import type { Bug, Level, RunningSession, Timestamp } from '../types';
import { countedSessions, type SecondsByLevel, secondsByLevel } from '../timeAccounting';
import { toMillis, toTimestamp } from '../time';

/** A session cut to the range, with both ends known. */
export interface WorkedSession {
  readonly level: Level;
  readonly start: Timestamp;
  readonly end: Timestamp;
  readonly startMs: number;
  readonly endMs: number;
  /** The session running now (its end is the retro's `now`, or the range's end). */
  readonly running: boolean;
}

/**
 * The bug's sessions inside [fromMs, toMs), in start order. The running session lasts until now;
 * a session in the file without an end is not counted (timeAccounting.ts countedSessions, issue
 * 13); nothing counts past now (a clock set ahead adds no time).
 */
export function workedSessions(bug: Bug, running: RunningSession | undefined, fromMs: number, toMs: number, nowMs: number): WorkedSession[] {
  const raw = countedSessions(bug.sessions).map((s) => ({ level: s.level, start: toMillis(s.start), end: toMillis(s.end), running: false }));
  if (running && running.bugId === bug.id) raw.push({ level: running.level, start: toMillis(running.start), end: nowMs, running: true });
  const out: WorkedSession[] = [];
  for (const s of raw) {
    // Whole seconds, as the file format writes them, so these ends and the sums agree.
    const startMs = wholeSecond(Math.max(s.start, fromMs));
    const endMs = wholeSecond(Math.min(s.end, toMs, nowMs));
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || !(endMs > startMs)) continue;
    out.push({ level: s.level, start: toTimestamp(startMs), end: toTimestamp(endMs), startMs, endMs, running: s.running });
  }
  return out.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}

/** Seconds per level of clipped sessions: overlapping sessions at one level count once. */
export function workedSecondsByLevel(bug: Bug, sessions: readonly WorkedSession[], now: Timestamp): SecondsByLevel {
  return secondsByLevel({ ...bug, sessions: sessions.map((s) => ({ level: s.level, start: s.start, end: s.end })) }, now);
}

function wholeSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
