import * as vscode from 'vscode';
import { JournalIndex, type IndexPart, type IndexStorage } from '../core/store/journalIndex';
import { localIndexStorage } from '../node/hostFileSystems';

/**
 * The journal index in the extension's storage (see indexLocation): per user, never in the
 * repository, since it depends on file mtimes that differ on every clone. The entries go to
 * `uri`, the previews beside it (`x.jsonl` → `x.previews.jsonl`).
 */
export class WorkspaceIndexStorage implements IndexStorage {
  constructor(readonly uri: vscode.Uri) {}

  uriOf(part: IndexPart): vscode.Uri {
    return part === 'entries' ? this.uri : this.uri.with({ path: `${this.uri.path.replace(/\.jsonl$/, '')}.previews.jsonl` });
  }

  async read(part: IndexPart): Promise<Uint8Array | undefined> {
    try {
      return await vscode.workspace.fs.readFile(this.uriOf(part));
    } catch (error) {
      if (error instanceof vscode.FileSystemError && (error.code === 'FileNotFound' || error.code === 'EntryNotFound')) return undefined;
      throw error;
    }
  }

  /** Temp file + rename, so a reader never sees half an index (a torn one would only be ignored). */
  async write(part: IndexPart, data: Uint8Array): Promise<void> {
    const uri = this.uriOf(part);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    const temp = uri.with({ path: `${uri.path}.${Math.random().toString(36).slice(2, 10)}.tmp` });
    await vscode.workspace.fs.writeFile(temp, data);
    try {
      await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
    } catch (error) {
      await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
      throw error;
    }
  }
}

/** Where the journals' indexes go, and which build of the extension writes them. */
export interface IndexLocation {
  readonly folder: vscode.Uri;
  /** Version and build of the extension: an index written by another build is ignored. */
  readonly codeVersion: Thenable<string>;
}

/** An index file not written for this long belongs to a journal no longer opened: it is deleted. */
const INDEX_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The index location of this window: the extension's global storage, one file per journal, named
 * by its URI. Not the workspace storage: VS Code keys that by the workspace's URI, which in a
 * browser (code-server, a remote) holds the server's host and port, so a server started on
 * another port (npm start picks a free one) found no index and parsed every file again (issue 15).
 * The journal's own URI, as the extension host sees it, stays the same.
 */
export function indexLocation(context: vscode.ExtensionContext): IndexLocation | undefined {
  const packageJson = context.extension.packageJSON as { version?: string; main?: string };
  const version = packageJson.version ?? '0';
  const main = vscode.Uri.joinPath(context.extensionUri, packageJson.main ?? 'package.json');
  // The main script's mtime changes with every build, so a development build never trusts an
  // index written by the previous one.
  const codeVersion = vscode.workspace.fs.stat(main).then(
    (stat) => `${version}:${stat.size}:${stat.mtime}`,
    () => version,
  );
  const folder = vscode.Uri.joinPath(context.globalStorageUri, 'journal-index');
  // Later, not on the way to the first paint: the indexes of journals not opened for a month.
  setTimeout(() => void pruneIndexes(folder, Date.now()).catch(() => undefined), 60_000).unref?.();
  return { folder, codeVersion };
}

/** Deletes the index files in `folder` not written for INDEX_MAX_AGE_MS (a journal deleted, or not opened since). */
export async function pruneIndexes(folder: vscode.Uri, now: number): Promise<void> {
  for (const [name, type] of await vscode.workspace.fs.readDirectory(folder)) {
    if (type !== vscode.FileType.File || !name.endsWith('.jsonl')) continue;
    const uri = vscode.Uri.joinPath(folder, name);
    const { mtime } = await vscode.workspace.fs.stat(uri);
    if (now - mtime > INDEX_MAX_AGE_MS) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  }
}

/**
 * The index of the journal at `journalUri`: one file per journal, named by a hash of its URI; over
 * node:fs when the storage is on this machine's disk (hostFileSystems.ts), else over workspace.fs.
 */
export async function workspaceJournalIndex(location: IndexLocation, journalUri: vscode.Uri): Promise<JournalIndex> {
  const journal = journalUri.toString();
  const uri = vscode.Uri.joinPath(location.folder, `${fnv1a(journal)}.jsonl`);
  const storage = localIndexStorage(uri) ?? new WorkspaceIndexStorage(uri);
  return new JournalIndex(storage, { codeVersion: await location.codeVersion, journal, now: () => Date.now() });
}

/** A short stable hash for a file name; a collision only makes two journals overwrite each other's cache. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
