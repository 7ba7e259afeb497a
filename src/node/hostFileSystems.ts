/**
 * node:fs for the desktop extension host when the workspace is on its own disk (a `file:` URI in
 * a Node extension host): the journal and its index are read and written directly instead of
 * through workspace.fs, each of whose calls is a round trip through VS Code (in the test VS Code,
 * 4 to 9 ms per stat or read made one at a time, against 0.02 to 0.1 ms for node:fs; a cold load
 * of 10,000 files makes 20,000 of them, a warm one 10,000). The web build swaps this module for
 * hostFileSystems.web.ts (esbuild.js), which has none: there, and for any other scheme (remote,
 * virtual), everything goes through workspace.fs.
 */
import type { JournalFileSystem } from '../core/store/journalFileSystem';
import type { IndexStorage } from '../core/store/journalIndex';
import { NodeJournalFileSystem } from './nodeJournalFileSystem';
import { NodeIndexStorage } from './nodeIndexStorage';

/** What the host knows of a URI (vscode.Uri has both); kept free of vscode, as src/node is. */
export interface LocalUri {
  readonly scheme: string;
  readonly fsPath: string;
}

/**
 * The journal folder at `uri` over node:fs, for a `file:` URI; undefined otherwise. A symbolic
 * link in the journal is not followed at all, as over workspace.fs (which cannot tell where one
 * leads), so a journal loads the same in every VS Code.
 */
export function localJournalFileSystem(uri: LocalUri): JournalFileSystem | undefined {
  return uri.scheme === 'file' ? new HostJournalFileSystem(uri.fsPath) : undefined;
}

/** The index file at `uri` (its previews beside it) over node:fs, for a `file:` URI; undefined otherwise. */
export function localIndexStorage(uri: LocalUri): IndexStorage | undefined {
  return uri.scheme === 'file' ? new NodeIndexStorage(uri.fsPath) : undefined;
}

class HostJournalFileSystem extends NodeJournalFileSystem {
  override async read(...args: Parameters<NodeJournalFileSystem['read']>): Promise<Uint8Array> {
    const [file] = args;
    if ((await this.stat(file))?.kind === 'symlink') throw new Error(`${file} is a symbolic link; Bug Levels does not follow links in the journal folder.`);
    return super.read(...args);
  }
}
