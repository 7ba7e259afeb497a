import * as vscode from 'vscode';
import { FileTooLargeError, type EntryKind, type FileStat, type JournalEntry, type JournalFileSystem, type ReadOptions } from '../core/store/journalFileSystem';
import { isSafeRelativePath } from '../core/model/paths';
import { StoreError } from '../core/store/journalStore';

/**
 * The journal over `workspace.fs`, so it works in remote and virtual workspaces too. There is
 * no atomic write in that API, so a write goes to a temporary file beside the target and is
 * renamed over it; an exclusive create is a rename that refuses to overwrite.
 */
export class WorkspaceJournalFileSystem implements JournalFileSystem {
  constructor(readonly root: vscode.Uri) {}

  uriOf(relative: string): vscode.Uri {
    if (relative && !isSafeRelativePath(relative)) throw new Error(`${relative} is outside the journal folder.`);
    return relative ? vscode.Uri.joinPath(this.root, relative) : this.root;
  }

  async list(dir: string): Promise<JournalEntry[]> {
    try {
      const entries = await vscode.workspace.fs.readDirectory(this.uriOf(dir));
      return entries.map(([name, type]) => ({ name, kind: kindOf(type) }));
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  /**
   * workspace.fs cannot tell where a symbolic link leads, so links are not followed at all: a
   * link in a shared journal could otherwise make the extension read files outside it. Only a
   * regular file is read (a FIFO would block), and one over `maxBytes` is refused from its size.
   */
  async read(file: string, options: ReadOptions = {}): Promise<Uint8Array> {
    const stat = await this.stat(file);
    if (stat?.kind === 'symlink') throw new Error(`${file} is a symbolic link; Bug Levels does not follow links in the journal folder.`);
    if (stat && stat.kind !== 'file')
      throw new Error(`${file} is not a regular file (${stat.kind === 'directory' ? 'a folder' : 'a FIFO, socket or device'}); not read.`);
    const limit = options.maxBytes ?? Number.MAX_SAFE_INTEGER;
    if (stat && stat.size > limit) throw new FileTooLargeError(file, stat.size, limit);
    const bytes = await vscode.workspace.fs.readFile(this.uriOf(file));
    // workspace.fs has no bounded read: a file that grew past the limit since its stat is refused still.
    if (bytes.byteLength > limit) throw new FileTooLargeError(file, bytes.byteLength, limit);
    return bytes;
  }

  async stat(file: string): Promise<FileStat | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(this.uriOf(file));
      // workspace.fs reports no change time; its ctime is the creation time: a replaced file gets a new one.
      return { kind: kindOf(stat.type), size: stat.size, mtimeMs: stat.mtime, identity: `created ${stat.ctime}` };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async writeAtomic(file: string, data: Uint8Array): Promise<void> {
    const [existing] = await Promise.all([this.stat(file), this.refuseLinkedFolders(file)]);
    if (existing && existing.kind !== 'file') throw new Error(`${file} is not a regular file (a link or folder); not written.`);
    const temp = this.tempUriFor(file);
    // The temporary file starts as a copy of the old one, so it has its mode (0600 stays private,
    // 0755 executable: workspace.fs cannot set a mode); writing it then keeps the mode.
    if (existing) await vscode.workspace.fs.copy(this.uriOf(file), temp, { overwrite: false }).then(undefined, () => undefined);
    await vscode.workspace.fs.writeFile(temp, data);
    try {
      await vscode.workspace.fs.rename(temp, this.uriOf(file), { overwrite: true });
    } catch (error) {
      await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
      throw error;
    }
  }

  async createExclusive(file: string, data: Uint8Array): Promise<boolean> {
    const [, there] = await Promise.all([this.refuseLinkedFolders(file), this.stat(file)]);
    if (there) return false;
    const temp = this.tempUriFor(file);
    await vscode.workspace.fs.writeFile(temp, data);
    try {
      await vscode.workspace.fs.rename(temp, this.uriOf(file), { overwrite: false });
      return true;
    } catch (error) {
      await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
      if (error instanceof vscode.FileSystemError && error.code === 'FileExists') return false;
      throw error;
    }
  }

  async delete(file: string): Promise<void> {
    await this.refuseLinkedFolders(file);
    try {
      await vscode.workspace.fs.delete(this.uriOf(file), { recursive: false, useTrash: false });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async makeDirectory(dir: string): Promise<void> {
    await this.refuseLinkedFolders(`${dir}/.`);
    await vscode.workspace.fs.createDirectory(this.uriOf(dir));
  }

  /**
   * Throws when the journal folder, or a folder of it on the way to `file`, is a symbolic link:
   * workspace.fs cannot tell where a link leads (the journal folder may be a link out of the
   * workspace), so nothing is written through one. Reading still follows the journal folder.
   */
  private async refuseLinkedFolders(file: string): Promise<void> {
    const parts = file.split('/').slice(0, -1);
    const folders = ['', ...parts.map((_, i) => parts.slice(0, i + 1).join('/'))].filter((folder, i) => i === 0 || (folder !== '' && folder !== '.'));
    const stats = await Promise.all(folders.map((folder) => this.stat(folder).catch(() => undefined)));
    const linked = folders.find((_, i) => stats[i]?.kind === 'symlink');
    if (linked === undefined) return;
    throw new StoreError(
      'unsafe-path',
      linked === ''
        ? vscode.l10n.t(
            'The journal folder {0} is a symbolic link; VS Code cannot tell where it leads, so nothing is written through it (it is only read).',
            this.root.toString(true),
          )
        : vscode.l10n.t(
            '{0} in the journal folder is a symbolic link; VS Code cannot tell where it leads, so nothing is written through it (it is only read).',
            linked,
          ),
    );
  }

  private tempUriFor(file: string): vscode.Uri {
    const slash = file.lastIndexOf('/');
    const name = `.${file.slice(slash + 1)}.${Math.random().toString(36).slice(2, 10)}.tmp`;
    return this.uriOf(slash < 0 ? name : `${file.slice(0, slash)}/${name}`);
  }
}

function kindOf(type: vscode.FileType): EntryKind {
  if (type & vscode.FileType.SymbolicLink) return 'symlink';
  if (type === vscode.FileType.File) return 'file';
  if (type === vscode.FileType.Directory) return 'directory';
  return 'other';
}

function isNotFound(error: unknown): boolean {
  return error instanceof vscode.FileSystemError && (error.code === 'FileNotFound' || error.code === 'EntryNotFound');
}
