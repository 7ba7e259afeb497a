import type { Bug, Level, RunningSession, Timestamp } from './types';
import { secondsAtCurrentLevel } from './timeAccounting';

/** Default minutes per level, from settings. */
export type TimeboxDefaults = Record<Level, number>;

export const DEFAULT_TIMEBOX_MINUTES: TimeboxDefaults = Object.freeze({ 1: 30, 2: 60, 3: 120 });

/** Minutes allowed at the bug's current level: its own timebox if set for that level, else the default. */
export function timeboxMinutes(bug: Bug, defaults: TimeboxDefaults): number {
  return bug.timebox && bug.timebox.level === bug.level ? bug.timebox.minutes : defaults[bug.level];
}

/**
 * Seconds left in the timebox at the current level, negative when over. Computed from the
 * sessions (timestamps), so it survives reloads and never counts time nobody worked.
 */
export function timeboxSecondsLeft(bug: Bug, now: Timestamp, defaults: TimeboxDefaults, running?: RunningSession): number {
  return timeboxMinutes(bug, defaults) * 60 - secondsAtCurrentLevel(bug, now, running);
}

/** True once the time at the current level has reached the timebox. */
export function isTimeboxOver(bug: Bug, now: Timestamp, defaults: TimeboxDefaults, running?: RunningSession): boolean {
  return timeboxSecondsLeft(bug, now, defaults, running) <= 0;
}
