/**
 * The parses of the bytes a store last wrote to a few bug files. An edit still reads the file
 * under its lock every time (another window, the CLI or a hand edit may have changed it); when
 * the bytes it reads are exactly the bytes this store wrote, their parse is already known (it is
 * the check every edit makes of what it writes) and parsing them again would give the same
 * result. Comparing a few kilobytes costs microseconds; parsing them costs milliseconds. This
 * helps the common case of several edits in a row to the same bug (adding hypotheses one by one);
 * the first edit of a bug still parses its file.
 */
import type { ParsedBug } from '../format/format';
import { sameBytes } from './sameBytes';

interface Entry {
  readonly bytes: Uint8Array;
  readonly parsed: ParsedBug;
}

export class RecentParses {
  /** In order of use, the most recent last (a Map keeps insertion order). */
  private readonly entries = new Map<string, Entry>();

  /** `capacity` files are remembered; each holds its parsed document (a few times its size). */
  constructor(private readonly capacity: number) {}

  /**
   * The parse of `bytes` if `file` was last known to hold exactly these bytes. The bug is a
   * fresh copy each time: the caller may hand it to code that keeps or changes it, and that must
   * never change what is remembered. The document is shared and must not be changed
   * (editBugFile never does).
   */
  get(file: string, bytes: Uint8Array): ParsedBug | undefined {
    const entry = this.entries.get(file);
    if (!entry || !sameBytes(entry.bytes, bytes)) return undefined;
    this.entries.delete(file);
    this.entries.set(file, entry);
    return { ...entry.parsed, bug: structuredClone(entry.parsed.bug) };
  }

  /** Remembers that `file` now holds `bytes`, which parse to `parsed`. */
  remember(file: string, bytes: Uint8Array, parsed: ParsedBug): void {
    this.entries.delete(file);
    this.entries.set(file, { bytes, parsed });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  /**
   * Forgets `file` (deleted). Only to free memory: an entry is never wrong, since it is used only
   * for exactly the bytes it was parsed from.
   */
  forget(file: string): void {
    this.entries.delete(file);
  }
}
