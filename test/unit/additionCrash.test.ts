import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JournalStore } from '../../src/core/store/journalStore';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';
import { MINIMAL_BUG_TEXT, useTempDirs } from './helpers';
import { bundleWriterProcess, tempDirOutsideTests } from './writerBundle';
import { SeededRandom } from './seededRandom';

/**
 * Fault injection on the additions layout (issue 17): a separate process logs attempts through
 * the product's write path (one addition file each; writerProcess.ts `additions`) and is killed
 * with SIGKILL at a random moment. After every kill, every addition file on disk is whole (it
 * parses), the bug loads with no problem, and it holds every attempt reported before the kill, in
 * order, and at most the one in flight besides.
 */
const KILLS = 40;
const FILE = 'minimal-bug0001.yaml';

describe('additions under SIGKILL', () => {
  const tempDir = useTempDirs();

  it(`${KILLS} kills mid-write: every addition whole, every reported attempt kept`, async function () {
    this.timeout(300_000);
    const script = bundleWriterProcess(tempDirOutsideTests());
    const dir = path.join(tempDir(), '.bug-levels');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, FILE), MINIMAL_BUG_TEXT);
    const random = new SeededRandom(1717);
    const started = performance.now();
    let reported = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const child = spawn(process.execPath, [script, 'additions', dir, FILE, 'bug0001', String(1024 * 1024)], { stdio: ['pipe', 'pipe', 'inherit'] });
      const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
      let failure: string | undefined;
      let buffered = '';
      const ready = new Promise<void>((resolve) =>
        child.stdout?.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8');
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const line of lines) {
            if (line === 'ready') resolve();
            else if (line.startsWith('ok ')) reported = Math.max(reported, Number(line.slice(3)));
            else if (line.startsWith('error ')) failure = line;
          }
        }),
      );
      await ready;
      child.stdin?.write('go\n');
      await new Promise((resolve) => setTimeout(resolve, 30 + random.next() * 150));
      child.kill('SIGKILL');
      await closed;
      assert.equal(failure, undefined, `kill ${kill}: ${failure}`);
      const loaded = await new JournalStore(new NodeJournalFileSystem(dir), { staleFileMs: 0 }).load();
      assert.deepEqual(loaded.problems, [], `kill ${kill}: every addition whole`);
      const texts = loaded.bugs[0]?.bug.timeline.map((event) => event.text) ?? [];
      assert.ok(texts.length >= reported && texts.length <= reported + 1, `kill ${kill}: ${texts.length} attempts, ${reported} reported`);
      assert.deepEqual(
        texts,
        texts.map((_, i) => `kill-test ${i + 1}`),
        `kill ${kill}: in order`,
      );
      reported = texts.length;
    }
    const files = fs.readdirSync(path.join(dir, 'minimal-bug0001')).length;
    console.log(`      ${KILLS} kills in ${((performance.now() - started) / 1000).toFixed(1)} s: ${reported} attempts, ${files} files, 0 torn`);
  });
});
