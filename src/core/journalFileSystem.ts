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

export interface JournalFileSystem {
  /** Entries of a folder; an empty list when the folder does not exist. */
  list(dir: string): Promise<JournalEntry[]>;
  read(path: string): Promise<Uint8Array>;
  /** Undefined when nothing is there. */
  stat(path: string): Promise<FileStat | undefined>;
  /** Replaces the file atomically: a temporary file in the same folder, flushed, then renamed. */
  writeAtomic(path: string, data: Uint8Array): Promise<void>;
  /** Creates the file only if nothing is at `path`; false if something is (used for locks). */
  createExclusive(path: string, data: Uint8Array): Promise<boolean>;
  delete(path: string): Promise<void>;
  /** Creates the folder and its parents. */
  makeDirectory(path: string): Promise<void>;
}
