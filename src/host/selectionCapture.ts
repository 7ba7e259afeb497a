import * as vscode from 'vscode';
import { isSafeRelativePath } from '../core/model/paths';
import { captureContext } from '../core/model/anchors/captureContext';
import { gitCommitOf } from './git';

/** What Attach Selection and Re-anchor here take from an editor: the code, where it is, and the lines around it. */
export interface SelectionCapture {
  readonly text: string;
  readonly file?: string;
  readonly lines?: string;
  readonly commit?: string;
  readonly contextBefore?: string;
  readonly contextAfter?: string;
}

/**
 * The editor's selection (or its current line) with its workspace-relative file, lines, commit
 * (marked `-dirty` when the file differs from it: see gitCommitOf) and a few lines of context
 * (captureContext.ts), which let the anchor be found again after edits. Undefined when the
 * selection is blank.
 */
export async function captureSelection(editor: vscode.TextEditor): Promise<SelectionCapture | undefined> {
  const document = editor.document;
  const selection = editor.selection;
  const range = selection.isEmpty ? document.lineAt(selection.active.line).range : selection;
  const text = document.getText(range);
  if (!text.trim()) return undefined;
  const uri = document.uri;
  const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) !== undefined;
  const file = inWorkspace ? vscode.workspace.asRelativePath(uri, false) : undefined;
  const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
  const startLine = range.start.line + 1;
  if (!file || !isSafeRelativePath(file)) return { text };
  // Lines from a file with uncommitted (or unsaved) changes are from the working tree: the commit says so.
  const commit = await gitCommitOf(uri, document);
  const lines: string[] = [];
  for (let line = Math.max(0, startLine - 4); line < Math.min(document.lineCount, endLine + 3); line++) lines[line] = document.lineAt(line).text;
  return {
    text,
    file,
    lines: startLine === endLine ? `${startLine}` : `${startLine}-${endLine}`,
    ...(commit ? { commit } : {}),
    ...captureContext(lines, { start: startLine, end: endLine }),
  };
}
