/**
 * Every command id of the extension, in palette order. No `vscode` import, so a plain unit test
 * can compare it with `contributes.commands`; commands.ts maps each id to its handler (the
 * compiler checks that the map has exactly these keys).
 */
export const COMMAND_IDS = [
  'bugLevels.newBug',
  'bugLevels.startWorking',
  'bugLevels.stopWorking',
  'bugLevels.nextBug',
  'bugLevels.promoteToLevel2',
  'bugLevels.promoteToLevel3',
  'bugLevels.demote',
  'bugLevels.addHypothesis',
  'bugLevels.addAssumption',
  'bugLevels.markConfirmed',
  'bugLevels.markRefuted',
  'bugLevels.deleteHypothesis',
  'bugLevels.attachSelection',
  'bugLevels.attachClipboard',
  'bugLevels.attachTerminalSelection',
  'bugLevels.attachLastTerminalOutput',
  'bugLevels.attachDebugOutput',
  'bugLevels.attachLogTail',
  'bugLevels.logAttempt',
  'bugLevels.addLink',
  'bugLevels.setTimebox',
  'bugLevels.park',
  'bugLevels.reopen',
  'bugLevels.resolve',
  'bugLevels.openBugFile',
  'bugLevels.exportRetro',
  'bugLevels.copyRetroMarkdown',
  'bugLevels.showOverview',
  'bugLevels.deleteBug',
  'bugLevels.resolveConflict',
  'bugLevels.undoLastDelete',
  'bugLevels.refresh',
  'bugLevels.showNudge',
  'bugLevels.openSnippet',
  'bugLevels.openLink',
  'bugLevels.reanchorSnippet',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
