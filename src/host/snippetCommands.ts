import * as vscode from 'vscode';
import type { Bug, SnippetSource } from '../core/model/types';
import type { SnippetInput } from '../core/model/operations';

/** Where a snippet came from: file and lines, commit, or the command that printed it. */
export type SnippetPlace = Pick<SnippetInput, 'file' | 'lines' | 'commit' | 'command' | 'exitCode' | 'contextBefore' | 'contextAfter'>;
import { isSafeRelativePath } from '../core/model/paths';
import { pickBug } from './prompts';
import { isTreeNode, optionsOf, type CommandTarget } from './commandTarget';
import type { CommandContext } from './commandContext';
import type { BugRef } from './journals';
import { captureSelection } from './selectionCapture';

/**
 * Attach Selection as Snippet: the editor's selection (or current line) with its file, lines,
 * commit and a few lines of context (captureSelection).
 */
export async function attachSelection(ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Select some text in an editor first.'));
    return undefined;
  }
  if (!editor.document.getText(editor.selection.isEmpty ? editor.document.lineAt(editor.selection.active.line).range : editor.selection).trim()) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The selection is empty.'));
    return undefined;
  }
  const ref = await pickBug(ctx.journals, ctx.active, target, { title: vscode.l10n.t('Attach Selection as Snippet') });
  if (!ref) return undefined;
  const captured = await captureSelection(editor);
  if (!captured) return undefined;
  const { text, ...place } = captured;
  return attach(ctx, ref, 'editor', text, place);
}

/** Attach Clipboard as Snippet. */
export async function attachClipboard(ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> {
  const text = optionsOf(target).text ?? (await vscode.env.clipboard.readText());
  if (!text.trim()) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The clipboard is empty.'));
    return undefined;
  }
  const ref = await pickBug(ctx.journals, ctx.active, target, { title: vscode.l10n.t('Attach Clipboard as Snippet') });
  if (!ref) return undefined;
  return attach(ctx, ref, 'clipboard', text, {});
}

/** Stores the snippet in the bug (or, above the size threshold, as an attachment file beside it). */
export async function attach(ctx: CommandContext, ref: BugRef, source: SnippetSource, text: string, place: SnippetPlace): Promise<Bug> {
  const bug = await ctx.editor.perform('attachSnippet', ref, { source, text, ...place });
  void vscode.window.setStatusBarMessage(vscode.l10n.t("$(check) Snippet attached to '{0}'", bug.title), 3000);
  return bug;
}

/** Opens a snippet: its source file at its lines when that file exists, else its text in an editor. */
export async function openSnippet(ctx: CommandContext, target: CommandTarget): Promise<void> {
  if (!isTreeNode(target) || target.kind !== 'snippet') return;
  const snippet = target.journal.find(target.bugId)?.bug.snippets.find((s) => s.id === target.snippetId);
  if (!snippet) return;
  if (snippet.file && isSafeRelativePath(snippet.file)) {
    const uri = vscode.Uri.joinPath(target.journal.folder.uri, snippet.file);
    const exists = await vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
    if (exists) {
      const [from, to] = (snippet.lines ?? '1').split('-').map((n) => Math.max(1, Number(n) || 1));
      const range = new vscode.Range((from ?? 1) - 1, 0, (to ?? from ?? 1) - 1, Number.MAX_SAFE_INTEGER);
      await vscode.window.showTextDocument(uri, { selection: range, preview: true });
      return;
    }
  }
  const text = await target.journal.store.snippetText(snippet);
  const document = await vscode.workspace.openTextDocument({ content: text, language: 'log' });
  await vscode.window.showTextDocument(document, { preview: true });
}

/** Opens a link from a bug; only http(s), so a hand-edited file cannot launch other schemes. */
export async function openLink(_ctx: CommandContext, target: CommandTarget): Promise<void> {
  if (!isTreeNode(target) || target.kind !== 'link') return;
  if (!/^https?:\/\//i.test(target.url)) {
    void vscode.window.showWarningMessage(vscode.l10n.t("Not opening '{0}': only http and https links are opened.", target.url));
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(target.url));
}
