import { promises as fs, constants } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { EntryKind, FileStat, JournalEntry, JournalFileSystem, LockOwner } from '../core/store/journalFileSystem';

/**
 * The journal over node:fs, for the CLI and tests. Every path is resolved inside the journal
 * folder; writes never follow a symlink (a link could lead out of the journal).
 */
export class NodeJournalFileSystem implements JournalFileSystem {
  readonly root: string;
  readonly lockOwner: LockOwner = { pid: process.pid, host: hostname() };

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Signal 0 probes a process without touching it: ESRCH means there is none with that id. */
  isProcessAlive(owner: LockOwner): boolean | undefined {
    if (owner.host !== this.lockOwner.host) return undefined; // another machine sharing the folder
    if (owner.pid === process.pid) return true;
    try {
      process.kill(owner.pid, 0);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ESRCH') return false;
      return code === 'EPERM' ? true : undefined; // EPERM: it exists, run by another user
    }
  }

  async list(dir: string): Promise<JournalEntry[]> {
    try {
      const entries = await fs.readdir(this.resolve(dir), { withFileTypes: true });
      return entries.map((entry) => ({
        name: entry.name,
        kind: entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'symlink' : 'other',
      }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async read(file: string): Promise<Uint8Array> {
    const target = this.resolve(file);
    // Both at once: each is a round trip to libuv's thread pool, and a read is on every edit's path.
    const [real, realRoot] = await Promise.all([fs.realpath(target), fs.realpath(this.root)]);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) throw new Error(`${file} leads outside the journal folder; not read.`);
    return fs.readFile(real);
  }

  async stat(file: string): Promise<FileStat | undefined> {
    try {
      const stat = await fs.lstat(this.resolve(file));
      return { kind: kindOf(stat), size: stat.size, mtimeMs: stat.mtimeMs };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async writeAtomic(file: string, data: Uint8Array): Promise<void> {
    const target = this.resolve(file);
    const [, existing] = await Promise.all([this.refuseLinkedFolder(path.dirname(target), file), this.stat(file)]);
    if (existing && existing.kind !== 'file') throw new Error(`${file} is not a regular file (a link or folder); not written.`);
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await fs.open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    await syncFolder(path.dirname(target));
  }

  async createExclusive(file: string, data: Uint8Array, options: { readonly durable?: boolean } = {}): Promise<boolean> {
    const target = this.resolve(file);
    await this.refuseLinkedFolder(path.dirname(target), file);
    let handle;
    try {
      handle = await fs.open(target, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    try {
      await handle.writeFile(data);
      if (options.durable !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  }

  async delete(file: string): Promise<void> {
    const target = this.resolve(file);
    await this.refuseLinkedFolder(path.dirname(target), file);
    await fs.rm(target, { force: true });
  }

  async makeDirectory(dir: string): Promise<void> {
    const target = this.resolve(dir);
    await this.refuseLinkedFolder(target, dir);
    await fs.mkdir(target, { recursive: true });
  }

  /**
   * Throws when `dir` (or its nearest existing ancestor) really lies outside the journal folder:
   * a symlinked folder inside the journal (`attachments -> /elsewhere`) must not carry writes out.
   */
  private async refuseLinkedFolder(dir: string, shown: string): Promise<void> {
    let existing = dir;
    for (;;) {
      try {
        const [real, realRoot] = await Promise.all([fs.realpath(existing), fs.realpath(this.root).catch(() => this.root)]);
        if (real !== realRoot && !real.startsWith(realRoot + path.sep))
          throw new Error(`${shown} leads outside the journal folder through a link; not written.`);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        const parent = path.dirname(existing);
        // Nothing of the path exists yet, not even the journal folder: nothing can be a link.
        if (parent === existing || !(parent === this.root || parent.startsWith(this.root + path.sep))) return;
        existing = parent;
      }
    }
  }

  /** The absolute path of a journal-relative one; refuses anything that climbs out. */
  private resolve(relative: string): string {
    if (relative.includes('\0')) throw new Error('A journal path cannot contain NUL.');
    const resolved = path.resolve(this.root, relative);
    if (resolved !== this.root && !resolved.startsWith(this.root + path.sep)) throw new Error(`${relative} is outside the journal folder.`);
    return resolved;
  }
}

/**
 * Flushes a folder's entries, so a rename survives a power loss. Not possible everywhere (Windows
 * cannot open a folder for this); the rename itself is still atomic there.
 */
async function syncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await fs.open(dir, constants.O_RDONLY);
    await handle.sync();
  } catch {
    // best effort: see above
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function kindOf(stat: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryKind {
  if (stat.isSymbolicLink()) return 'symlink';
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'directory';
  return 'other';
}
