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
  /** Who worked: an agent's name; undefined for the person (issue 18). */
  readonly by?: string;
}

/**
 * The bug's sessions inside [fromMs, toMs), in start order. The running session lasts until now;
 * a session in the file without an end is not counted (timeAccounting.ts countedSessions, issue
 * 13); nothing counts past now (a clock set ahead adds no time).
 */
export function workedSessions(bug: Bug, running: RunningSession | undefined, fromMs: number, toMs: number, nowMs: number): WorkedSession[] {
  const raw: Array<{ level: Level; start: number; end: number; running: boolean; by?: string }> = countedSessions(bug.sessions).map((s) => ({
    level: s.level,
    start: toMillis(s.start),
    end: toMillis(s.end),
    running: false,
    ...(agentOf(s.by) === undefined ? {} : { by: agentOf(s.by) }),
  }));
  // The running session is VS Code's: the person's.
  if (running && running.bugId === bug.id) raw.push({ level: running.level, start: toMillis(running.start), end: nowMs, running: true });
  const out: WorkedSession[] = [];
  for (const s of raw) {
    // Whole seconds, as the file format writes them, so these ends and the sums agree.
    const startMs = wholeSecond(Math.max(s.start, fromMs));
    const endMs = wholeSecond(Math.min(s.end, toMs, nowMs));
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || !(endMs > startMs)) continue;
    out.push({
      level: s.level,
      start: toTimestamp(startMs),
      end: toTimestamp(endMs),
      startMs,
      endMs,
      running: s.running,
      ...(s.by === undefined ? {} : { by: s.by }),
    });
  }
  return out.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}

/** Seconds per level of clipped sessions: overlapping sessions at one level count once. */
export function workedSecondsByLevel(bug: Bug, sessions: readonly WorkedSession[], now: Timestamp): SecondsByLevel {
  return secondsByLevel({ ...bug, sessions: sessions.map((s) => ({ level: s.level, start: s.start, end: s.end })) }, now);
}

/** A session's `by` as a name, or undefined for the person (no `by`, or an empty one). */
function agentOf(by: string | undefined): string | undefined {
  const name = by?.trim();
  return name ? name : undefined;
}

/**
 * Seconds worked by each agent, of sessions already clipped: time covered by two sessions counts
 * once, for whoever's session started first (as it counts once at that session's level), so the
 * person's time and every agent's add up to the bug's. Sorted by most time, then by name.
 */
export function agentSeconds(sessions: readonly WorkedSession[]): Array<{ readonly name: string; readonly seconds: number }> {
  const ms = new Map<string, number>();
  let coveredUntil = -Infinity;
  for (const s of [...sessions].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs)) {
    const from = Math.max(s.startMs, coveredUntil);
    if (s.by !== undefined && s.endMs > from) ms.set(s.by, (ms.get(s.by) ?? 0) + (s.endMs - from));
    coveredUntil = Math.max(coveredUntil, s.endMs);
  }
  return [...ms]
    .map(([name, total]) => ({ name, seconds: Math.round(total / 1000) }))
    .sort((a, b) => b.seconds - a.seconds || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function wholeSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
