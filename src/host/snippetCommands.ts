import * as vscode from 'vscode';
import type { Bug, SnippetSource } from '../core/model/types';
import type { SnippetInput } from '../core/model/operations';

/** Where a snippet came from: file and lines, commit, or the command that printed it. */
export type SnippetPlace = Pick<SnippetInput, 'file' | 'lines' | 'commit' | 'command' | 'exitCode' | 'contextBefore' | 'contextAfter'>;
import { isSafeRelativePath } from '../core/model/paths';
import { pickBug } from './prompts';
import { isTreeNode, optionsOf, type CommandTarget } from './commandTarget';
import { anchorSnippetOf } from '../core/model/anchors/anchorEntries';
import { parseLineSpan } from '../core/model/anchors/anchorText';
import { commitUri } from './commitDocuments';
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

/**
 * Opens a snippet: where its code is now (its anchor, resolved afresh), or, when outdated, its
 * file as it was at its commit (read-only); else its recorded file and lines when that file
 * exists, else its text in an editor.
 */
export async function openSnippet(ctx: CommandContext, target: CommandTarget): Promise<void> {
  if (!isTreeNode(target) || target.kind !== 'snippet') return;
  const bug = target.journal.find(target.bugId)?.bug;
  const snippet = bug?.snippets.find((s) => s.id === target.snippetId);
  if (!bug || !snippet) return;
  const folder = target.journal.folder;
  const resolution = snippet.file ? await ctx.anchors.resolve(target.journal, bug, snippet) : undefined;
  if (resolution && resolution.state !== 'outdated' && resolution.span && isSafeRelativePath(resolution.file)) {
    await showLines(vscode.Uri.joinPath(folder.uri, resolution.file), resolution.span.start, resolution.span.end);
    return;
  }
  const anchor = anchorSnippetOf(bug, snippet);
  if (resolution?.state === 'outdated' && anchor.commit && anchor.file && isSafeRelativePath(anchor.file)) {
    const span = parseLineSpan(anchor.lines) ?? { start: 1, end: 1 };
    await showLines(commitUri(folder, anchor.file, anchor.commit), span.start, span.end);
    return;
  }
  if (snippet.file && isSafeRelativePath(snippet.file)) {
    const uri = vscode.Uri.joinPath(folder.uri, snippet.file);
    const exists = await vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
    if (exists) {
      const span = parseLineSpan(snippet.lines) ?? { start: 1, end: 1 };
      await showLines(uri, span.start, span.end);
      return;
    }
  }
  const text = await target.journal.store.snippetText(snippet);
  const document = await vscode.workspace.openTextDocument({ content: text, language: 'log' });
  await vscode.window.showTextDocument(document, { preview: true });
}

/** Opens `uri` with lines `from`-`to` (1-based) selected. */
async function showLines(uri: vscode.Uri, from: number, to: number): Promise<void> {
  const range = new vscode.Range(from - 1, 0, to - 1, Number.MAX_SAFE_INTEGER);
  await vscode.window.showTextDocument(uri, { selection: range, preview: true });
}

/**
 * Re-anchor here: pins a snippet (the tree's, or one picked) to the editor's selection, recorded
 * as a new snippet that names it (operation reanchorSnippet); the old one is kept as it was.
 */
export async function reanchorSnippet(ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> {
  const editor = vscode.window.activeTextEditor;
  const captured = editor ? await captureSelection(editor) : undefined;
  if (!captured?.file || !captured.lines) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Select the code in an editor of the workspace first, then Re-anchor here.'));
    return undefined;
  }
  const ref = await pickBug(ctx.journals, ctx.active, target, {
    title: vscode.l10n.t('Re-anchor Snippet Here'),
    fits: (bug) => bug.snippets.some((s) => s.file !== undefined),
    noneMessage: vscode.l10n.t('No bug has a snippet from a file to re-anchor.'),
  });
  if (!ref) return undefined;
  const snippetId = isTreeNode(target) && target.kind === 'snippet' ? target.snippetId : (optionsOf(target).snippetId ?? (await pickSnippet(ref.loaded.bug)));
  if (!snippetId) return undefined;
  const { text, file, lines, commit, contextBefore, contextAfter } = captured;
  const bug = await ctx.editor.perform('reanchorSnippet', ref, {
    snippetId,
    text,
    file,
    lines,
    ...(commit ? { commit } : {}),
    ...(contextBefore !== undefined ? { contextBefore } : {}),
    ...(contextAfter !== undefined ? { contextAfter } : {}),
  });
  void vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Snippet re-anchored at {0}:{1}', file, lines), 3000);
  return bug;
}

/** Which of the bug's snippets from a file to re-anchor (the newest first). */
async function pickSnippet(bug: Bug): Promise<string | undefined> {
  const items = bug.snippets
    .filter((s) => s.file !== undefined)
    .reverse()
    .map((s) => ({
      label:
        (s.text ?? '')
          .split('\n')
          .find((line) => line.trim())
          ?.trim()
          .slice(0, 80) ?? s.id,
      description: `${s.file}${s.lines ? `:${s.lines}` : ''}`,
      id: s.id,
    }));
  return (
    await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Re-anchor Snippet Here'),
      placeHolder: vscode.l10n.t('Which snippet moves to the selection?'),
    })
  )?.id;
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
