import * as vscode from 'vscode';

/** The slice of the built-in git extension's API that we read. */
interface GitApi {
  getRepository(uri: vscode.Uri): { state: { HEAD?: { commit?: string } } } | null;
}

/** The short commit the file's repository is at, when the git extension knows it. */
export async function gitCommitOf(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
    if (!extension) return undefined;
    const exports = extension.isActive ? extension.exports : await extension.activate();
    const commit = exports.getAPI(1).getRepository(uri)?.state.HEAD?.commit;
    return commit ? commit.slice(0, 7) : undefined;
  } catch {
    return undefined;
  }
}
