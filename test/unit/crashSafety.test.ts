import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBugBytes } from '../../src/core/format/format';
import { logAttempt } from '../../src/core/model/transitions';
import { JournalStore } from '../../src/core/store/journalStore';
import type { BugId } from '../../src/core/model/types';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';
import { useTempDirs } from './helpers';
import { bundleWriterProcess, tempDirOutsideTests } from './writerBundle';
import { SeededRandom } from './seededRandom';
import { minutesAfterT0 } from './writerProcess';

/**
 * Fault injection: a separate process saves one bug again and again (writerProcess.ts, `loop`)
 * and is killed with SIGKILL at a random moment. After every kill the file must parse and be
 * byte for byte one complete version: every save reported before the kill, and at most the one
 * in flight. The next process must save at once, whatever the dead one left (a lock, a temp
 * file), and leftovers are never bugs and are cleaned once old.
 */

/** writerProcess.js and the compiled modules it uses, bundled into one file: starts twice as fast. */
let writerScript = '';
const BUG_ID = 'crash0001';
const FILE = 'crash.yaml';
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** A bug whose snippet holds a log of about `size` bytes, so each save rewrites that much. */
function bugTextOfSize(size: number): string {
  const line = '      2026-02-26 10:00:00 worker 1 (pid: 35527) died :( trying respawn ... {"a": [1, 2]}\n';
  const head = [
    'schema: bug-levels/v1',
    `id: ${BUG_ID}`,
    'title: Crash test',
    'status: open',
    'level: 1',
    'created: 2026-03-01T09:00:00Z',
    'snippets:',
    '  - id: s-1',
    '    source: terminal',
    '    captured: 2026-03-01T09:00:00Z',
    '    text: |',
    '',
  ].join('\n');
  return head + line.repeat(Math.ceil((size - head.length) / line.length));
}

/** The exact text after `n` saves: the base, then the timeline the writer appends line by line. */
function versionText(base: string, n: number): string {
  if (n === 0) return base;
  const lines = Array.from({ length: n }, (_, i) => `  - { at: ${minutesAfterT0(i + 1)}, kind: attempt, text: kill-test ${i + 1} }\n`);
  return `${base}timeline:\n${lines.join('')}`;
}

/** A started writer process and the `ok N` lines it printed. */
interface Writer {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly closed: Promise<void>;
  /** The N of the last `ok N` line. */
  saved: number;
  /** Resolves at the first `ok` line after `go`. */
  firstSave: Promise<void>;
  failure?: string;
}

function startWriter(dir: string): Writer {
  const child = spawn(process.execPath, [writerScript, 'loop', dir, FILE, BUG_ID, String(MAX_FILE_BYTES)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let onReady!: () => void;
  let onFirstSave!: () => void;
  const writer: Writer = {
    child,
    ready: new Promise<void>((resolve) => (onReady = resolve)),
    closed: new Promise<void>((resolve) => child.once('close', () => resolve())),
    saved: -1,
    firstSave: new Promise<void>((resolve) => (onFirstSave = resolve)),
  };
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'ready') onReady();
      else if (line.startsWith('ok ')) {
        writer.saved = Number(line.slice(3));
        onFirstSave();
      } else if (line.startsWith('error ')) writer.failure = line;
    }
  });
  return writer;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('crash safety: SIGKILL at random moments of many saves', () => {
  const tempDir = useTempDirs();
  before(function () {
    this.timeout(30_000);
    writerScript = bundleWriterProcess(tempDirOutsideTests());
  });

  // Half the kills wait for the writer's first save (which proves the last kill left nothing
  // that blocks) and land up to maxDelayMs after it; the other half land anywhere in the first
  // EARLY_KILL_MS after `go`: while the process loads the bug, takes the lock or writes.
  // Lanes run at once, each in its own journal: part of a trial is waiting (for the kill, for
  // fsync). The time goes to starting Node and to the writer's first parses (about 0.1 s of CPU
  // per kill with a 1 KB bug, 0.3 s with 130 KB), so most kills are of small bugs; the large ones
  // make a kill in the middle of a long write likely.
  const runs = [
    { label: '1 KB', size: 1024, kills: 260, maxDelayMs: 20, seed: 801 },
    { label: '1 KB', size: 1024, kills: 260, maxDelayMs: 20, seed: 802 },
    { label: '1 KB', size: 1024, kills: 260, maxDelayMs: 20, seed: 803 },
    { label: '130 KB', size: 130 * 1024, kills: 140, maxDelayMs: 40, seed: 1301 },
    { label: '2 MB', size: 2 * 1024 * 1024, kills: 80, maxDelayMs: 80, seed: 2002 },
  ];
  const EARLY_KILL_MS = 150;
  /** Writers started ahead of the one being killed, per lane: starting Node takes longer than a trial. */
  const AHEAD = 2;

  /** Runs the kills of one run; returns its summary line. */
  async function killRepeatedly({ label, size, kills, maxDelayMs, seed }: (typeof runs)[number]): Promise<string> {
    const dir = path.join(tempDir(), '.bug-levels');
    fs.mkdirSync(dir);
    const base = bugTextOfSize(size);
    fs.writeFileSync(path.join(dir, FILE), base);
    const random = new SeededRandom(seed);
    const started = performance.now();
    let current = 0; // saves on disk so far
    let inFlightLanded = 0;
    const tempsSeen = new Set<string>();
    let locksLeft = 0;
    let slowestFirstSave = 0;
    let waitedForSave = 0;

    // The next writers start ahead: starting Node takes longer than a trial.
    const ahead = Array.from({ length: AHEAD }, () => startWriter(dir));
    for (let trial = 0; trial < kills; trial++) {
      const writer = ahead.shift() as Writer;
      if (trial + ahead.length < kills) ahead.push(startWriter(dir));
      // Watchdogs against a hang, never a speed check: a busy machine may start Node slowly.
      await within(writer.ready, 60_000, 'starting a writer');
      const goAt = performance.now();
      writer.child.stdin?.write('go\n');
      if (random.next() < 0.5) {
        // A lock the kill left behind would make the writer give up after its 20-s lock timeout:
        // writer.failure says so below. The watchdog only catches a writer that hangs.
        await within(Promise.race([writer.firstSave, writer.closed]), 60_000, `trial ${trial}: the first save after a kill`);
        assert.equal(writer.failure, undefined, `trial ${trial}: ${writer.failure}`);
        slowestFirstSave = Math.max(slowestFirstSave, performance.now() - goAt);
        waitedForSave++;
        await new Promise((resolve) => setTimeout(resolve, random.next() * maxDelayMs));
      } else {
        await new Promise((resolve) => setTimeout(resolve, random.next() * EARLY_KILL_MS));
      }
      writer.child.kill('SIGKILL');
      await writer.closed;
      assert.equal(writer.failure, undefined, `trial ${trial}: ${writer.failure}`);

      const bytes = fs.readFileSync(path.join(dir, FILE));
      const text = bytes.toString('utf8');
      const parsed = parseBugBytes(bytes, FILE, { maxBytes: MAX_FILE_BYTES });
      assert.ok(parsed.ok, `trial ${trial}: the file parses after the kill`);
      const n = parsed.bug.timeline.length;
      const reported = Math.max(writer.saved, current); // a writer killed before its first save reported none
      assert.ok(n === reported || n === reported + 1, `trial ${trial}: ${n} saves on disk, ${reported} reported (one may have been in flight)`);
      assert.ok(text === versionText(base, n), `trial ${trial}: the file is byte for byte version ${n}`);
      if (n === reported + 1) inFlightLanded++;
      current = n;
      const names = fs.readdirSync(dir);
      for (const name of names.filter((name) => name.endsWith('.tmp'))) tempsSeen.add(name);
      if (names.includes(`${FILE}.lock`)) locksLeft++;
    }
    for (const writer of ahead) writer.child.kill('SIGKILL');
    await Promise.all(ahead.map((writer) => writer.closed));

    // Leftovers are never bugs; once older than ten minutes they are removed on load.
    const { bugs, problems } = await new JournalStore(new NodeJournalFileSystem(dir)).load();
    assert.ok(bugs.every((b) => b.file === FILE) && problems.every((p) => p.file === FILE), 'no leftover is listed as a bug');
    // (That first load already removed a lock whose owner is dead; temp files wait ten minutes.)
    const leftovers = fs.readdirSync(dir).filter((name) => name !== FILE);
    const old = new Date(Date.now() - 11 * 60_000);
    for (const name of leftovers) fs.utimesSync(path.join(dir, name), old, old);
    const cleaner = new JournalStore(new NodeJournalFileSystem(dir), { maxFileBytes: MAX_FILE_BYTES });
    assert.deepEqual((await cleaner.removeStaleFiles()).sort(), leftovers.sort());
    assert.deepEqual(fs.readdirSync(dir), [FILE]);

    // And a save in this process goes through at once.
    await cleaner.loadFile(FILE);
    await cleaner.update(BUG_ID as BugId, (bug) => logAttempt(bug, `kill-test ${bug.timeline.length + 1}`, minutesAfterT0(bug.timeline.length + 1)));
    assert.equal(fs.readFileSync(path.join(dir, FILE), 'utf8'), versionText(base, current + 1));

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return (
      `${label}: ${kills} kills in ${seconds} s, every file whole (0 torn, 0 empty); ${current} saves in all, ${inFlightLanded} in-flight saves landed whole, ` +
      `${tempsSeen.size} temp files left by kills, a lock left by ${locksLeft} kills (${leftovers.length} files left at the end), ` +
      `slowest first save after a kill ${slowestFirstSave.toFixed(0)} ms (${waitedForSave} waited for)`
    );
  }

  const total = runs.reduce((sum, run) => sum + run.kills, 0);
  it(`1 KB, 130 KB and 2 MB bugs, ${total} kills in ${runs.length} lanes: after each the file is one complete version, and the next writer saves at once`, async function () {
    this.timeout(900_000); // a hang guard: about 160 s on a busy 2-core machine
    const started = performance.now();
    const lines = await Promise.all(runs.map(killRepeatedly));
    for (const line of lines) console.log(`      ${line}`);
    console.log(`      ${total} kills in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
});
