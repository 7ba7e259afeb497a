import type { Level } from './types';

/** The three levels of understanding, in order; names shared by the tree, commands and retro. */
export const LEVELS: readonly Level[] = [1, 2, 3];

const LEVEL_NAMES: Record<Level, string> = {
  1: 'Random walk',
  2: 'Understanding',
  3: 'Root fix',
};

/** `Random walk`, `Understanding` or `Root fix`. */
export function levelName(level: Level): string {
  return LEVEL_NAMES[level];
}

/** `Level 2 · Understanding`: the heading of a level group. */
export function levelLabel(level: Level): string {
  return `Level ${level} · ${LEVEL_NAMES[level]}`;
}

export function isLevel(value: unknown): value is Level {
  return value === 1 || value === 2 || value === 3;
}

/** The level above, or undefined at level 3. */
export function deeperLevel(level: Level): Level | undefined {
  return level === 3 ? undefined : ((level + 1) as Level);
}

/** The level below, or undefined at level 1. */
export function shallowerLevel(level: Level): Level | undefined {
  return level === 1 ? undefined : ((level - 1) as Level);
}
