/**
 * A cache of parsed bug files, so that a warm start parses no YAML (yaml@2 is 100 to 150 times
 * slower than JSON.parse). For each file it keeps the size and modification time seen when the
 * file was parsed, and the result: the validated bug, or the problems that kept it from loading.
 * An entry is used only while the file's size and mtime are unchanged, and so are its change time
 * (ctime, which nobody can set back) and identity (device and inode) where the file system reports
 * them: a file rewritten or replaced with the same size and its mtime set back is parsed again.
 * Whatever goes wrong with the cache (written by other code, torn, a bad line) costs a re-parse, never a wrong bug.
 *
 * Stored in two parts, each JSON lines (a header, then one line per file): the entries, and a
 * preview per file (bugPreview.ts: what a tree row needs, about 5% of an entry's size). A window
 * paints from the previews (10,000 bugs: a few MB) before it reads the entries (tens of MB). One
 * line per file: no single giant string, so a journal with many large snippets stays under V8's
 * string limit, and a damaged line loses one entry only. The parts live outside the repository
 * (VS Code's workspace storage, the CLI's cache folder), behind IndexStorage, so the core stays
 * free of I/O. The previews are written after the entries and are only ever shown as "maybe
 * stale": a previews part from another save than the entries costs nothing but a moment's paint.
 */
import type { Bug } from '../model/types';
import type { Problem } from '../format/problems';
import type { FileStat } from './journalFileSystem';
import { TimeSlicer } from './timeSlices';
import { fromStoredPreview, toStoredPreview } from './bugPreview';

/** The two parts of a stored index: full entries, and the previews a first paint reads. */
export type IndexPart = 'entries' | 'previews';

export interface IndexStorage {
  /** The stored part; undefined when there is none yet. */
  read(part: IndexPart): Promise<Uint8Array | undefined>;
  /** Replaces the stored part (atomically where the storage can: a torn one is ignored anyway). */
  write(part: IndexPart, data: Uint8Array): Promise<void>;
}

/** A problem as cached: the file it belongs to is the entry's, shown however the reader shows paths. */
export type CachedProblem = Omit<Problem, 'file'>;

/** What parsing one file's bytes gave; a pure function of the bytes, so it can be cached. */
export type CachedParse =
  | { readonly ok: true; readonly bug: Bug; readonly readOnly: boolean; readonly problems: readonly CachedProblem[] }
  | { readonly ok: false; readonly problems: readonly CachedProblem[] };

export interface JournalIndexOptions {
  /**
   * The code that parses (its version and build). Validation rules change between versions, so
   * an index written by other code is ignored as a whole.
   */
  readonly codeVersion: string;
  /** The journal folder (a URI or absolute path): an index of another folder is ignored. */
  readonly journal: string;
  /** Milliseconds since the epoch (passed in so tests control it). */
  readonly now: () => number;
  /** Whether save writes the previews too (default true); only a reader that paints early uses them, not the CLI. */
  readonly previews?: boolean;
}

/**
 * A file modified less than this long before it was read may be modified again within the same
 * mtime tick (FAT has 2 s ticks) without its size or mtime changing: such a file is parsed, but
 * not cached. Git's "racily clean" entries follow the same rule.
 */
export const RACY_MTIME_MS = 2_000;
/**
 * The same for the change time, which the file system sets from its own clock at each change and
 * which cannot be set back: a change within this long of the read may share its tick.
 */
export const RACY_CHANGE_MS = 100;

const FORMATS: Record<IndexPart, string> = { entries: 'bug-levels/journal-index', previews: 'bug-levels/journal-index-previews' };
const FORMAT_VERSION = 1;
const NEWLINE = 0x0a;

interface Entry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly changeMs?: number;
  readonly identity?: string;
  readonly result: CachedParse;
  /**
   * The preview of the bug as its additions make it (issue 17), when it has any: a first paint
   * shows it instead of the header's. Only the previews read it; `result` stays the header's parse.
   */
  readonly folded?: unknown;
}

/** What the index last said about a file, with the bug cut down to a preview (bugPreview.ts). */
export type CachedPreview =
  | { readonly ok: true; readonly bug: Bug; readonly readOnly: boolean; readonly problems: readonly CachedProblem[]; readonly children: number }
  | { readonly ok: false; readonly problems: readonly CachedProblem[] };

export class JournalIndex {
  private entries = new Map<string, Entry>();
  private opened: Promise<void> | undefined;
  private storedPreviews: Promise<Map<string, CachedPreview>> | undefined;
  private changed = false;

  constructor(
    private readonly storage: IndexStorage,
    private readonly options: JournalIndexOptions,
  ) {}

  /** Milliseconds since the epoch, from the clock the index was given. */
  now(): number {
    return this.options.now();
  }

  /**
   * The stored previews, read once: what the index said about each file when it was last saved,
   * enough to paint the tree before the entries are read. Empty when there are none (or they are
   * unreadable or foreign), and once the entries are open: those are what a reader shows then.
   */
  previews(): Promise<ReadonlyMap<string, CachedPreview>> {
    if (this.opened) return Promise.resolve(new Map());
    this.storedPreviews ??= (async () => {
      const result = new Map<string, CachedPreview>();
      try {
        const bytes = await this.storage.read('previews');
        // A few MB at most: decoded as one string, then split, which is faster than line by line.
        const [first, ...lines] = bytes ? new TextDecoder().decode(bytes).split('\n') : [];
        if (first !== header('previews', this.options)) return result;
        // The last line ends with a newline; a last line without one was cut short by a torn write.
        const slicer = new TimeSlicer();
        for (let i = 0; i < lines.length - 1; i++) {
          const preview = fromPreviewLine(parseJson(lines[i] as string));
          if (preview) result.set(preview[0], preview[1]);
          await slicer.tick();
        }
      } catch {
        result.clear();
      }
      return result;
    })();
    return this.storedPreviews;
  }

  /**
   * Reads the stored index the first time; after that the entries in memory are the current ones
   * (kept so by record and retain). An unreadable or foreign index is an empty one.
   */
  open(): Promise<void> {
    this.opened ??= (async () => {
      // The previews served the first paint; kept, they would hold ~1 KB per bug for nothing
      // (10,000 bugs: 11.5 MB of the heap).
      this.storedPreviews = undefined;
      try {
        const bytes = await this.storage.read('entries');
        this.entries = new Map();
        if (bytes) {
          await forEachLine(bytes, header('entries', this.options), (line) => {
            if (isEntryLine(line))
              this.entries.set(line.file, { ...keyOf(line), result: line.result, ...(line.folded === undefined ? {} : { folded: line.folded }) });
          });
        }
      } catch {
        this.entries = new Map();
      }
    })();
    return this.opened;
  }

  /** The cached result for the file whatever its size and mtime now: a preview, maybe stale. */
  peek(file: string): CachedParse | undefined {
    return this.entries.get(file)?.result;
  }

  /** The cached result for the file, if it was cached with exactly this size, mtime, change time and identity. */
  lookup(file: string, stat: FileStat): CachedParse | undefined {
    const entry = this.entries.get(file);
    return entry && entry.size === stat.size && entry.mtimeMs === stat.mtimeMs && entry.changeMs === stat.changeMs && entry.identity === stat.identity
      ? entry.result
      : undefined;
  }

  /**
   * Caches what parsing the file gave. `stat` was taken before the file was read, and `readAtMs`
   * is when the read started: a file whose mtime is too close to that is not cached (RACY_MTIME_MS).
   */
  record(file: string, stat: FileStat, readAtMs: number, result: CachedParse): void {
    if (stat.mtimeMs + RACY_MTIME_MS > readAtMs || (stat.changeMs !== undefined && stat.changeMs + RACY_CHANGE_MS > readAtMs)) {
      if (this.entries.delete(file)) this.changed = true;
      return;
    }
    this.entries.set(file, { ...keyOf(stat), result });
    this.changed = true;
  }

  /**
   * Notes the bug as its additions make it (undefined: it has none), so the next first paint
   * previews it so; saved with the entries when it changed. Nothing for a file not cached.
   */
  noteFolded(file: string, bug: Bug | undefined): void {
    const entry = this.entries.get(file);
    if (!entry) return;
    const folded = bug === undefined ? undefined : toStoredPreview(bug);
    if (JSON.stringify(folded) === JSON.stringify(entry.folded)) return;
    const { folded: _old, ...rest } = entry;
    this.entries.set(file, folded === undefined ? rest : { ...rest, folded });
    this.changed = true;
  }

  /** Forgets every file not in `files` (deleted or renamed since). */
  retain(files: ReadonlySet<string>): void {
    for (const file of this.entries.keys()) {
      if (!files.has(file)) {
        this.entries.delete(file);
        this.changed = true;
      }
    }
  }

  /** Number of cached files. */
  get size(): number {
    return this.entries.size;
  }

  /** True when the entries differ from what was last read or saved. */
  get dirty(): boolean {
    return this.changed;
  }

  /**
   * Writes the entries, then their previews, when they changed. A failed write keeps them dirty
   * for the next save.
   */
  async save(): Promise<void> {
    if (!this.changed) return;
    this.changed = false;
    try {
      await this.storage.write(
        'entries',
        await encodeLines('entries', this.options, this.entries, (file, entry) => ({
          file,
          ...keyOf(entry),
          result: entry.result,
          ...(entry.folded === undefined ? {} : { folded: entry.folded }),
        })),
      );
      if (this.options.previews !== false)
        await this.storage.write(
          'previews',
          await encodeLines('previews', this.options, this.entries, (file, { result, folded }) => toPreviewLine(file, result, folded)),
        );
    } catch (error) {
      this.changed = true;
      throw error;
    }
  }
}

/** What identifies the version of a file an entry was made from (the fields absent where the file system does not report them). */
function keyOf(from: { size: number; mtimeMs: number; changeMs?: number; identity?: string }): Omit<Entry, 'result'> {
  return {
    size: from.size,
    mtimeMs: from.mtimeMs,
    ...(from.changeMs === undefined ? {} : { changeMs: from.changeMs }),
    ...(from.identity === undefined ? {} : { identity: from.identity }),
  };
}

function header(part: IndexPart, options: JournalIndexOptions): string {
  return JSON.stringify({ format: FORMATS[part], version: FORMAT_VERSION, codeVersion: options.codeVersion, journal: options.journal });
}

/** A preview line: the file, its stored preview (when it loaded), read-only and problems when there are any. */
function toPreviewLine(file: string, result: CachedParse, folded?: unknown): unknown {
  const problems = result.problems.length ? { problems: result.problems } : {};
  if (!result.ok) return { file, ...problems };
  return { file, preview: folded ?? toStoredPreview(result.bug), ...(result.readOnly ? { readOnly: true } : {}), ...problems };
}

const NO_PROBLEMS: readonly CachedProblem[] = Object.freeze([]);

function fromPreviewLine(line: unknown): [string, CachedPreview] | undefined {
  if (!isRecord(line) || typeof line.file !== 'string') return undefined;
  let problems = NO_PROBLEMS;
  if (line.problems !== undefined) {
    if (!Array.isArray(line.problems) || !line.problems.every(isProblem)) return undefined;
    problems = line.problems as CachedProblem[];
  }
  if (line.preview === undefined) return [line.file, { ok: false, problems }];
  const preview = fromStoredPreview(line.preview);
  return preview && [line.file, { ok: true, bug: preview.bug, children: preview.children, readOnly: line.readOnly === true, problems }];
}

/** The header line, then `lineOf(file, entry)` as JSON per line, each encoded on its own. */
async function encodeLines(
  part: IndexPart,
  options: JournalIndexOptions,
  entries: ReadonlyMap<string, Entry>,
  lineOf: (file: string, entry: Entry) => unknown,
): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const slicer = new TimeSlicer();
  const lines = [encoder.encode(`${header(part, options)}\n`)];
  let length = lines[0]!.byteLength;
  for (const [file, entry] of entries) {
    const line = encoder.encode(`${JSON.stringify(lineOf(file, entry))}\n`);
    lines.push(line);
    length += line.byteLength;
    await slicer.tick();
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const line of lines) {
    out.set(line, offset);
    offset += line.byteLength;
    await slicer.tick();
  }
  return out;
}

/**
 * Calls `each` with every complete line after the header, parsed; nothing when the first line is
 * not `expectedHeader` (another format, code or journal).
 */
async function forEachLine(bytes: Uint8Array, expectedHeader: string, each: (line: unknown) => void): Promise<void> {
  const slicer = new TimeSlicer();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  let first = true;
  while (start < bytes.byteLength) {
    const end = bytes.indexOf(NEWLINE, start);
    // A last line without its newline was cut short by a torn write: skip it.
    if (end < 0) break;
    const parsed = parseLine(decoder, bytes.subarray(start, end));
    start = end + 1;
    if (first) {
      if (!isRecord(parsed) || JSON.stringify(parsed) !== expectedHeader) return;
      first = false;
      continue;
    }
    each(parsed);
    await slicer.tick();
  }
}

function parseLine(decoder: { decode(input: Uint8Array): string }, line: Uint8Array): unknown {
  try {
    return parseJson(decoder.decode(line));
  } catch {
    // Not UTF-8.
    return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The shape of an entry line. Only the shape is checked, not every field of the bug: the index is
 * written by this code into storage only this user can write, so a line that has the right shape
 * and still lies means the storage was tampered with by someone who could change the code too.
 */
function isEntryLine(
  value: unknown,
): value is { file: string; size: number; mtimeMs: number; changeMs?: number; identity?: string; result: CachedParse; folded?: unknown } {
  return (
    isRecord(value) &&
    typeof value.file === 'string' &&
    typeof value.size === 'number' &&
    typeof value.mtimeMs === 'number' &&
    (value.changeMs === undefined || typeof value.changeMs === 'number') &&
    (value.identity === undefined || typeof value.identity === 'string') &&
    isCachedResult(value.result)
  );
}

function isCachedResult(result: unknown): result is Record<string, unknown> & CachedParse {
  if (!isRecord(result) || !Array.isArray(result.problems) || !result.problems.every(isProblem)) return false;
  if (result.ok === false) return true;
  return (
    result.ok === true &&
    typeof result.readOnly === 'boolean' &&
    isRecord(result.bug) &&
    typeof result.bug.id === 'string' &&
    typeof result.bug.title === 'string'
  );
}

function isProblem(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.message === 'string' &&
    typeof value.code === 'string' &&
    typeof value.line === 'number' &&
    typeof value.column === 'number' &&
    (value.severity === 'error' || value.severity === 'warning')
  );
}
