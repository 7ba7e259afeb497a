/**
 * `npm run bench`: generates journals of 100, 1,000 and 10,000 bugs (profiles in generate.ts) in
 * a temp folder and measures loading, the first tree paint, one edit, the scheduler, the retro,
 * memory and the bundle, each as a median of several runs and as a ratio to a floor measured in
 * the same run. Prints a summary and the targets; writes everything to
 * bench/results/<date>.json. Never asserts on time.
 *
 *   --sizes 100,1000        sizes of the meta journals (default 100,1000,10000)
 *   --snippet-sizes 100     sizes of the snippets journals (default 100,1000: 10,000 of them
 *                           are 650 MB of YAML and take about 8 minutes more)
 *   --profiles meta         meta, snippets or both (default)
 *   --runs 7                runs of the fast measures (slow ones take fewer)
 *   --keep                  keep the generated journals
 *   --only edit             only the edit suite (bench/suites/edit.ts) on a cold-loaded store,
 *                           and only its targets; results go to bench/results/<date>-edit.json
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { writeJournal, type Profile } from './generate';
import { benchLoad, type LoadResults, type RunPlan } from './suites/load';
import { benchEdit, type EditResults } from './suites/edit';
import { benchCompute, type ComputeResults } from './suites/compute';
import { benchMemory, type MemoryResults } from './suites/memory';
import { benchBundle, type BundleResults } from './suites/bundle';
import { evaluateEditTargets, evaluateTargets, printEdit, printJournal, printTargetList, printTargets, type EditAtSize } from './report';
import { JournalStore } from '../src/core/store/journalStore';
import { NodeJournalFileSystem } from '../src/node/nodeJournalFileSystem';

export interface JournalResults {
  readonly profile: Profile;
  readonly bugs: number;
  readonly yamlMB: number;
  readonly generateMs: number;
  readonly plan: RunPlan;
  readonly load: LoadResults;
  readonly compute: ComputeResults;
  readonly memory: MemoryResults;
  readonly edit: EditResults;
}

export interface BenchResults {
  readonly date: string;
  readonly machine: Record<string, string | number>;
  readonly journals: JournalResults[];
  readonly bundle: BundleResults;
  readonly totalSeconds: number;
}

function planFor(bugs: number, fastRuns: number): RunPlan {
  return { fast: bugs >= 10_000 ? Math.min(fastRuns, 5) : fastRuns, slow: bugs <= 100 ? 5 : bugs <= 1000 ? 3 : 1, slowBudgetMs: 60_000 };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '100,1000,10000' },
      'snippet-sizes': { type: 'string', default: '100,1000' },
      profiles: { type: 'string', default: 'meta,snippets' },
      runs: { type: 'string', default: '7' },
      keep: { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const sizesOf = (list: string): number[] =>
    list
      .split(',')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
  const sizes: Record<Profile, number[]> = { meta: sizesOf(values.sizes), snippets: sizesOf(values['snippet-sizes']) };
  const profiles = values.profiles.split(',').filter((p): p is Profile => p === 'meta' || p === 'snippets');
  const fastRuns = Math.max(1, Number(values.runs) || 7);
  if (values.only !== undefined) {
    if (values.only !== 'edit') throw new Error(`--only ${values.only}: only 'edit' can run alone.`);
    return benchEditOnly(profiles, sizes, fastRuns, values.keep);
  }
  const started = performance.now();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bug-levels-bench-'));
  console.log(`Bug Levels benchmark: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; journals in ${root}\n`);
  const journals: JournalResults[] = [];
  try {
    for (const profile of profiles) {
      for (const bugs of sizes[profile]) {
        const work = path.join(root, `${profile}-${bugs}`);
        const plan = planFor(bugs, fastRuns);
        const generateStart = performance.now();
        const journal = writeJournal(path.join(work, '.bug-levels'), bugs, profile);
        const generateMs = Math.round(performance.now() - generateStart);
        const { results: load, warmStore, warmLoad, indexFile } = await benchLoad(journal, work, plan);
        const compute = await benchCompute(warmLoad, plan);
        const memory = benchMemory(journal.dir, indexFile, bugs, bugs <= 1000);
        const edit = await benchEdit(warmStore, warmLoad, journal.dir, work, plan);
        const result: JournalResults = { profile, bugs, yamlMB: Math.round(journal.bytes / 1e4) / 100, generateMs, plan, load, compute, memory, edit };
        journals.push(result);
        printJournal(result);
        if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
      }
    }
    const bundle = await benchBundle(root, 15);
    const results: BenchResults = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model ?? '',
        memGB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        os: `${os.type()} ${os.release()}`,
      },
      journals,
      bundle,
      totalSeconds: Math.round((performance.now() - started) / 1000),
    };
    const targets = evaluateTargets(results);
    printTargets(results, targets);
    const out = path.join(__dirname, '..', '..', 'bench', 'results', `${results.date.slice(0, 19).replace(/:/g, '-')}.json`);
    fs.writeFileSync(out, `${JSON.stringify({ ...results, targets }, null, 2)}\n`);
    console.log(`\nResults: ${path.relative(process.cwd(), out)} (${results.totalSeconds} s in all)`);
  } finally {
    if (!values.keep) fs.rmSync(root, { recursive: true, force: true });
  }
}

/** `--only edit`: the edit suite alone, on a store that loaded the journal without an index. */
async function benchEditOnly(profiles: Profile[], sizes: Record<Profile, number[]>, fastRuns: number, keep: boolean): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bug-levels-bench-'));
  console.log(`Bug Levels benchmark, edit only: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; journals in ${root}\n`);
  const journals: EditAtSize[] = [];
  try {
    for (const profile of profiles) {
      for (const bugs of sizes[profile]) {
        const work = path.join(root, `${profile}-${bugs}`);
        const journal = writeJournal(path.join(work, '.bug-levels'), bugs, profile);
        const store = new JournalStore(new NodeJournalFileSystem(journal.dir));
        const loaded = await store.load();
        const edit = await benchEdit(store, loaded, journal.dir, work, planFor(bugs, fastRuns));
        journals.push({ profile, bugs, edit });
        console.log(`${profile} × ${bugs.toLocaleString('en-US')} bugs`);
        printEdit(edit);
        console.log('');
        if (!keep) fs.rmSync(work, { recursive: true, force: true });
      }
    }
    const targets = evaluateEditTargets(journals);
    printTargetList(targets);
    const date = new Date().toISOString();
    const out = path.join(__dirname, '..', '..', 'bench', 'results', `${date.slice(0, 19).replace(/:/g, '-')}-edit.json`);
    fs.writeFileSync(out, `${JSON.stringify({ date, journals, targets }, null, 2)}\n`);
    console.log(`\nResults: ${path.relative(process.cwd(), out)}`);
  } finally {
    if (!keep) fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
