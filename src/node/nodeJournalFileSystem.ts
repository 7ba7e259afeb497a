import { promises as fs, constants, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  FileTooLargeError,
  type EntryKind,
  type FileStat,
  type JournalEntry,
  type JournalFileSystem,
  type LockOwner,
  type ReadOptions,
} from '../core/store/journalFileSystem';
import { StoreError } from '../core/store/journalStore';

/**
 * The journal over node:fs, for the CLI and tests. Every path is resolved inside the journal
 * folder; writes never follow a symlink (a link could lead out of the journal), nor go through a
 * journal folder that is itself a link out of its workspace. Only regular files are ever read.
 */
export class NodeJournalFileSystem implements JournalFileSystem {
  readonly root: string;
  /** The folder the journal belongs to (by default the one that holds it): writes never leave it. */
  readonly workspace: string;
  readonly lockOwner: LockOwner = { pid: process.pid, host: hostname() };

  constructor(root: string, options: { readonly workspace?: string } = {}) {
    this.root = path.resolve(root);
    this.workspace = path.resolve(options.workspace ?? path.dirname(this.root));
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

  async read(file: string, options: ReadOptions = {}): Promise<Uint8Array> {
    const target = this.resolve(file);
    // Both at once: each is a round trip to libuv's thread pool, and a read is on every edit's path.
    const [real, realRoot] = await Promise.all([fs.realpath(target), fs.realpath(this.root)]);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) throw new Error(`${file} leads outside the journal folder; not read.`);
    // Non-blocking, so opening a FIFO returns at once; then only a regular file is read.
    const handle = await fs.open(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new Error(`${file} is not a regular file (${stat.isDirectory() ? 'a folder' : 'a FIFO, socket or device'}); not read.`);
      const limit = options.maxBytes ?? Number.MAX_SAFE_INTEGER;
      if (stat.size > limit) throw new FileTooLargeError(file, stat.size, limit);
      return await readBounded(handle, file, stat.size, limit);
    } finally {
      await handle.close();
    }
  }

  async stat(file: string): Promise<FileStat | undefined> {
    try {
      const stat = await fs.lstat(this.resolve(file));
      return { kind: kindOf(stat), size: stat.size, mtimeMs: stat.mtimeMs, changeMs: stat.ctimeMs, identity: `${stat.dev}:${stat.ino}` };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async writeAtomic(file: string, data: Uint8Array): Promise<void> {
    const target = this.resolve(file);
    const [, existing] = await Promise.all([this.refuseLinkedFolder(path.dirname(target), file), lstatIfAny(target)]);
    if (existing && !existing.isFile()) throw new Error(`${file} is not a regular file (a link or folder); not written.`);
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await fs.open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
    try {
      // The new file keeps the old one's mode (0600 stays private, 0755 stays executable).
      if (existing) await handle.chmod(existing.mode & 0o7777);
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

  /**
   * The file is written whole under a temporary name and then hard-linked into place: link()
   * fails when anything is there, and the file never appears empty or half written (a crash
   * leaves the temporary file, removed as stale later). Where hard links are not supported, it
   * is created in place (O_EXCL) and written.
   */
  async createExclusive(file: string, data: Uint8Array, options: { readonly durable?: boolean } = {}): Promise<boolean> {
    const target = this.resolve(file);
    await this.refuseLinkedFolder(path.dirname(target), file);
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
    const written = await fs.open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
    try {
      await written.writeFile(data);
      if (options.durable !== false) await written.sync();
    } finally {
      await written.close();
    }
    try {
      await fs.link(temp, target);
      if (options.durable !== false) await syncFolder(path.dirname(target));
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    } finally {
      await fs.rm(temp, { force: true });
    }
    return this.createInPlace(target, data, options);
  }

  /** createExclusive without hard links: O_EXCL, then the bytes. */
  private async createInPlace(target: string, data: Uint8Array, options: { readonly durable?: boolean }): Promise<boolean> {
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
        const [real, realRoot] = await Promise.all([
          fs.realpath(existing),
          fs.realpath(this.root).catch(() => this.root),
          this.refuseJournalOutsideWorkspace(),
        ]);
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

  /**
   * Throws when the journal folder itself really lies outside its workspace (`.bug-levels` is a
   * link to another folder): nothing is written through it. Reading still follows it.
   */
  private async refuseJournalOutsideWorkspace(): Promise<void> {
    const [real, realWorkspace] = await Promise.all([realLocation(this.root), realLocation(this.workspace)]);
    if (real !== realWorkspace && !real.startsWith(realWorkspace + path.sep))
      throw new StoreError(
        'unsafe-path',
        `The journal folder ${this.root} is a link to ${real}, outside the workspace ${this.workspace}; nothing is written through it (it is only read).`,
      );
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

/** The lstat of `target`, undefined when nothing is there. */
async function lstatIfAny(target: string): Promise<Stats | undefined> {
  try {
    return await fs.lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The real path of `target`, or of its nearest existing ancestor with the rest appended. */
async function realLocation(target: string): Promise<string> {
  try {
    return await fs.realpath(target);
  } catch (error) {
    const parent = path.dirname(target);
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === target) throw error;
    return path.join(await realLocation(parent), path.basename(target));
  }
}

/**
 * Reads the open file: `size` bytes as its stat said, or, if it grew since, on until its end, but
 * never more than `limit` bytes (FileTooLargeError past that). The usual result is a buffer of its
 * own, exactly the file's size (the parse workers take such a buffer over instead of copying it).
 */
async function readBounded(handle: FileHandle, file: string, size: number, limit: number): Promise<Uint8Array> {
  let buffer = new Uint8Array(new ArrayBuffer(Math.min(size, limit)));
  let filled = 0;
  const probe = new Uint8Array(1);
  for (;;) {
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) return buffer.subarray(0, filled); // shrank since its stat
      filled += bytesRead;
    }
    // Full: the end of the file, or it grew.
    if ((await handle.read(probe, 0, 1, null)).bytesRead === 0) return buffer;
    if (filled + 1 > limit) throw new FileTooLargeError(file, filled + 1, limit);
    const grown = new Uint8Array(new ArrayBuffer(Math.min(Math.max(buffer.length * 2, 4096), limit)));
    grown.set(buffer);
    grown[filled++] = probe[0] as number;
    buffer = grown;
  }
}

function kindOf(stat: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryKind {
  if (stat.isSymbolicLink()) return 'symlink';
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'directory';
  return 'other';
}
