import * as vscode from 'vscode';
import type { OperationName } from '../core/model/operations';
import type { Journals } from './journals';
import type { TreeNode } from './treeNodes';

/** Operations whose result is a new or changed row under the bug: shown, and said, at once. */
const SHOWN_UNDER_THE_BUG: ReadonlySet<OperationName> = new Set(['addHypothesis', 'setVerdict', 'attachSnippet', 'addLink', 'logAttempt', 'restoreHypothesis']);

/**
 * After an edit made in this window that adds or changes a row under a bug, the bug is revealed
 * and expanded in the tree, and a short status bar message confirms it: otherwise the change
 * happens inside a collapsed row and nothing on screen says it worked.
 */
export function showEditsInTree(journals: Journals, reveal: (node: TreeNode) => Promise<void>): vscode.Disposable {
  return journals.onDidChange((change) => {
    const edit = change?.edit;
    if (!change || !edit?.after || !SHOWN_UNDER_THE_BUG.has(edit.operation)) return;
    void reveal({ kind: 'bug', journal: change.journal, bugId: edit.after.id });
    const message = confirmation(edit.operation, edit.after.title);
    if (message) vscode.window.setStatusBarMessage(`$(check) ${message}`, 4000);
  });
}

function confirmation(operation: OperationName, title: string): string | undefined {
  switch (operation) {
    case 'addHypothesis':
      return vscode.l10n.t("Added to '{0}'", title);
    case 'setVerdict':
      return vscode.l10n.t("Verdict recorded in '{0}'", title);
    case 'logAttempt':
      return vscode.l10n.t("Attempt logged in '{0}'", title);
    case 'addLink':
      return vscode.l10n.t("Link added to '{0}'", title);
    default:
      // A snippet says so itself (snippetCommands.ts); an undone delete too (undo.ts).
      return undefined;
  }
}
