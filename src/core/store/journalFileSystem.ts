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
  read(path: string): Promise<Uint8Array>;
  /** Undefined when nothing is there. */
  stat(path: string): Promise<FileStat | undefined>;
  /** Replaces the file atomically: a temporary file in the same folder, flushed, then renamed. */
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
