import * as vscode from 'vscode';
import { gitFileAtCommit } from '../node/gitAnchorHistory';

/** Documents of a file as it was at a commit: read-only (a content provider's documents are). */
export const COMMIT_SCHEME = 'bug-levels-commit';

/** The URI of `file` (workspace-relative) of `folder` at `commit`; its name stays the file's, so the language is known. */
export function commitUri(folder: vscode.WorkspaceFolder, file: string, commit: string): vscode.Uri {
  return vscode.Uri.from({ scheme: COMMIT_SCHEME, path: `/${file}`, query: JSON.stringify({ folder: folder.uri.toString(), commit }) });
}

/**
 * Serves COMMIT_SCHEME documents with `git show` (desktop, a folder on this machine). Where git
 * cannot answer (the browser, a remote folder, a pruned commit) the document says why.
 */
export function registerCommitDocuments(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(COMMIT_SCHEME, {
    async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
      const { folder, commit } = JSON.parse(uri.query) as { folder: string; commit: string };
      const folderUri = vscode.Uri.parse(folder);
      const file = uri.path.replace(/^\//, '');
      const text = folderUri.scheme === 'file' ? await gitFileAtCommit(folderUri.fsPath, file, commit) : undefined;
      return text ?? vscode.l10n.t('{0} at commit {1} cannot be shown: git does not have that commit here.', file, commit);
    },
  });
}
