import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JournalStore } from '../../src/core/store/journalStore';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';
import { MINIMAL_BUG_TEXT, useTempDirs } from './helpers';
import { bundleWriterProcess, tempDirOutsideTests } from './writerBundle';

/**
 * Two windows on one folder: two processes, each with its own JournalStore, add 200 hypotheses
 * each to the same bug at the same time. The lock and "apply the change to the file as it is on
 * disk" must keep every edit: 400 hypotheses at the end, none twice, each process's in its order.
 */

const EDITS_PER_WRITER = 200;

describe('concurrent writers: two processes editing one bug', () => {
  const tempDir = useTempDirs();
  let writerScript = '';
  before(function () {
    this.timeout(30_000);
    writerScript = bundleWriterProcess(tempDirOutsideTests());
  });

  it(`2 processes × ${EDITS_PER_WRITER} interleaved edits: all ${2 * EDITS_PER_WRITER} present, no duplicates`, async function () {
    this.timeout(180_000);
    const dir = path.join(tempDir(), '.bug-levels');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'bug.yaml'), MINIMAL_BUG_TEXT);
    const tags = ['pa', 'pb'];
    const writers = tags.map((tag) => {
      const child = spawn(process.execPath, [writerScript, 'hypotheses', dir, 'bug.yaml', 'bug0001', String(1024 * 1024), String(EDITS_PER_WRITER), tag], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const ready = new Promise<void>((resolve) => child.stdout.on('data', () => output.includes('ready\n') && resolve()));
      const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
      return { child, ready, exited, output: () => output };
    });
    await Promise.all(writers.map((writer) => writer.ready));
    const started = performance.now();
    for (const writer of writers) writer.child.stdin.write('go\n');
    const codes = await Promise.all(writers.map((writer) => writer.exited));
    const seconds = (performance.now() - started) / 1000;
    for (const [i, writer] of writers.entries()) assert.equal(codes[i], 0, `writer ${tags[i]}: ${writer.output()}`);

    const { bugs, problems } = await new JournalStore(new NodeJournalFileSystem(dir)).load();
    assert.deepEqual(problems, []);
    const ids = bugs[0]?.bug.hypotheses.map((h) => h.id) ?? [];
    const expected = tags.flatMap((tag) => Array.from({ length: EDITS_PER_WRITER }, (_, i) => `${tag}-${i + 1}`));
    assert.equal(new Set(ids).size, ids.length, 'no hypothesis twice');
    assert.deepEqual([...ids].sort(), [...expected].sort(), 'every edit of both processes is there');
    for (const tag of tags) {
      const own = ids.filter((id) => id.startsWith(`${tag}-`));
      assert.deepEqual(
        own,
        expected.filter((id) => id.startsWith(`${tag}-`)),
        `${tag}'s edits in the order it made them`,
      );
    }
    // The writers take turns (fileLock.ts's courtesy pause): without it, one process re-takes the
    // lock after each of its saves and the other waits until the first is done (2 switches).
    const switches = ids.filter((id, i) => i > 0 && id.slice(0, 2) !== ids[i - 1]?.slice(0, 2)).length;
    assert.ok(switches >= 40, `${switches} switches between the writers`);
    assert.deepEqual(fs.readdirSync(dir), ['bug.yaml'], 'no lock or temp file is left');
    console.log(
      `      concurrent writers: ${ids.length}/${expected.length} edits present, 0 lost, 0 duplicated, ` +
        `${switches} switches between the writers in the file, ${seconds.toFixed(1)} s (${((seconds * 1000) / ids.length).toFixed(0)} ms per edit)`,
    );
  });
});
