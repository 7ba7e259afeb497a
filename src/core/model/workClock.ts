/**
 * Honest time: the arithmetic that decides how much of a running session is work. Pure, with
 * the clock passed in, so the host only feeds it events (activity, timer ticks, stops, reloads).
 *
 * - Idle: when nothing happened (no editing, terminal or debug activity) for longer than the
 *   idle limit, the session ends at the last activity and the clock pauses. Nothing of the idle
 *   stretch is counted; how long it was is known only when it ends (the next activity, a stop, a
 *   window close), so that is when it is reported, whole: 30 idle minutes are "30 min idle", not
 *   the 10 of the limit.
 * - Clock gaps: the host ticks every few seconds; when two ticks are much further apart than
 *   that, the machine slept or was suspended. The session ends at the earlier tick and the gap
 *   is never counted, however short the idle limit is. A gap inside an idle pause is reported
 *   as a gap, not as idle, and a pause is not a gap: while paused the host still ticks.
 * - A window that was closed (or crashed) was neither idle nor asleep: the time it was gone is
 *   not reported at all; its session was closed when it went (or at its last activity).
 */
import type { BugId, Level, RunningSession, Session, Timestamp } from './types';
import { toMillis } from './time';

/** The running session as the host keeps it: when the user was last seen doing something. */
export interface TrackedSession extends RunningSession {
  readonly lastActivity: Timestamp;
}

/** Why time was not counted. */
export type LeftOutReason = 'idle' | 'clock-gap';

/** A stretch of time that was not counted, and why. */
export interface LeftOutTime {
  readonly seconds: number;
  readonly because: LeftOutReason;
}

/**
 * Paused for idleness: the session was closed at its last activity, `since`, and the clock
 * waits for the next activity. `gapSeconds` of the pause were clock gaps (sleep), not idle.
 */
export interface IdlePause {
  readonly since: Timestamp;
  readonly gapSeconds: number;
}

/** The clock of the active bug: a running session, an idle pause, or neither (stopped, or just reloaded). */
export interface ClockState {
  readonly running?: TrackedSession;
  readonly pause?: IdlePause;
  /** When the host's clock was last seen going (a tick): a much later tick means it jumped. */
  readonly lastTick: Timestamp;
}

export interface ClockLimits {
  /** Idle longer than this ends the session at its last activity. */
  readonly idleSeconds: number;
  /** Ticks further apart than this mean the clock jumped (sleep, suspend). */
  readonly maxTickGapSeconds: number;
}

/** What an event did: the state after it, a finished stretch of work, the time it left out. */
export interface ClockStep {
  readonly state: ClockState;
  /** A finished stretch of work to append to the bug's `sessions`. */
  readonly closed?: Session;
  /** Time not counted whose end this event marks: at most one part per reason, idle first. */
  readonly leftOut: readonly LeftOutTime[];
}

export function startTracking(running: RunningSession): TrackedSession {
  return { ...running, lastActivity: running.start };
}

/**
 * A timer tick at `now`. Notices a clock jump since the last tick (the session ends at that
 * tick and goes on from now), and an idle stretch past the limit (the session ends at its last
 * activity and the clock pauses; the idle time is reported when the pause ends). While paused,
 * a jump is remembered as a gap of the pause.
 */
export function recordTick(state: ClockState, now: Timestamp, limits: ClockLimits): ClockStep {
  const gap = secondsBetween(state.lastTick, now);
  const jumped = gap > limits.maxTickGapSeconds;
  const { running, pause } = state;
  if (running && jumped) {
    const end = workEnd(running, state.lastTick, limits.idleSeconds);
    return {
      state: { running: { bugId: running.bugId, level: running.level, start: now, lastActivity: now }, lastTick: now },
      ...closedAt(running, end),
      leftOut: parts(secondsBetween(end, state.lastTick), gap),
    };
  }
  if (running && secondsBetween(running.lastActivity, now) > limits.idleSeconds) {
    return { state: { pause: { since: running.lastActivity, gapSeconds: 0 }, lastTick: now }, ...closedAt(running, running.lastActivity), leftOut: [] };
  }
  if (pause && jumped) return { state: { pause: { since: pause.since, gapSeconds: pause.gapSeconds + gap }, lastTick: now }, leftOut: [] };
  return { state: { ...withoutTick(state), lastTick: now }, leftOut: [] };
}

/**
 * The user did something at `now`. The time since the last tick is first accounted as a tick
 * would (a jump, an idle stretch past the limit); then the session goes on, or, after a pause or
 * a stop, a new one starts at `restart` (the bug and its current level; none if the bug is no
 * longer open), and the pause's idle and gap time is reported.
 */
export function recordActivity(state: ClockState, now: Timestamp, limits: ClockLimits, restart?: { readonly bugId: BugId; readonly level: Level }): ClockStep {
  const ticked = recordTick(state, now, limits);
  const { running, pause } = ticked.state;
  if (running) return { ...ticked, state: { running: { ...running, lastActivity: later(running.lastActivity, now) }, lastTick: now } };
  const ended = pause ? pauseParts(pause, now) : [];
  return {
    state: { ...(restart ? { running: startTracking({ ...restart, start: now }) } : {}), lastTick: now },
    ...(ticked.closed ? { closed: ticked.closed } : {}),
    leftOut: merge(ticked.leftOut, ended),
  };
}

/**
 * Stops the clock at `now` (Stop Working, a switch, a level change, a park, window close): a
 * running session ends at `now`, unless the user had been idle longer than the limit (then at
 * its last activity) or the clock jumped since the last tick (then at that tick); a pause ends.
 */
export function stopTracking(state: ClockState, now: Timestamp, limits: ClockLimits): ClockStep {
  const ticked = recordTick(state, now, limits);
  const { running, pause } = ticked.state;
  // After a jump the tick restarted the session at `now`: nothing of it is work.
  const closedNow = running && toMillis(running.start) < toMillis(now) ? closedAt(running, now) : {};
  return {
    state: { lastTick: now },
    ...(ticked.closed ? { closed: ticked.closed } : closedNow),
    leftOut: merge(ticked.leftOut, pause ? pauseParts(pause, now) : []),
  };
}

/**
 * After a reload or a restart without a clean stop (a crash, a killed extension host): the
 * saved session goes on if its last activity is within the idle limit (a reload mid-session
 * loses nothing), else it is closed at its last activity; a saved pause ends at the last tick.
 * The time the window was gone (after its last tick) is neither idle nor a gap: not reported.
 */
export function resumeAfterReload(saved: ClockState, now: Timestamp, limits: ClockLimits): ClockStep {
  const { running, pause } = saved;
  const lastTick = later(saved.lastTick, running?.lastActivity ?? pause?.since ?? saved.lastTick);
  if (running && secondsBetween(running.lastActivity, now) <= limits.idleSeconds) return { state: { running, lastTick: now }, leftOut: [] };
  if (running)
    return { state: { lastTick: now }, ...closedAt(running, running.lastActivity), leftOut: parts(secondsBetween(running.lastActivity, lastTick), 0) };
  return { state: { lastTick: now }, leftOut: pause ? pauseParts(pause, lastTick) : [] };
}

/** Where work ended if the session stopped at `at`: `at` itself, unless idle too long by then. */
function workEnd(session: TrackedSession, at: Timestamp, idleLimitSeconds: number): Timestamp {
  return secondsBetween(session.lastActivity, at) <= idleLimitSeconds ? at : session.lastActivity;
}

/** The parts of a pause that ends at `end`: its idle time and its clock gaps. */
function pauseParts(pause: IdlePause, end: Timestamp): LeftOutTime[] {
  const total = secondsBetween(pause.since, end);
  return parts(Math.max(0, total - pause.gapSeconds), Math.min(total, pause.gapSeconds));
}

function parts(idleSeconds: number, gapSeconds: number): LeftOutTime[] {
  return [
    ...(idleSeconds > 0 ? [{ seconds: idleSeconds, because: 'idle' as const }] : []),
    ...(gapSeconds > 0 ? [{ seconds: gapSeconds, because: 'clock-gap' as const }] : []),
  ];
}

/** Two lists of parts as one, a part per reason, idle first. */
function merge(a: readonly LeftOutTime[], b: readonly LeftOutTime[]): LeftOutTime[] {
  const sum = (because: LeftOutReason): number => [...a, ...b].filter((p) => p.because === because).reduce((total, p) => total + p.seconds, 0);
  return parts(sum('idle'), sum('clock-gap'));
}

function withoutTick(state: ClockState): Omit<ClockState, 'lastTick'> {
  return { ...(state.running ? { running: state.running } : {}), ...(state.pause ? { pause: state.pause } : {}) };
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
