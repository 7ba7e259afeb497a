/**
 * Loading a journal: cold (no index), first start with the index (parses everything and writes
 * the index), warm (index present, nothing changed), and the first tree paint, each against
 * floors measured in the same run on the same files.
 */
import { execFileSync } from 'node:child_process';
import * as fsSync from 'node:fs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { parse as parseYaml } from 'yaml';
import { JournalStore, type JournalLoad } from '../../src/core/store/journalStore';
import { JournalIndex } from '../../src/core/store/journalIndex';
import { parseBugBytes } from '../../src/core/format/format';
import { toTimestamp } from '../../src/core/model/time';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';
import { NodeIndexStorage } from '../../src/node/nodeIndexStorage';
import { createNodeBugParser } from '../../src/node/bugParser';
import type { GeneratedJournal } from '../generate';
import { inParallel, longestBlock, median, round, time, type Timing } from '../measure';
import { journalStub, paintTree } from '../treeModel';

/** The node file system, counting the bug files it reads (to show a warm load parses none). */
export class CountingFileSystem extends NodeJournalFileSystem {
  reads = 0;

  override async read(file: string): Promise<Uint8Array> {
    this.reads++;
    return super.read(file);
  }
}

export interface RunPlan {
  /** Runs of the fast measures (floors, warm loads, paints, edits). */
  readonly fast: number;
  /** Runs of the slow ones (every file parsed). */
  readonly slow: number;
  /** Time budget for each slow measure. */
  readonly slowBudgetMs: number;
}

export interface LoadResults {
  /** statAndOneJsonFile is undefined when all bugs do not fit in one JS string. */
  readonly floors: { readonly readAndJsonParse: Timing; readonly statAndOneJsonFile?: Timing; readonly readAndYamlParse: Timing };
  /** format.ts's parse + validate of every file, bytes already in memory: what the loader wraps. */
  readonly parseInMemory?: Timing;
  readonly cold: Timing;
  /**
   * The same cold load with parse worker threads, as the desktop extension and the CLI load
   * (src/node/bugParser.ts, its default size), with the bundled worker script; and the longest
   * event-loop block during it. Undefined when the workers could not start.
   */
  readonly coldWorkers?: Timing & { readonly threads: number; readonly longestBlockMs: number };
  readonly firstIndexedLoad: Timing;
  readonly indexSave: Timing;
  readonly indexBytes: number;
  readonly warm: Timing & { readonly filesParsed: number };
  readonly firstPaintWarm: Paint;
  readonly firstPaintOnePercentChanged: Paint;
  readonly paintModelOnly: Timing;
  /** Longest event-loop block (ms) during one cold load, one warm load and one index save. */
  readonly longestBlockMs: { readonly cold: number; readonly warm: number; readonly indexSave: number };
  readonly ratios: Record<string, number | undefined>;
}

/** Activation to the first tree paint, and to the load being complete (checked against the files). */
export interface Paint {
  readonly firstPaintMs: number;
  readonly completeMs: number;
  readonly rows: number;
  readonly changedFiles: number;
  readonly runs: number;
}

const NOW = toTimestamp(Date.parse('2025-06-01T00:00:00Z'));

export function indexFor(file: string, journal: string): JournalIndex {
  return new JournalIndex(new NodeIndexStorage(file), { codeVersion: 'bench', journal, now: () => Date.now() });
}

export async function benchLoad(
  journal: GeneratedJournal,
  work: string,
  plan: RunPlan,
): Promise<{ results: LoadResults; warmStore: JournalStore; warmLoad: JournalLoad; indexFile: string }> {
  const files = journal.files.map((file) => path.join(journal.dir, file));
  const jsonTexts = journal.bugs.map((bug) => JSON.stringify(bug));
  // One JSON file of every bug: impossible past V8's longest string (≈0.5 GB), so then not measured.
  const allJson = path.join(work, 'all-bugs.json');
  const jsonLength = jsonTexts.reduce((sum, text) => sum + text.length + 1, 1);
  const oneJsonPossible = jsonLength < 400e6;
  if (oneJsonPossible) await fs.writeFile(allJson, `[${jsonTexts.join(',')}]`);
  const indexFile = path.join(work, 'index.jsonl');
  const slow = { runs: plan.slow, budgetMs: plan.slowBudgetMs };

  const readAndJsonParse = await time(
    () =>
      inParallel(files, 64, async (file, i) => {
        await fs.readFile(file);
        JSON.parse(jsonTexts[i] as string);
      }),
    { runs: plan.fast, warmup: 1 },
  );
  const statAndOneJsonFile = oneJsonPossible
    ? await time(
        async () => {
          await inParallel(files, 64, async (file) => void (await fs.stat(file)));
          JSON.parse(await fs.readFile(allJson, 'utf8'));
        },
        { runs: plan.fast, warmup: 1 },
      )
    : undefined;
  jsonTexts.length = 0;
  const readAndYamlParse = await time(() => inParallel(files, 64, async (file) => void parseYaml(await fs.readFile(file, 'utf8'))), slow);

  const cold = await time(() => new JournalStore(new NodeJournalFileSystem(journal.dir)).load(), slow);
  const coldWorkers = await coldLoadWithWorkers(journal.dir, work, slow);

  // Another full parse: skipped for the largest journals, where it would add minutes.
  const parseInMemory = files.length <= 1000 ? await parseOnly(files, slow) : undefined;

  // The first start with the index on: every file parsed and recorded, then the index saved.
  const block = { cold: 0, warm: 0, indexSave: 0 };
  let pendingIndex: JournalIndex | undefined;
  const firstIndexedLoad = await time(
    async () => {
      pendingIndex = indexFor(indexFile, journal.dir);
      const index = pendingIndex;
      block.cold = Math.max(block.cold, await longestBlock(() => new JournalStore(new NodeJournalFileSystem(journal.dir)).load({ index })));
    },
    { ...slow, runs: Math.min(2, plan.slow), before: () => fs.rm(indexFile, { force: true }) },
  );
  const indexSave = await time(
    async () => {
      block.indexSave = await longestBlock(async () => pendingIndex?.save());
    },
    { runs: 1 },
  );
  const indexBytes = (await fs.stat(indexFile)).size;

  let filesParsed = 0;
  let warmStore = new JournalStore(new NodeJournalFileSystem(journal.dir));
  let warmLoad: JournalLoad = { bugs: [], problems: [] };
  const warm = await time(
    async () => {
      const counting = new CountingFileSystem(journal.dir);
      warmStore = new JournalStore(counting);
      block.warm = Math.max(
        block.warm,
        await longestBlock(async () => {
          warmLoad = await warmStore.load({ index: indexFor(indexFile, journal.dir) });
        }),
      );
      filesParsed = Math.max(filesParsed, counting.reads);
    },
    { runs: plan.fast, warmup: 1 },
  );

  const firstPaintWarm = paintFromIndex(journal, files, indexFile, plan.fast, 0);
  const paintModelOnly = await time(() => paintTree(journalStub(warmLoad.bugs, warmLoad.problems), NOW), { runs: plan.fast, warmup: 1 });

  const firstPaintOnePercentChanged = paintFromIndex(journal, files, indexFile, plan.fast, 0.01);

  const results: LoadResults = {
    floors: { readAndJsonParse, statAndOneJsonFile, readAndYamlParse },
    cold,
    coldWorkers,
    parseInMemory,
    firstIndexedLoad,
    indexSave,
    indexBytes,
    warm: { ...warm, filesParsed },
    firstPaintWarm,
    firstPaintOnePercentChanged,
    paintModelOnly,
    longestBlockMs: block,
    ratios: {
      coldVsReadAndJsonParse: r(cold, readAndJsonParse),
      coldVsReadAndYamlParse: r(cold, readAndYamlParse),
      coldWorkersVsReadAndYamlParse: coldWorkers && r(coldWorkers, readAndYamlParse),
      coldVsParseInMemory: parseInMemory && r(cold, parseInMemory),
      parseInMemoryVsReadAndYamlParse: parseInMemory && r(parseInMemory, readAndYamlParse),
      warmVsReadAndJsonParse: r(warm, readAndJsonParse),
      warmVsStatAndOneJsonFile: statAndOneJsonFile && r(warm, statAndOneJsonFile),
      firstPaintWarmVsStatAndOneJsonFile: statAndOneJsonFile && round(firstPaintWarm.firstPaintMs / statAndOneJsonFile.medianMs),
    },
  };
  return { results, warmStore, warmLoad, indexFile };
}

const REPO = path.resolve(__dirname, '..', '..', '..');

/**
 * Cold loads through a worker pool made as the extension makes it, but starting the worker script
 * esbuild.js ships (dist/parseWorker.js, minified) rather than tsc's out/ (slower to start).
 * The threads are ended before each run, so every run pays for starting them.
 */
async function coldLoadWithWorkers(dir: string, work: string, options: { runs: number; budgetMs: number }): Promise<LoadResults['coldWorkers']> {
  const script = path.join(work, 'parseWorker.js');
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    logLevel: 'warning',
    absWorkingDir: REPO,
    entryPoints: ['src/node/parseWorker.ts'],
    outfile: script,
  });
  const parser = createNodeBugParser({ script });
  if (!parser) return undefined;
  let block = 0;
  const timing = await time(
    async () => {
      block = Math.max(block, await longestBlock(() => new JournalStore(new NodeJournalFileSystem(dir)).load({ parser })));
    },
    { ...options, before: () => parser.dispose() },
  );
  await parser.dispose();
  return { ...timing, threads: parser.concurrency, longestBlockMs: block };
}

/** parseBugBytes over every file's bytes, read beforehand (untimed). */
async function parseOnly(files: readonly string[], options: { runs: number; budgetMs: number }): Promise<Timing> {
  const bytes = await Promise.all(files.map((file) => fs.readFile(file)));
  const timing = await time(() => {
    for (const [i, data] of bytes.entries()) parseBugBytes(data, files[i] as string);
  }, options);
  bytes.length = 0;
  return timing;
}

function r(a: Timing, b: Timing): number {
  return round(a.medianMs / b.medianMs);
}

/**
 * Activation to first paint, each run in a fresh process (paintChild.ts), as a window opening:
 * in one long process the heap left by earlier runs slows the later ones. `changedShare` of the
 * files get a new mtime before each run (a `git pull`), old enough to be cached again, so every
 * run sees only its own changes.
 */
function paintFromIndex(journal: GeneratedJournal, files: readonly string[], indexFile: string, runs: number, changedShare: number): Paint {
  const step = changedShare > 0 ? Math.max(1, Math.round(1 / changedShare)) : 0;
  const changed = step ? files.filter((_, i) => i % step === Math.floor(step / 2)) : [];
  const child = path.join(__dirname, '..', 'paintChild.js');
  const paints: number[] = [];
  const completes: number[] = [];
  let rows = 0;
  for (let run = 0; run < runs; run++) {
    const mtime = (Date.now() - 30 * 60 * 1000 + run * 1000) / 1000;
    for (const file of changed) fsSync.utimesSync(file, mtime, mtime);
    const out = execFileSync(process.execPath, [child, journal.dir, indexFile], { encoding: 'utf8' });
    const sample = JSON.parse(out) as { firstPaintMs: number; completeMs: number; rows: number };
    paints.push(sample.firstPaintMs);
    completes.push(sample.completeMs);
    rows = sample.rows;
  }
  return { firstPaintMs: round(median(paints)), completeMs: round(median(completes)), rows, changedFiles: changed.length, runs };
}
