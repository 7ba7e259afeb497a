import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import type { DebugEvent } from './debugCapture';

/**
 * While a bug is active, its debug sessions (start, end) and stops on exceptions go to its
 * timeline; a debug session started at level 1 counts as an attempt for the random-walk nudge.
 */
export function logDebugEventsToActiveBug(ctx: CommandContext): vscode.Disposable {
  return ctx.debugCapture.onDidDebugEvent((event: DebugEvent) => {
    const bugId = ctx.active.bugId;
    const ref = bugId ? ctx.journals.find(bugId) : undefined;
    if (!ref || ref.loaded.readOnly || ref.loaded.bug.status !== 'open') return;
    const text = event.kind === 'exception' ? `${event.session.name}: ${event.text}` : event.session.name;
    void ctx.editor
      .perform('recordDebugEvent', ref, { event: event.kind, text })
      .catch(
        (error: unknown) =>
          void vscode.window.showWarningMessage(
            vscode.l10n.t("Bug Levels could not log the debug event in '{0}': {1}", ref.loaded.bug.title, (error as Error).message),
          ),
      );
  });
}
