import * as vscode from 'vscode';
import type { TimeboxDefaults } from '../core/model/timebox';

/** The `bugLevels.*` settings, read fresh each time (they can change while the window is open). */
export interface BugLevelsConfig {
  readonly journalFolder: string;
  readonly timeboxMinutes: TimeboxDefaults;
  readonly attachmentThresholdBytes: number;
  /** After this long without editor, terminal or debug activity, a session pauses. */
  readonly idleSeconds: number;
  readonly randomWalkLimit: number;
  /** Show the Bug Levels view when the folder opens, if its journal has bugs. */
  readonly showJournalOnOpen: boolean;
  /** Ask which bug even when one is active (off: the active bug, when it fits). */
  readonly askWhichBug: boolean;
  /** New Bug while another bug is active: switch to it, keep the active one, or ask (once). */
  readonly newBugBecomesActive: 'ask' | 'always' | 'never';
  readonly nudges: { readonly timeboxOver: boolean; readonly promoteDeeper: boolean; readonly randomWalk: boolean };
}

export function readConfig(scope?: vscode.ConfigurationScope): BugLevelsConfig {
  const config = vscode.workspace.getConfiguration('bugLevels', scope);
  const folder = config
    .get<string>('journalFolder', '.bug-levels')
    .trim()
    .replace(/^\/+|\/+$/g, '');
  return {
    journalFolder: folder && !folder.split('/').includes('..') ? folder : '.bug-levels',
    timeboxMinutes: {
      1: positive(config.get<number>('timeboxMinutes.level1'), 30),
      2: positive(config.get<number>('timeboxMinutes.level2'), 60),
      3: positive(config.get<number>('timeboxMinutes.level3'), 120),
    },
    attachmentThresholdBytes: positive(config.get<number>('snippetAttachmentThresholdKiB'), 64) * 1024,
    idleSeconds: positive(config.get<number>('idleMinutes'), 10) * 60,
    randomWalkLimit: positive(config.get<number>('randomWalkLimit'), 3),
    askWhichBug: config.get<boolean>('askWhichBug', false),
    showJournalOnOpen: config.get<boolean>('showJournalOnOpen', false),
    newBugBecomesActive: oneOf(config.get<string>('newBugBecomesActive'), ['ask', 'always', 'never'] as const, 'ask'),
    nudges: {
      timeboxOver: config.get<boolean>('nudges.timeboxOver', true),
      promoteDeeper: config.get<boolean>('nudges.promoteDeeper', true),
      randomWalk: config.get<boolean>('nudges.randomWalk', true),
    },
  };
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.find((item) => item === value) ?? fallback;
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
