import * as vscode from 'vscode';
import type { Bug } from '../core/model/types';
import { isSafeRelativePath } from '../core/model/paths';
import { askText, pickBug } from './prompts';
import { optionsOf, type CommandTarget } from './commandTarget';
import type { CommandContext } from './commandContext';
import { attach } from './snippetCommands';

/** Lines of a log file that Attach Log File Tail takes. */
export const LOG_TAIL_LINES = 200;

/** Log Attempt: one level-1 try (a revert, a changed input, a guess), for the random-walk nudge. */
export async function logAttemptCommand(ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> {
  const ref = await pickBug(ctx.journals, ctx.active, target, { title: vscode.l10n.t('Log Attempt'), fits: (bug) => bug.status === 'open' });
  if (!ref) return undefined;
  const text = await askText(optionsOf(target).text, {
    title: vscode.l10n.t("Attempt on '{0}'", ref.loaded.bug.title),
    prompt: vscode.l10n.t('What did you try? (optional)'),
    placeHolder: vscode.l10n.t('reverted to subprocess.run(...)'),
    required: false,
  });
  if (text === undefined) return undefined;
  return ctx.editor.perform('logAttempt', ref, { text });
}

/** Attach Terminal Selection: what is selected in the active terminal. */
export async function attachTerminalSelection(ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> {
  const text = optionsOf(target).text ?? (await readTerminalSelection());
  if (!text?.trim()) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Select some text in the terminal first.'));
    return undefined;
  }
  const ref = await pickBug(ctx.journals, ctx.active, target, { title: vscode.l10n.t('Attach Terminal Selection') });
  if (!ref) return undefined;
  return attach(ctx, ref, 'terminal', text, {});
}

/**
 * The terminal has no API for its selection; its Copy command puts it on the clipboard. The
 * user's clipboard is put back afterwards.
 */
async function readTerminalSelection(): Promise<string | undefined> {
  if (!vscode.window.activeTerminal) return undefined;
  const saved = await vscode.env.clipboard.readText();
  const marker = `bug-levels-${Date.now()}`;
  await vscode.env.clipboard.writeText(marker);
  await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
  const selection = await vscode.env.clipboard.readText();
  await vscode.env.clipboard.writeText(saved);
  return selection === marker ? undefined : selection;
}

/** Attach Last Terminal Command Output: the command line, exit code and output (shell integration). */
export async function attachLastTerminalOutput(ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> {
  const last = await ctx.terminalCapture.lastCommand();
  if (!last) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'No terminal command was captured yet. This needs VS Code\'s shell integration (bash, zsh, fish, pwsh; setting terminal.integrated.shellIntegration.enabled): run the command again in such a terminal, or select its output and use "Attach Terminal Selection".',
      ),
    );
    return undefined;
  }
  const ref = await pickBug(ctx.journals, ctx.active, target, { title: vscode.l10n.t('Attach Last Terminal Command Output') });
  if (!ref) return undefined;
  // The snippet's text is journal content (shared, read by the CLI and retro): it stays English.
  const text = `${last.truncated ? '[earlier output dropped]\n' : ''}${last.output}`; // l10n-ignore: journal content
  const captured = text || '(no output was captured: it may have been written before VS Code reported the command)'; // l10n-ignore: journal content
  return attach(ctx, ref, 'terminal', captured, { command: last.commandLine, ...(last.exitCode !== undefined ? { exitCode: last.exitCode } : {}) });
}

/** Attach Debug Console Output: the console output of a recent debug session (pick which). */
export async function attachDebugOutput(ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> {
  const sessions = ctx.debugCapture.recent();
  if (sessions.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No debug console output yet: start a debug session first.'));
    return undefined;
  }
  const chosen =
    sessions.length === 1 || optionsOf(target).quiet
      ? sessions[0]
      : (
          await vscode.window.showQuickPick(
            sessions.map((s) => {
              const lines = s.output.split('\n').length;
              const description = s.ended ? vscode.l10n.t('ended · {0} lines', lines) : vscode.l10n.t('running · {0} lines', lines);
              return { label: s.name, description, detail: s.output.trim().split('\n').slice(-1)[0], session: s };
            }),
            { title: vscode.l10n.t('Attach Debug Console Output'), placeHolder: vscode.l10n.t('Output of which debug session?') },
          )
        )?.session;
  if (!chosen) return undefined;
  const ref = await pickBug(ctx.journals, ctx.active, target, { title: vscode.l10n.t('Attach Debug Console Output') });
  if (!ref) return undefined;
  return attach(ctx, ref, 'debug', `${chosen.truncated ? '[earlier output dropped]\n' : ''}${chosen.output}`, { command: chosen.name }); // l10n-ignore: journal content
}

/** Attach Log File Tail: the last lines of a file (explorer context menu, or the active editor's file). */
export async function attachLogTail(ctx: CommandContext, target: CommandTarget | vscode.Uri): Promise<Bug | undefined> {
  const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Right-click a log file in the Explorer, or open it, to attach its last lines.'));
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const file = folder ? vscode.workspace.asRelativePath(uri, false) : undefined;
  const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const lines = content.replace(/\n$/, '').split('\n');
  const first = Math.max(0, lines.length - LOG_TAIL_LINES);
  const ref = await pickBug(ctx.journals, ctx.active, target instanceof vscode.Uri ? undefined : target, { title: vscode.l10n.t('Attach Log File Tail') });
  if (!ref) return undefined;
  return attach(ctx, ref, 'file', `${lines.slice(first).join('\n')}\n`, {
    ...(file && isSafeRelativePath(file) ? { file, lines: `${first + 1}-${lines.length}` } : {}),
  });
}
