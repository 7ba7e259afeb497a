import type { FileStat, JournalEntry, JournalFileSystem } from '../../src/core/store/journalFileSystem';

/**
 * A journal folder in memory, for tests that run thousands of store operations (no disk, no
 * fsync). Only a flat folder plus subfolders by path prefix; it records every write so a test can
 * tell exactly what the store wrote.
 */
export class MemoryFileSystem implements JournalFileSystem {
  readonly files = new Map<string, { data: Uint8Array; mtimeMs: number }>();
  /** Paths passed to writeAtomic and createExclusive, in order. */
  readonly writes: string[] = [];

  put(file: string, data: Uint8Array | string): void {
    this.files.set(file, { data: typeof data === 'string' ? new TextEncoder().encode(data) : data, mtimeMs: Date.now() });
  }

  async list(dir: string): Promise<JournalEntry[]> {
    const prefix = dir ? `${dir}/` : '';
    const names = new Map<string, JournalEntry['kind']>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const [name, ...rest] = file.slice(prefix.length).split('/');
      if (name) names.set(name, rest.length > 0 ? 'directory' : 'file');
    }
    return [...names].map(([name, kind]) => ({ name, kind }));
  }

  async read(file: string): Promise<Uint8Array> {
    const entry = this.files.get(file);
    if (!entry) throw new Error(`ENOENT: ${file}`);
    return entry.data;
  }

  async stat(file: string): Promise<FileStat | undefined> {
    const entry = this.files.get(file);
    return entry ? { kind: 'file', size: entry.data.byteLength, mtimeMs: entry.mtimeMs } : undefined;
  }

  async writeAtomic(file: string, data: Uint8Array): Promise<void> {
    this.writes.push(file);
    this.put(file, data);
  }

  async createExclusive(file: string, data: Uint8Array): Promise<boolean> {
    if (this.files.has(file)) return false;
    this.writes.push(file);
    this.put(file, data);
    return true;
  }

  async delete(file: string): Promise<void> {
    this.files.delete(file);
  }

  async makeDirectory(): Promise<void> {
    // folders exist implicitly
  }
}
