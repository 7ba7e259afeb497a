/**
 * The file operations the journal store needs, on paths relative to the journal folder
 * (forward slashes). The CLI implements it over node:fs, the extension over workspace.fs, so the
 * store's rules (atomic writes, locks, never writing a file that did not parse) live once.
 */
export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface JournalEntry {
  readonly name: string;
  readonly kind: EntryKind;
}

export interface FileStat {
  readonly kind: EntryKind;
  readonly size: number;
  readonly mtimeMs: number;
  /**
   * When the file's content or metadata last changed, as the file system records it (POSIX
   * ctime): unlike mtime, nobody can set it back. Absent where the file system does not say.
   */
  readonly changeMs?: number;
  /** Which file this is (device and inode, or creation time): a file replaced by another gets a new one. */
  readonly identity?: string;
}

export interface ReadOptions {
  /** Refuse (FileTooLargeError) a file larger than this, from its size before reading, and never read more. */
  readonly maxBytes?: number;
}

/** A read refused because the file is larger than ReadOptions.maxBytes. */
export class FileTooLargeError extends Error {
  constructor(
    readonly path: string,
    readonly size: number,
    readonly maxBytes: number,
  ) {
    super(`${path} is ${size} bytes, over the ${maxBytes}-byte limit; not read.`);
    this.name = 'FileTooLargeError';
  }
}

/** Who holds a lock file: written into it, so another process can tell that its owner died. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
}

export interface JournalFileSystem {
  /**
   * This process as a lock owner. Absent where processes cannot be told apart (a remote or
   * virtual file system): there, only a lock's age says it was left behind.
   */
  readonly lockOwner?: LockOwner;
  /**
   * False when the owner of a lock is certainly gone (same host, no such process), so its lock
   * can be broken at once instead of after staleLockMs; true or undefined when unsure.
   */
  isProcessAlive?(owner: LockOwner): boolean | undefined;
  /** Entries of a folder; an empty list when the folder does not exist. */
  list(dir: string): Promise<JournalEntry[]>;
  /** A regular file's bytes (a FIFO, socket or device is refused without blocking), at most `options.maxBytes`. */
  read(path: string, options?: ReadOptions): Promise<Uint8Array>;
  /** Undefined when nothing is there. */
  stat(path: string): Promise<FileStat | undefined>;
  /** Replaces the file atomically: a temporary file in the same folder, flushed, then renamed; the file keeps its mode. */
  writeAtomic(path: string, data: Uint8Array): Promise<void>;
  /**
   * Creates the file only if nothing is at `path`; false if something is (used for locks).
   * `durable: false` skips flushing it to disk: a lock file need not survive a power loss.
   */
  createExclusive(path: string, data: Uint8Array, options?: { readonly durable?: boolean }): Promise<boolean>;
  delete(path: string): Promise<void>;
  /** Creates the folder and its parents. */
  makeDirectory(path: string): Promise<void>;
}
