import * as vscode from 'vscode';

/** The slice of the built-in git extension's API that we read. */
interface GitRepository {
  readonly state: { readonly HEAD?: { readonly commit?: string } };
  /** `git diff <ref> -- <path>`: the file's changes against the commit, staged or not. */
  diffWith(ref: string, path: string): Promise<string>;
  /** `git ls-tree <treeish> -- <path>`; fails when the commit has no such file. */
  getObjectDetails(treeish: string, path: string): Promise<unknown>;
}
interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
}

/**
 * Ends a snippet's `commit` when its lines were taken from a file that differed from that commit
 * (uncommitted or unsaved changes, or a file the commit does not have): the lines are from the
 * working tree, and may not be found at that commit. `git describe --dirty` marks a tree so.
 */
export const WORKING_TREE_MARK = '-dirty';

/** A snippet's `commit` split into the commit and whether its lines are from the working tree. */
export function commitOfSnippet(commit: string): { readonly commit: string; readonly workingTree: boolean } {
  return commit.endsWith(WORKING_TREE_MARK) ? { commit: commit.slice(0, -WORKING_TREE_MARK.length), workingTree: true } : { commit, workingTree: false };
}

/**
 * The short commit the file's repository is at, when the git extension knows it, marked with
 * WORKING_TREE_MARK when the file (or the open `document`) differs from that commit. Undefined
 * when there is no repository, or when whether the file matches cannot be told.
 */
export async function gitCommitOf(uri: vscode.Uri, document?: vscode.TextDocument): Promise<string | undefined> {
  try {
    const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
    if (!extension) return undefined;
    const exports = extension.isActive ? extension.exports : await extension.activate();
    const repository = exports.getAPI(1).getRepository(uri);
    const commit = repository?.state.HEAD?.commit;
    if (!repository || !commit) return undefined;
    const short = commit.slice(0, 7);
    return (await differsFromCommit(repository, commit, uri, document)) ? `${short}${WORKING_TREE_MARK}` : short;
  } catch {
    return undefined;
  }
}

async function differsFromCommit(repository: GitRepository, commit: string, uri: vscode.Uri, document: vscode.TextDocument | undefined): Promise<boolean> {
  if (document?.isDirty) return true;
  const inCommit = await repository.getObjectDetails(commit, uri.fsPath).then(
    () => true,
    () => false,
  );
  if (!inCommit) return true;
  return (await repository.diffWith(commit, uri.fsPath)).trim() !== '';
}
