/**
 * Loading a journal folder: every `*.yaml` file directly in it, in name order, each either a bug
 * or the problems that kept it from loading. With an index, the tree can paint from its previews
 * before anything is checked, and a file whose size and mtime are unchanged is neither read nor
 * parsed. The rest are parsed by the given parser (worker threads, parseQueue.ts) or here, one at
 * a time, handing the event loop back regularly (timeSlices.ts), so the extension host stays
 * responsive during a cold load. Results are applied in file order either way.
 */
import type { FileStat, JournalEntry, JournalFileSystem } from './journalFileSystem';
import type { CachedParse, CachedPreview, JournalIndex } from './journalIndex';
import type { JournalLoad, LoadedBug } from './journalStore';
import type { Problem } from '../format/problems';
import { parseInOrder, type BugParse, type BugParser } from './parseQueue';
import { foldWithProblems, isAdditionsFolderName, readAdditions, type AdditionCache } from './additionFiles';

export interface LoadOptions {
  /** Parsed files to reuse; updated with every file parsed (the caller saves it). */
  readonly index?: JournalIndex;
  /**
   * Called with what has loaded so far, so a view can paint before the load ends: first with
   * the index's previews of the files listed (bugPreview.ts: LoadedBug.preview is set), before
   * they are checked (the last state this code saw, possibly stale for a moment), then every
   * PROGRESS_EVERY parsed files, with files not parsed yet in full as the index had them. The
   * returned load is always checked and complete, with no previews.
   */
  readonly onProgress?: (partial: JournalLoad) => void;
  /**
   * Parses files off this thread (worker threads on Node, src/node/parseWorkerPool.ts); without
   * it, files are parsed here, one at a time between event-loop turns. The load is the same.
   */
  readonly parser?: BugParser;
  /** Parsed addition files to reuse (the store's). */
  readonly additionCache?: AdditionCache;
}

/** Files parsed between two progress reports. */
export const PROGRESS_EVERY = 100;
/** Stats in flight while checking the index (a warm load is mostly stats). */
const STAT_CONCURRENCY = 32;

/** One file of the folder and, once known, what it gave. */
interface Slot {
  readonly file: string;
  readonly shown: string;
  readonly kind: JournalEntry['kind'];
  stat?: FileStat;
  outcome?: Outcome;
  /** What the index had for the file before it was checked: shown in progress reports only. */
  stale?: Outcome;
}

interface Outcome {
  readonly loaded?: { readonly bug: LoadedBug['bug']; readonly readOnly: boolean; readonly preview?: LoadedBug['preview'] };
  readonly problems: readonly Problem[];
}

export interface LoadResult {
  readonly load: JournalLoad;
  /** Where each loaded bug was found. */
  readonly fileById: Map<string, string>;
}

/** Loads every bug file of the folder; see the module comment. */
export async function loadJournalFolder(fs: JournalFileSystem, displayPath: (file: string) => string, options: LoadOptions = {}): Promise<LoadResult> {
  const { index, onProgress } = options;
  // Read while the folder is listed: both are I/O, and both come before the first paint.
  const previewsRead = index && onProgress ? index.previews() : undefined;
  const listed = await fs.list('');
  const entries = listed.filter((entry) => entry.name.endsWith('.yaml') || isYmlFile(entry)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Additions folders (issue 17): `<stem>/` beside the header `<stem>.yaml`. A journal without
  // any (every v1 journal) costs nothing more than before.
  const folders = listed.filter((entry) => entry.kind === 'directory' && isAdditionsFolderName(entry.name)).map((entry) => entry.name);
  const slots: Slot[] = [];
  for (const entry of entries) {
    const slot: Slot = { file: entry.name, shown: displayPath(entry.name), kind: entry.kind };
    if (isYmlFile(entry)) {
      // Reported, never read: one ending chosen (.yaml), so a bug file is never read twice under
      // two names, and the file that was silently ignored (issue 13) says so. A warning: the
      // journal's numbers are whole without it, it just does not count.
      const name = entry.name.slice(0, -'.yml'.length);
      slot.outcome = {
        problems: [
          {
            ...problemAt(slot.shown, 'not-yaml-extension', `'${entry.name}' is not read: bug files end in .yaml. Rename it to '${name}.yaml' to load it.`),
            severity: 'warning',
          },
        ],
      };
    } else if (entry.kind === 'directory' || entry.kind === 'other') {
      slot.outcome = {
        problems: [problemAt(slot.shown, 'not-a-file', `'${entry.name}' is a ${entry.kind === 'directory' ? 'folder' : 'special file'}, not a bug file.`)],
      };
    }
    slots.push(slot);
  }

  if (index) {
    // A symlink's lstat says nothing about its target, so linked files are always parsed.
    const files = slots.filter((slot) => !slot.outcome && slot.kind === 'file');
    if (onProgress && previewsRead) {
      // Checking thousands of files, or even decoding the full index, takes longer than painting
      // what the index's previews say.
      const previews = await previewsRead;
      for (const slot of files) {
        const preview = previews.get(slot.file);
        if (preview) slot.stale = fromCached(preview, slot.shown);
      }
      if (files.some((slot) => slot.stale)) onProgress(assemble(slots, true).load);
    }
    // The files are stat'ed while the entries are decoded: the stats wait on the disk (the thread
    // pool), the decoding on this thread, and a warm load is little else (10,000 files: 140 ms of
    // stats hidden behind 370 ms of decoding).
    const statted = forEachConcurrently(files, STAT_CONCURRENCY, async (slot) => {
      slot.stat = await fs.stat(slot.file).catch(() => undefined);
    });
    await index.open();
    await statted;
    for (const slot of files) {
      const cached = slot.stat && index.lookup(slot.file, slot.stat);
      if (cached) {
        slot.outcome = fromCached(cached, slot.shown);
        continue;
      }
      // Later progress reports show a file not parsed yet as the index had it, in full.
      const stale = index.peek(slot.file);
      if (stale) slot.stale = fromCached(stale, slot.shown);
    }
    index.retain(new Set(slots.map((slot) => slot.file)));
  }

  const pending = slots.filter((slot) => !slot.outcome);
  await parseInOrder(fs, pending, { now: index && (() => index.now()), parser: options.parser }, (slot, result, i) => {
    if ('error' in result) {
      slot.outcome = { problems: [problemAt(slot.shown, 'read-error', `Could not read the file: ${result.error.message}`)] };
    } else {
      const { parsed } = result;
      slot.outcome = parsed.ok ? { loaded: { bug: parsed.bug, readOnly: parsed.readOnly }, problems: parsed.problems } : { problems: parsed.problems };
      if (index && slot.stat) index.record(slot.file, slot.stat, result.readAtMs, toCached(parsed));
    }
    if (onProgress && (i + 1) % PROGRESS_EVERY === 0 && i + 1 < pending.length) onProgress(assemble(slots, true).load);
  });
  const foldedFiles = new Set<string>();
  const orphans = await foldAdditionFolders(fs, displayPath, slots, folders, options.additionCache, foldedFiles);
  if (index) {
    // The first paint of the next window previews each bug as its additions make it.
    for (const slot of slots) index.noteFolded(slot.file, foldedFiles.has(slot.file) ? slot.outcome?.loaded?.bug : undefined);
  }
  const result = assemble(slots);
  result.load.problems.push(...orphans);
  return result;
}

/**
 * Each bug with an additions folder becomes its header folded with its additions; problems of
 * the additions (a torn file, a superseded one) join its header's. A folder whose header is gone
 * (deleted on one side of a merge, renamed by hand) is reported, never dropped silently.
 */
async function foldAdditionFolders(
  fs: JournalFileSystem,
  displayPath: (file: string) => string,
  slots: readonly Slot[],
  folders: readonly string[],
  cache: AdditionCache | undefined,
  foldedFiles: Set<string>,
): Promise<Problem[]> {
  if (!folders.length) return [];
  const byStem = new Map(slots.map((slot) => [slot.file.replace(/\.yaml$/, ''), slot]));
  const orphans: Problem[] = [];
  await forEachConcurrently(folders, 8, async (folder) => {
    const slot = byStem.get(folder);
    const read = await readAdditions(fs, folder, displayPath, cache).catch((error: unknown) => ({
      additions: [],
      names: [],
      newer: false,
      problems: [problemAt(displayPath(folder), 'read-error', `Could not read the additions folder: ${(error as Error).message}`)],
    }));
    if (!slot || !slot.file.endsWith('.yaml')) {
      if (read.names.length) orphans.push(orphanAdditionsProblem(displayPath(folder), folder, read.names.length));
      return;
    }
    const outcome = slot.outcome;
    if (!outcome?.loaded) {
      slot.outcome = outcome ? { ...outcome, problems: [...outcome.problems, ...read.problems] } : outcome;
      return;
    }
    if (!read.names.length && !read.problems.length) return;
    const folded = foldWithProblems(outcome.loaded.bug, folder, read, displayPath);
    foldedFiles.add(slot.file);
    slot.outcome = {
      loaded: { bug: folded.bug, readOnly: outcome.loaded.readOnly || read.newer },
      problems: [...outcome.problems, ...folded.problems],
    };
  });
  return orphans.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Additions whose bug file is gone: an error, so they are never dropped silently. */
export function orphanAdditionsProblem(shown: string, folder: string, count: number): Problem {
  return problemAt(
    shown,
    'orphan-additions',
    `${count} addition${count === 1 ? '' : 's'} in '${folder}/' belong${count === 1 ? 's' : ''} to no bug: '${folder}.yaml' is gone (deleted on one side of a merge, or renamed). Restore that bug file to keep them, or delete the folder.`,
  );
}

/**
 * The bugs and problems of the slots that have an outcome (or, with `withStale`, a stale one),
 * in file order. A bug id found in two files loads from the first (read-only until fixed); the
 * second is reported, not loaded.
 */
function assemble(slots: readonly Slot[], withStale = false): LoadResult {
  const bugs: LoadedBug[] = [];
  const problems: Problem[] = [];
  const fileById = new Map<string, string>();
  const firstById = new Map<string, { readonly at: number; readonly shown: string }>();
  for (const slot of slots) {
    const { file, shown } = slot;
    const outcome = slot.outcome ?? (withStale ? slot.stale : undefined);
    if (!outcome) continue;
    problems.push(...outcome.problems);
    if (!outcome.loaded) continue;
    const { bug, readOnly, preview } = outcome.loaded;
    const first = firstById.get(bug.id);
    if (first !== undefined) {
      problems.push(problemAt(shown, 'duplicate-id', `Bug id '${bug.id}' is also used by ${first.shown}; this copy is not loaded. Give one of them a new id.`));
      problems.push({
        ...problemAt(first.shown, 'duplicate-id', `Bug id '${bug.id}' is also used by ${shown}; this file is shown read-only until that is fixed.`),
        severity: 'warning',
      });
      bugs[first.at] = { ...(bugs[first.at] as LoadedBug), readOnly: true };
      continue;
    }
    firstById.set(bug.id, { at: bugs.length, shown });
    fileById.set(bug.id, file);
    const conflict = outcome.problems.find((problem) => problem.code === 'merge-conflict');
    if (conflict) bugs.push({ bug, file, readOnly: true, conflicted: { line: conflict.line } });
    else bugs.push(preview ? { bug, file, readOnly, preview } : { bug, file, readOnly });
  }
  return { load: { bugs, problems }, fileById };
}

function toCached(parsed: BugParse): CachedParse {
  const problems = parsed.problems.map(({ file: _file, ...rest }) => rest);
  return parsed.ok ? { ok: true, bug: parsed.bug, readOnly: parsed.readOnly, problems } : { ok: false, problems };
}

function fromCached(cached: CachedParse | CachedPreview, shown: string): Outcome {
  const problems = cached.problems.map((problem): Problem => ({ ...problem, file: shown }));
  if (!cached.ok) return { problems };
  const preview = 'children' in cached ? { children: cached.children } : undefined;
  return { loaded: preview ? { bug: cached.bug, readOnly: cached.readOnly, preview } : { bug: cached.bug, readOnly: cached.readOnly }, problems };
}

/** A file (or a link to one) named `*.yml`: a bug file with the wrong ending. */
function isYmlFile(entry: JournalEntry): boolean {
  return entry.name.endsWith('.yml') && (entry.kind === 'file' || entry.kind === 'symlink');
}

function problemAt(file: string, code: Problem['code'], message: string): Problem {
  return { file, line: 1, column: 1, code, message, severity: 'error' };
}

async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
