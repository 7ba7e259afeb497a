/**
 * Stage 2 of resolving an anchor needs git: the snippet's file as it was at its commit, and where
 * that file is now (renames included). Asked of the `git` command line in the workspace folder,
 * never from src/core. The browser build has no child processes: esbuild.js swaps in
 * gitAnchorHistory.web.ts, which knows no history (anchors are then found by stages 1, 3 and 4).
 */
import { execFile } from 'node:child_process';
import type { AnchorHistory } from '../core/model/anchors/resolveAnchor';

/** Whether this build can ask git at all (false in the browser build). */
export const GIT_HISTORY_AVAILABLE: boolean = true;

/** Bytes of `git` output read at most: a larger file at the commit is searched without its history. */
const MAX_OUTPUT = 16 * 1024 * 1024;
/** `git describe --dirty` style mark of a snippet taken from a working tree that differed from its commit. */
const DIRTY = /-dirty$/;

/**
 * The history of `file` (workspace-relative) from `commit` to the working tree of the repository
 * holding `root`: undefined when git, the repository, the commit or the file at that commit is
 * missing (a rebase that dropped the commit and a gc that pruned it, a snippet from before `git init`).
 */
export async function gitAnchorHistory(root: string, file: string, commit: string): Promise<AnchorHistory | undefined> {
  const ref = commit.replace(DIRTY, '');
  if (!/^[0-9a-f]{4,64}$/i.test(ref)) return undefined;
  const sha = (await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]))?.trim();
  if (!sha) return undefined;
  const atCommit = await git(root, ['show', `${sha}:./${file}`]);
  if (atCommit === undefined) return undefined;
  return { atCommit, currentFile: (await renamedTo(root, sha, file)) ?? file };
}

/** `file` (workspace-relative) as it was at `commit`, to show an outdated snippet where it was; undefined when git cannot. */
export async function gitFileAtCommit(root: string, file: string, commit: string): Promise<string | undefined> {
  const ref = commit.replace(DIRTY, '');
  if (!/^[0-9a-f]{4,64}$/i.test(ref)) return undefined;
  return git(root, ['show', `${ref}:./${file}`]);
}

/**
 * The short commit the repository holding `root` is at, marked `-dirty` when `file` differs from
 * it (changed, staged or untracked), as Attach Selection records it; undefined without git.
 */
export async function gitCommitOfFile(root: string, file: string): Promise<string | undefined> {
  const head = (await git(root, ['rev-parse', '--short=7', 'HEAD']))?.trim();
  if (!head) return undefined;
  const status = await git(root, ['status', '--porcelain', '--', file]);
  if (status === undefined) return undefined;
  return status.trim() === '' ? head : `${head}-dirty`;
}

/**
 * Where `file` went since `sha`, when git sees a rename (staged or committed; rename detection
 * needs both paths, so the whole tree's name changes are listed, names only).
 */
async function renamedTo(root: string, sha: string, file: string): Promise<string | undefined> {
  const out = await git(root, ['diff', '--name-status', '-M', '-z', '--relative', sha, '--']);
  if (out === undefined) return undefined;
  const fields = out.split('\0');
  for (let i = 0; i < fields.length;) {
    const status = fields[i] ?? '';
    if (status.startsWith('R') || status.startsWith('C')) {
      if (status.startsWith('R') && fields[i + 1] === file) return fields[i + 2];
      i += 3;
    } else i += 2;
  }
  return undefined;
}

/** A git command's standard output, or undefined when it fails (no git, not a repository, unknown object). */
function git(cwd: string, args: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['-c', 'core.quotepath=off', ...args], { cwd, maxBuffer: MAX_OUTPUT, encoding: 'utf8', windowsHide: true }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    );
  });
}
