import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import type { CommandTarget } from './commandTarget';
import { addBugLink, deleteBug, demoteBug, newBug, openBugFile, parkBug, promoteTo, reopenBug, resolve, setBugTimebox } from './bugCommands';
import { addStatement, deleteHypothesisCommand, markHypothesis } from './hypothesisCommands';
import { attachClipboard, attachSelection, openLink, openSnippet, reanchorSnippet } from './snippetCommands';
import { nextBug, startWorking, stopWorking } from './workCommands';
import { copyRetroMarkdown, exportRetro } from './retroCommands';
import { showOverview } from './overviewPanel';
import { attachDebugOutput, attachLastTerminalOutput, attachLogTail, attachTerminalSelection, logAttemptCommand } from './captureCommands';
import { JournalError } from '../core/model/transitions';
import { StoreError } from '../core/store/journalStore';
import { COMMAND_IDS, type CommandId } from './commandIds';
import { resolveMergeConflict } from './conflictCommands';

type Handler = (ctx: CommandContext, target: CommandTarget) => Promise<unknown>;

/** The handler of every command id (commandIds.ts lists them; `contributes.commands` too). */
const HANDLERS: Record<CommandId, Handler> = {
  'bugLevels.newBug': newBug,
  'bugLevels.startWorking': startWorking,
  'bugLevels.stopWorking': (ctx) => stopWorking(ctx),
  'bugLevels.nextBug': (ctx) => nextBug(ctx),
  'bugLevels.promoteToLevel2': promoteTo(2),
  'bugLevels.promoteToLevel3': promoteTo(3),
  'bugLevels.demote': demoteBug,
  'bugLevels.addHypothesis': addStatement('hypothesis'),
  'bugLevels.addAssumption': addStatement('assumption'),
  'bugLevels.markConfirmed': markHypothesis('confirmed'),
  'bugLevels.markRefuted': markHypothesis('refuted'),
  'bugLevels.deleteHypothesis': deleteHypothesisCommand,
  'bugLevels.attachSelection': attachSelection,
  'bugLevels.attachClipboard': attachClipboard,
  'bugLevels.attachTerminalSelection': attachTerminalSelection,
  'bugLevels.attachLastTerminalOutput': attachLastTerminalOutput,
  'bugLevels.attachDebugOutput': attachDebugOutput,
  // The Explorer's context menu passes the file's URI.
  'bugLevels.attachLogTail': (ctx, target) => attachLogTail(ctx, target as CommandTarget | vscode.Uri),
  'bugLevels.logAttempt': logAttemptCommand,
  'bugLevels.addLink': addBugLink,
  'bugLevels.setTimebox': setBugTimebox,
  'bugLevels.park': parkBug,
  'bugLevels.reopen': reopenBug,
  'bugLevels.resolve': resolve,
  'bugLevels.openBugFile': openBugFile,
  'bugLevels.exportRetro': exportRetro,
  'bugLevels.copyRetroMarkdown': copyRetroMarkdown,
  'bugLevels.showOverview': (ctx) => Promise.resolve(showOverview(ctx)),
  'bugLevels.deleteBug': deleteBug,
  'bugLevels.resolveConflict': resolveMergeConflict,
  'bugLevels.undoLastDelete': (ctx) => ctx.undo.undoLast(),
  'bugLevels.refresh': (ctx) => {
    ctx.anchors.clear();
    return ctx.journals.reload();
  },
  'bugLevels.showNudge': (ctx) => ctx.nudges.reopen(),
  'bugLevels.openSnippet': openSnippet,
  'bugLevels.openLink': openLink,
  'bugLevels.reanchorSnippet': reanchorSnippet,
};

/**
 * Registers the table; a failed transition or write becomes a clear error message, not a stack.
 * A command waits for the journals' first load: until then the tree may show the index's
 * previews (bugPreview.ts), and pickers and edits need the whole bugs.
 */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return COMMAND_IDS.map((id) =>
    vscode.commands.registerCommand(id, async (target?: CommandTarget) => {
      try {
        await ctx.journals.ready;
        return await HANDLERS[id](ctx, target);
      } catch (error) {
        if (error instanceof JournalError || error instanceof StoreError) {
          void vscode.window.showErrorMessage(error.message);
          return undefined;
        }
        void vscode.window.showErrorMessage(vscode.l10n.t('Bug Levels: {0}', error instanceof Error ? error.message : String(error)));
        throw error;
      }
    }),
  );
}
