import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseBugBytes } from '../../src/core/format/format';
import { MINIMAL_BUG_TEXT, useTempDirs } from './helpers';
import { bundleWriterProcess, tempDirOutsideTests } from './writerBundle';

/**
 * Breaking a stale lock with several waiters (issue 16): before every round a lock left by a dead
 * process is put in place, then 2 to 4 processes (writerProcess.ts, `rounds`) each make one edit
 * of the same bug at the same moment. They all find the dead owner's lock and break it at once;
 * taking it over must be atomic, so that no waiter removes the lock another has just taken: every
 * edit a writer reported as saved is in the file afterwards.
 */

const FILE = 'bug.yaml';

/** The id of a process that has ended (a short-lived child, waited for). */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

interface RoundWriter {
  readonly child: ChildProcess;
  readonly tag: string;
  readonly closed: Promise<void>;
  /** Resolves with the writer's next `ok N` / `fail N ...` line. */
  next(): Promise<string>;
}

function startWriter(script: string, dir: string, tag: string): RoundWriter {
  const child = spawn(process.execPath, [script, 'rounds', dir, FILE, 'bug0001', String(1024 * 1024), '0', tag], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) {
      const resolve = waiting.shift();
      if (resolve) resolve(line);
      else lines.push(line);
    }
  });
  return {
    child,
    tag,
    closed: new Promise<void>((resolve) => child.once('close', () => resolve())),
    next: () => {
      const line = lines.shift();
      return line !== undefined ? Promise.resolve(line) : new Promise<string>((resolve) => waiting.push(resolve));
    },
  };
}

describe('stale lock takeover: several waiters break a dead owner’s lock at once', () => {
  const tempDir = useTempDirs();
  let script = '';
  before(function () {
    this.timeout(30_000);
    script = bundleWriterProcess(tempDirOutsideTests());
  });

  for (const [writers, rounds] of [
    [2, 40],
    [3, 40],
    [4, 40],
  ] as const) {
    it(`${writers} writers, ${rounds} rounds, a dead owner’s lock before each: every reported edit is in the file`, async function () {
      this.timeout(120_000);
      const dir = path.join(tempDir(), '.bug-levels');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, FILE), MINIMAL_BUG_TEXT);
      const procs = Array.from({ length: writers }, (_, i) => startWriter(script, dir, `w${i}`));
      const started = performance.now();
      try {
        for (const proc of procs) assert.equal(await proc.next(), 'ready');
        for (const proc of procs) proc.child.stdin?.write('go\n');
        for (const proc of procs) assert.equal(await proc.next(), 'listening');
        const dead = deadPid();
        const reported: string[] = [];
        const failures: string[] = [];
        for (let round = 1; round <= rounds; round++) {
          fs.writeFileSync(
            path.join(dir, `${FILE}.lock`),
            `${JSON.stringify({ pid: dead, host: os.hostname(), token: `dead${round}`, at: new Date().toISOString() })}\n`,
          );
          for (const proc of procs) proc.child.stdin?.write(`${round}\n`);
          for (const proc of procs) {
            const line = await proc.next();
            if (line === `ok ${round}`) reported.push(`${proc.tag}-${round}`);
            else failures.push(`${proc.tag}: ${line}`);
          }
        }
        const parsed = parseBugBytes(fs.readFileSync(path.join(dir, FILE)), FILE);
        assert.ok(parsed.ok, 'the file parses');
        const present = new Set(parsed.bug.hypotheses.map((h) => h.id as string));
        const lost = reported.filter((id) => !present.has(id));
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(
          `      ${writers} writers × ${rounds} rounds: ${reported.length} edits reported, ${lost.length} lost, ${failures.length} refused, ${seconds} s`,
        );
        assert.deepEqual(failures, [], 'no writer gave up');
        assert.deepEqual(lost, [], `${lost.length} of ${reported.length} reported edits are missing`);
        assert.equal(present.size, parsed.bug.hypotheses.length, 'no edit twice');
        assert.deepEqual(fs.readdirSync(dir), [FILE], 'no lock, marker or temporary file is left');
      } finally {
        for (const proc of procs) proc.child.stdin?.end();
        await Promise.all(procs.map((proc) => proc.closed));
      }
    });
  }
});
