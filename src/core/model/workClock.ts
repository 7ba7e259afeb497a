/**
 * Honest time: the arithmetic that decides how much of a running session is work. Pure, with
 * the clock passed in, so the host only feeds it events (activity, timer ticks, reloads).
 *
 * - Idle: when nothing happened (no editing, terminal or debug activity) for longer than the
 *   idle limit, the session is taken to have ended at the last activity; the idle stretch is
 *   left out, and a new session starts at the next activity.
 * - Clock gaps: the host ticks every few seconds; when two ticks are much further apart than
 *   that, the machine slept or was suspended. The session ends at the earlier tick and the gap
 *   is never counted, however short the idle limit is.
 */
import type { RunningSession, Session, Timestamp } from './types';
import { toMillis } from './time';

/** The running session as the host keeps it: when the user was last seen doing something. */
export interface TrackedSession extends RunningSession {
  readonly lastActivity: Timestamp;
}

/** What an event did to the running session. */
export interface ClockStep {
  /** The session that goes on (restarted after a closed one), or undefined if none runs. */
  readonly running: TrackedSession | undefined;
  /** A finished stretch of work to append to the bug's `sessions`. */
  readonly closed?: Session;
  /** Seconds that were not counted (idle or a clock gap), to tell the user. */
  readonly leftOutSeconds?: number;
  readonly leftOutBecause?: 'idle' | 'clock-gap';
}

export function startTracking(running: RunningSession): TrackedSession {
  return { ...running, lastActivity: running.start };
}

/** The user did something at `now`. */
export function recordActivity(session: TrackedSession, now: Timestamp, idleLimitSeconds: number): ClockStep {
  const idleSeconds = secondsBetween(session.lastActivity, now);
  if (idleSeconds <= idleLimitSeconds) return { running: { ...session, lastActivity: later(session.lastActivity, now) } };
  return {
    running: { bugId: session.bugId, level: session.level, start: now, lastActivity: now },
    ...closedAt(session, session.lastActivity),
    leftOutSeconds: idleSeconds,
    leftOutBecause: 'idle',
  };
}

/**
 * A timer tick at `now`; the previous one was at `previousTick`. A gap longer than
 * `maxTickGapSeconds` means the clock jumped (sleep, lock, suspend): the session ends at the
 * previous tick (or its last activity, if that is earlier) and starts again at `now`.
 */
export function recordTick(session: TrackedSession, previousTick: Timestamp, now: Timestamp, maxTickGapSeconds: number, idleLimitSeconds: number): ClockStep {
  const gap = secondsBetween(previousTick, now);
  if (gap > maxTickGapSeconds) {
    const end = workEnd(session, previousTick, idleLimitSeconds);
    return {
      running: { bugId: session.bugId, level: session.level, start: now, lastActivity: now },
      ...closedAt(session, end),
      leftOutSeconds: secondsBetween(end, now),
      leftOutBecause: 'clock-gap',
    };
  }
  if (secondsBetween(session.lastActivity, now) > idleLimitSeconds) {
    // Idle for longer than the limit: close now, at the last activity, rather than at the next event.
    return {
      running: undefined,
      ...closedAt(session, session.lastActivity),
      leftOutSeconds: secondsBetween(session.lastActivity, now),
      leftOutBecause: 'idle',
    };
  }
  return { running: session };
}

/**
 * Stops the session at `now` (Stop Working, a switch, a level change, window close): the end is
 * `now`, unless the user had been idle longer than the limit, then the last activity.
 */
export function stopTracking(session: TrackedSession, now: Timestamp, idleLimitSeconds: number): ClockStep {
  const end = workEnd(session, now, idleLimitSeconds);
  const leftOut = secondsBetween(end, now);
  return { running: undefined, ...closedAt(session, end), ...(leftOut > 0 ? { leftOutSeconds: leftOut, leftOutBecause: 'idle' as const } : {}) };
}

/**
 * After a reload or restart: the saved session goes on if its last activity is within the idle
 * limit (so a reload mid-session loses nothing), else it is closed at its last activity.
 */
export function resumeAfterReload(saved: TrackedSession, now: Timestamp, idleLimitSeconds: number): ClockStep {
  if (secondsBetween(saved.lastActivity, now) <= idleLimitSeconds) return { running: saved };
  return { running: undefined, ...closedAt(saved, saved.lastActivity), leftOutSeconds: secondsBetween(saved.lastActivity, now), leftOutBecause: 'idle' };
}

/** Where work ended if the session stopped at `at`: `at` itself, unless idle too long by then. */
function workEnd(session: TrackedSession, at: Timestamp, idleLimitSeconds: number): Timestamp {
  return secondsBetween(session.lastActivity, at) <= idleLimitSeconds ? at : session.lastActivity;
}

function closedAt(session: TrackedSession, end: Timestamp): { closed?: Session } {
  return toMillis(end) > toMillis(session.start) ? { closed: { level: session.level, start: session.start, end } } : {};
}

function secondsBetween(from: Timestamp, to: Timestamp): number {
  return Math.max(0, Math.round((toMillis(to) - toMillis(from)) / 1000));
}

function later(a: Timestamp, b: Timestamp): Timestamp {
  return toMillis(a) >= toMillis(b) ? a : b;
}
