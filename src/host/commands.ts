import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import type { CommandTarget } from './commandTarget';
import {
  addBugLink, deleteBug, demoteBug, newBug, openBugFile, parkBug, promoteTo, reopenBug, resolve, setBugTimebox, undoLastDelete,
} from './bugCommands';
import { addStatement, deleteHypothesisCommand, markHypothesis } from './hypothesisCommands';
import { attachClipboard, attachSelection, openLink, openSnippet } from './snippetCommands';
import { nextBug, startWorking, stopWorking } from './workCommands';
import { exportRetro } from './retroCommands';
import { JournalError } from '../core/journal';
import { StoreError } from '../core/journalStore';

type Handler = (ctx: CommandContext, target: CommandTarget) => Promise<unknown>;

/** Every command of the extension; `contributes.commands` lists the same ids (a unit test checks). */
export const COMMANDS: ReadonlyArray<{ readonly id: string; readonly run: Handler }> = [
  { id: 'bugLevels.newBug', run: newBug },
  { id: 'bugLevels.startWorking', run: startWorking },
  { id: 'bugLevels.stopWorking', run: (ctx) => stopWorking(ctx) },
  { id: 'bugLevels.nextBug', run: (ctx) => nextBug(ctx) },
  { id: 'bugLevels.promoteToLevel2', run: promoteTo(2) },
  { id: 'bugLevels.promoteToLevel3', run: promoteTo(3) },
  { id: 'bugLevels.demote', run: demoteBug },
  { id: 'bugLevels.addHypothesis', run: addStatement('hypothesis') },
  { id: 'bugLevels.addAssumption', run: addStatement('assumption') },
  { id: 'bugLevels.markConfirmed', run: markHypothesis('confirmed') },
  { id: 'bugLevels.markRefuted', run: markHypothesis('refuted') },
  { id: 'bugLevels.deleteHypothesis', run: deleteHypothesisCommand },
  { id: 'bugLevels.attachSelection', run: attachSelection },
  { id: 'bugLevels.attachClipboard', run: attachClipboard },
  { id: 'bugLevels.addLink', run: addBugLink },
  { id: 'bugLevels.setTimebox', run: setBugTimebox },
  { id: 'bugLevels.park', run: parkBug },
  { id: 'bugLevels.reopen', run: reopenBug },
  { id: 'bugLevels.resolve', run: resolve },
  { id: 'bugLevels.openBugFile', run: openBugFile },
  { id: 'bugLevels.exportRetro', run: exportRetro },
  { id: 'bugLevels.deleteBug', run: deleteBug },
  { id: 'bugLevels.undoLastDelete', run: (ctx) => undoLastDelete(ctx) },
  { id: 'bugLevels.refresh', run: (ctx) => ctx.journals.reload() },
  { id: 'bugLevels.openSnippet', run: openSnippet },
  { id: 'bugLevels.openLink', run: openLink },
];

/** Registers the table; a failed transition or write becomes a clear error message, not a stack. */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return COMMANDS.map(({ id, run }) =>
    vscode.commands.registerCommand(id, async (target?: CommandTarget) => {
      try {
        return await run(ctx, target);
      } catch (error) {
        if (error instanceof JournalError || error instanceof StoreError) {
          void vscode.window.showErrorMessage(error.message);
          return undefined;
        }
        void vscode.window.showErrorMessage(`Bug Levels: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
    }),
  );
}
