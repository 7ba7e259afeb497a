/**
 * The loader's parse loop: reads files ahead of the parser and parses them, either here one at a
 * time (handing the event loop back every slice, timeSlices.ts) or, given a BugParser (worker
 * threads on Node), several at once. Either way every result is handed to `apply` in file order,
 * so the load, the index records and the progress reports do not depend on which parser ran or
 * which file finished first.
 */
import type { Bug } from '../model/types';
import type { Problem } from '../format/problems';
import { FileTooLargeError, type JournalFileSystem } from './journalFileSystem';
import { fileTooLarge, MAX_BUG_FILE_BYTES, parseBugBytes } from '../format/format';
import { TimeSlicer } from './timeSlices';

/** What a load keeps of a parse: plain data, so it survives a structured clone between threads. */
export type BugParse =
  { readonly ok: true; readonly bug: Bug; readonly readOnly: boolean; readonly problems: Problem[] } | { readonly ok: false; readonly problems: Problem[] };

/** Parses bug files off this thread; must give what parseBugBytes(bytes, shown) gives. */
export interface BugParser {
  /** How many parses are worth having in flight at once (about the number of threads). */
  readonly concurrency: number;
  /**
   * Parses one file's bytes. May take the bytes over (transfer their buffer): the caller does not
   * use them afterwards. A rejection is not a problem of the file: the loader reads the file again
   * and parses it in-thread.
   */
  parse(bytes: Uint8Array, shown: string): Promise<BugParse>;
}

export type ParsedFile = { readonly parsed: BugParse; readonly readAtMs: number } | { readonly error: Error };

export interface ParseQueueOptions {
  /** The index's clock: when a read started, recorded with the parse. */
  readonly now?: () => number;
  readonly parser?: BugParser;
}

/** Reads in flight ahead of the in-thread parser, so the disk works while the parser does. */
const READ_AHEAD = 8;
/** Parses in flight per unit of the parser's concurrency, so a thread never waits for the next file. */
const IN_FLIGHT_PER_THREAD = 4;
/** Fewer files than this are parsed in-thread even with a parser: starting threads costs more. */
export const PARSER_MIN_FILES = 8;

/** A file on its way: read (to parse here), parsed, or left by a failed parser (to read again). */
type Step = ReadResult | ParsedFile | { readonly parserFailed: true };

/** Reads and parses `files`; calls `apply` for each, in order, as soon as it and all before it are done. */
export async function parseInOrder<T extends { readonly file: string; readonly shown: string }>(
  fs: JournalFileSystem,
  files: readonly T[],
  options: ParseQueueOptions,
  apply: (file: T, result: ParsedFile, at: number) => void,
): Promise<void> {
  const { now } = options;
  // Dropped after its first failure: the files not sent to it yet are read once, parsed here.
  let parser = options.parser && files.length >= PARSER_MIN_FILES ? options.parser : undefined;
  const read = (file: T): Promise<ReadResult> => readFile(fs, file.file, now);
  const start = (file: T): Promise<Step> => {
    const using = parser;
    if (!using) return read(file);
    return read(file).then((result): Step | Promise<Step> =>
      'error' in result || 'tooLarge' in result
        ? result
        : using.parse(result.bytes, file.shown).then(
            (parsed): Step => ({ parsed, readAtMs: result.readAtMs }),
            (): Step => {
              parser = undefined;
              return { parserFailed: true };
            },
          ),
    );
  };
  const ahead = parser ? Math.max(READ_AHEAD, parser.concurrency * IN_FLIGHT_PER_THREAD) : READ_AHEAD;
  const jobs: (Promise<Step> | undefined)[] = [];
  const slicer = new TimeSlicer();
  for (let i = 0; i < files.length; i++) {
    for (let j = i; j < Math.min(files.length, i + ahead); j++) jobs[j] ??= start(files[j] as T);
    const file = files[i] as T;
    const done = await (jobs[i] as Promise<Step>);
    jobs[i] = undefined;
    // A file the parser failed on was handed over (its bytes may be gone): read again.
    apply(
      file,
      'parserFailed' in done ? parseHere(await read(file), file.shown) : 'bytes' in done || 'tooLarge' in done ? parseHere(done, file.shown) : done,
      i,
    );
    await slicer.tick();
  }
}

type ReadResult =
  { readonly bytes: Uint8Array; readonly readAtMs: number } | { readonly error: Error } | { readonly tooLarge: FileTooLargeError; readonly readAtMs: number };

/** Reads a bug file, never more than a bug file may hold: a larger one is refused from its size, unread. */
function readFile(fs: JournalFileSystem, file: string, now: (() => number) | undefined): Promise<ReadResult> {
  const readAtMs = now?.() ?? 0;
  return fs.read(file, { maxBytes: MAX_BUG_FILE_BYTES }).then(
    (bytes) => ({ bytes, readAtMs }),
    (error: unknown) =>
      error instanceof FileTooLargeError ? { tooLarge: error, readAtMs } : { error: error instanceof Error ? error : new Error(String(error)) },
  );
}

function parseHere(read: ReadResult, shown: string): ParsedFile {
  if ('error' in read) return read;
  if ('tooLarge' in read) return { parsed: fileTooLarge(shown, read.tooLarge.size, read.tooLarge.maxBytes) as BugParse, readAtMs: read.readAtMs };
  const parsed = parseBugBytes(read.bytes, shown);
  // The parser's strings are slices of the file's whole text, which they keep alive: a copy holds
  // only what the bug needs (snippets journal, 300 bugs: 44.6 MB kept after a load -> 21.0 MB, at
  // no measurable cost in load time). Bugs from worker threads arrive as copies already.
  return { parsed: parsed.ok ? { ...parsed, bug: structuredClone(parsed.bug) } : parsed, readAtMs: read.readAtMs };
}
