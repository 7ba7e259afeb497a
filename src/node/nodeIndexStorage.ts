import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { JournalIndex, type IndexPart, type IndexStorage } from '../core/store/journalIndex';

/**
 * The journal index as files, for the CLI: in the user's cache folder, never in the repository
 * (it depends on file mtimes, which differ on every clone). The entries go to `file`, the
 * previews beside it (`x.jsonl` → `x.previews.jsonl`).
 */
export class NodeIndexStorage implements IndexStorage {
  constructor(readonly file: string) {}

  /** The file a part is stored in. */
  fileOf(part: IndexPart): string {
    return part === 'entries' ? this.file : `${this.file.replace(/\.jsonl$/, '')}.previews.jsonl`;
  }

  async read(part: IndexPart): Promise<Uint8Array | undefined> {
    try {
      return await fs.readFile(this.fileOf(part));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Temp file + rename, so a reader never sees half an index; no fsync: losing a cache costs only time. */
  async write(part: IndexPart, data: Uint8Array): Promise<void> {
    const file = this.fileOf(part);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.writeFile(temp, data);
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }
}

/**
 * Where the CLI keeps its caches: `$XDG_CACHE_HOME/bug-levels` when set (on any platform), else
 * the platform's cache folder.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'bug-levels');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'bug-levels');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'bug-levels', 'Cache');
  return path.join(home, '.cache', 'bug-levels');
}

/**
 * The index of the journal folder `journalDir`, one file per folder under `cacheDir`, named by a
 * hash of the folder's real path. `codeVersion` identifies the running code (see JournalIndexOptions).
 */
export async function nodeJournalIndex(journalDir: string, cacheDir: string, codeVersion: string): Promise<JournalIndex> {
  const journal = await fs.realpath(journalDir).catch(() => path.resolve(journalDir));
  const name = `${createHash('sha256').update(journal).digest('hex').slice(0, 24)}.jsonl`;
  return new JournalIndex(new NodeIndexStorage(path.join(cacheDir, 'journal-index', name)), { codeVersion, journal, now: () => Date.now(), previews: false });
}

/** Identifies the code in `file` (the running script): its size and mtime change with every build or install. */
export async function codeVersionOf(file: string): Promise<string> {
  const stat = await fs.stat(file);
  return `${path.basename(file)}:${stat.size}:${Math.round(stat.mtimeMs)}`;
}
