/**
 * A separate Node process that edits one bug through its own JournalStore over
 * NodeJournalFileSystem, for the crash and concurrency tests (compiled to out/test/unit, run with
 * `node writerProcess.js MODE DIR FILE ID MAX_BYTES [COUNT TAG]`). It prints `ready` once its
 * modules are loaded, waits for a line on stdin, then:
 *
 * - `loop`: appends timeline events `kill-test N` forever, printing `ok N` after each save, until
 *   it is killed;
 * - `additions`: the same through the product's write path (performEdit: one addition file per
 *   attempt, issue 17), until it is killed;
 * - `hypotheses`: adds COUNT hypotheses `TAG-1`..`TAG-COUNT`, printing `done` at the end;
 * - `attach`: attaches snippets over the attachment threshold (ATTACHMENT_BYTES) forever, each
 *   text `attachment N of PID` and filler (attachmentText), printing `ok N` after each save,
 *   until it is killed;
 * - `rounds`: for every further line `N` on stdin, adds hypothesis `TAG-N` and prints `ok N` when
 *   the store reported success, `fail N <message>` when it refused (lock taken too long).
 *
 * Any error is printed as `error ...` and ends the process with exit code 1.
 */
import { addHypothesis, logAttempt } from '../../src/core/model/transitions';
import { JournalStore } from '../../src/core/store/journalStore';
import { performEdit } from '../../src/core/store/performOperation';
import { randomIds } from '../../src/core/store/randomIds';
import { DEFAULT_TIMEBOX_MINUTES } from '../../src/core/model/timebox';
import type { BugId, HypothesisId, Timestamp } from '../../src/core/model/types';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';

const T0 = Date.parse('2026-03-01T09:00:00Z');

/** The timestamp `minutes` after 2026-03-01T09:00:00Z, as the tests compute it (helpers.at). */
export function minutesAfterT0(minutes: number): Timestamp {
  return new Date(T0 + minutes * 60_000).toISOString().replace('.000Z', 'Z') as Timestamp;
}

/** Snippets larger than this go to attachment files in `attach` mode. */
export const ATTACHMENT_BYTES = 1024;

/** The text of attachment `n` made by process `pid`: recognisable, and whole only when complete. */
export function attachmentText(n: number, pid: number): string {
  return `attachment ${n} of ${pid}\n${'0123456789abcdef'.repeat(256)}\nend ${n}\n`;
}

async function main(): Promise<void> {
  const [mode, dir, file, id, maxBytes, count, tag] = process.argv.slice(2);
  if (!mode || !dir || !file || !id) throw new Error('usage: writerProcess MODE DIR FILE ID MAX_BYTES [COUNT TAG]');
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const store = new JournalStore(new NodeJournalFileSystem(dir), { maxFileBytes: Number(maxBytes), lockTimeoutMs: 20_000 });
  await store.loadFile(file);
  const bugId = id as BugId;
  if (mode === 'loop') {
    for (;;) {
      const updated = await store.update(bugId, (bug) => logAttempt(bug, `kill-test ${bug.timeline.length + 1}`, minutesAfterT0(bug.timeline.length + 1)));
      process.stdout.write(`ok ${updated.bug.timeline.length}\n`);
    }
  }
  if (mode === 'additions') {
    for (;;) {
      const n = (await store.load()).bugs[0]?.bug.timeline.length ?? 0;
      const context = { now: minutesAfterT0(n + 1), ids: randomIds, timeboxDefaults: DEFAULT_TIMEBOX_MINUTES };
      const updated = await performEdit(store, 'logAttempt', bugId, { text: `kill-test ${n + 1}` }, context);
      process.stdout.write(`ok ${updated.bug.timeline.length}\n`);
    }
  }
  if (mode === 'hypotheses') {
    for (let i = 1; i <= Number(count); i++) {
      const hypothesisId = `${tag}-${i}` as HypothesisId;
      await store.update(bugId, (bug) => addHypothesis(bug, { id: hypothesisId, kind: 'hypothesis', text: `${tag} edit ${i}` }, minutesAfterT0(i)));
    }
    process.stdout.write('done\n');
    process.stdin.destroy();
    return;
  }
  if (mode === 'attach') {
    const attaching = new JournalStore(new NodeJournalFileSystem(dir), {
      maxFileBytes: Number(maxBytes),
      lockTimeoutMs: 20_000,
      attachmentThresholdBytes: ATTACHMENT_BYTES,
    });
    await attaching.loadFile(file);
    for (let n = 1; ; n++) {
      const context = { now: minutesAfterT0(n), ids: randomIds, timeboxDefaults: DEFAULT_TIMEBOX_MINUTES };
      const updated = await performEdit(attaching, 'attachSnippet', bugId, { text: attachmentText(n, process.pid), source: 'terminal' }, context);
      process.stdout.write(`ok ${updated.bug.snippets.length}\n`);
    }
  }
  if (mode === 'rounds') {
    let buffered = '';
    let queue = Promise.resolve();
    process.stdin.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const round = Number(line);
        const hypothesisId = `${tag}-${round}` as HypothesisId;
        queue = queue.then(() =>
          store
            .update(bugId, (bug) => addHypothesis(bug, { id: hypothesisId, kind: 'hypothesis', text: `${tag} round ${round}` }, minutesAfterT0(round)))
            .then(
              () => void process.stdout.write(`ok ${round}\n`),
              (error: unknown) => void process.stdout.write(`fail ${round} ${error instanceof Error ? error.message : String(error)}\n`),
            ),
        );
      }
    });
    process.stdout.write('listening\n');
    await new Promise((resolve) => process.stdin.once('end', resolve));
    await queue;
    return;
  }
  throw new Error(`unknown mode ${mode}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stdout.write(`error ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
