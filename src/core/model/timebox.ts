import type { Bug, Level, RunningSession, Timebox, Timestamp } from './types';
import { secondsAtCurrentLevel } from './timeAccounting';

/** Default minutes per level, from settings. */
export type TimeboxDefaults = Record<Level, number>;

export const DEFAULT_TIMEBOX_MINUTES: TimeboxDefaults = Object.freeze({ 1: 30, 2: 60, 3: 120 });

/** The smallest and largest timebox a file may hold, in whole minutes. */
export const MIN_TIMEBOX_MINUTES = 1;
export const MAX_TIMEBOX_MINUTES = 10_000;

/**
 * The bug's own timebox for `level`, if it has one: its `timeboxes` entry for that level, else
 * the single `timebox` of an older file when that one is for this level.
 */
export function ownTimebox(bug: Bug, level: Level): number | undefined {
  const entry = bug.timeboxes?.find((box) => box.level === level);
  if (entry) return entry.minutes;
  return bug.timebox && bug.timebox.level === level ? bug.timebox.minutes : undefined;
}

/**
 * The bug's own timeboxes as `timeboxes` entries, in the order they were set: an older file's
 * single `timebox` folded in (after them) unless `timeboxes` already has its level.
 */
export function ownTimeboxes(bug: Bug): Timebox[] {
  const boxes = [...(bug.timeboxes ?? [])];
  const legacy = bug.timebox;
  if (legacy && !boxes.some((box) => box.level === legacy.level)) boxes.push({ level: legacy.level, minutes: legacy.minutes });
  return boxes;
}

/** Minutes allowed at `level` (any level, reached or not): the bug's own timebox for it if set, else the default. */
export function timeboxMinutes(bug: Bug, level: Level, defaults: TimeboxDefaults): number {
  return ownTimebox(bug, level) ?? defaults[level];
}

/**
 * Seconds left in the timebox at the current level, negative when over. Computed from the
 * sessions (timestamps), so it survives reloads and never counts time nobody worked.
 */
export function timeboxSecondsLeft(bug: Bug, now: Timestamp, defaults: TimeboxDefaults, running?: RunningSession): number {
  return timeboxMinutes(bug, bug.level, defaults) * 60 - secondsAtCurrentLevel(bug, now, running);
}

/** True once the time at the current level has reached the timebox. */
export function isTimeboxOver(bug: Bug, now: Timestamp, defaults: TimeboxDefaults, running?: RunningSession): boolean {
  return timeboxSecondsLeft(bug, now, defaults, running) <= 0;
}
