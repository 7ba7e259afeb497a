import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBugBytes, stringifyBug } from '../../src/core/format/format';
import { addHypothesis, logAttempt } from '../../src/core/model/transitions';
import { JournalStore, StoreError } from '../../src/core/store/journalStore';
import type { Bug, BugId } from '../../src/core/model/types';
import { at, DEMO_JOURNAL, fullBug, hid } from './helpers';
import { MemoryFileSystem } from './memoryFileSystem';
import { SeededRandom } from './seededRandom';

/**
 * Random mutations of valid bug files (byte flips, deletions, duplications, splices of other
 * valid files, truncations), from a fixed seed: the parser never throws and never takes a second,
 * and the store never writes a file that did not parse; what it writes always parses back to the
 * edited bug.
 */

const SEED = 20260301;
const CASES = 10_000;
const encoder = new TextEncoder();

/** Bytes that mean something to YAML, most likely to turn a valid file into a tricky one. */
const SIGNIFICANT = [...':-[]{},#&*!|>\'"%@`?\n\r\t \\~'].map((c) => c.charCodeAt(0)).concat([0x00, 0xff, 0xc3, 0xef, 0xbb, 0xbf]);

function validSources(): Uint8Array[] {
  const demo = fs
    .readdirSync(DEMO_JOURNAL)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => fs.readFileSync(path.join(DEMO_JOURNAL, name)));
  const full = stringifyBug(fullBug());
  return [...demo, encoder.encode(full), encoder.encode(full.replace(/\n/g, '\r\n'))];
}

/** One to three random mutations of `source` (mostly one). */
function mutate(random: SeededRandom, source: Uint8Array, others: readonly Uint8Array[]): { bytes: Uint8Array; kinds: string[] } {
  let bytes = Array.from(source);
  const kinds: string[] = [];
  for (let n = random.pick([1, 1, 1, 2, 3]); n > 0; n--) {
    const at = random.int(bytes.length + 1);
    const length = random.between(1, Math.max(1, Math.min(64, bytes.length - at)));
    const kind = random.pick(['flip', 'significant', 'delete', 'duplicate', 'splice', 'truncate', 'swap-lines']);
    kinds.push(kind);
    switch (kind) {
      case 'flip':
        if (at < bytes.length) bytes[at] = random.int(256);
        break;
      case 'significant':
        bytes.splice(at, random.int(2), random.pick(SIGNIFICANT));
        break;
      case 'delete':
        bytes.splice(at, length);
        break;
      case 'duplicate':
        bytes.splice(random.int(bytes.length + 1), 0, ...bytes.slice(at, at + length));
        break;
      case 'splice': {
        const other = random.pick(others);
        const from = random.int(other.length);
        bytes.splice(at, random.int(length + 1), ...other.slice(from, from + random.between(1, 200)));
        break;
      }
      case 'truncate':
        bytes = bytes.slice(0, at);
        break;
      case 'swap-lines': {
        const lines = Buffer.from(bytes).toString('latin1').split('\n');
        const i = random.int(lines.length);
        const j = random.int(lines.length);
        [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
        bytes = Array.from(Buffer.from(lines.join('\n'), 'latin1'));
        break;
      }
    }
  }
  return { bytes: Uint8Array.from(bytes), kinds };
}

describe('fuzzing the parser and the store with mutated bug files', () => {
  it(`${CASES} mutations (seed ${SEED}): no throw, no parse over 1 s, no write of a file that did not parse`, async function () {
    this.timeout(300_000);
    const random = new SeededRandom(SEED);
    const sources = validSources().map((bytes, index) => {
      const parsed = parseBugBytes(bytes, 'source.yaml');
      assert.ok(parsed.ok, 'every source is valid');
      // One store per source, loaded while the file was valid; each case then changes the file
      // on disk into a mutation (as a git pull or another editor would) and edits the bug.
      const memory = new MemoryFileSystem();
      const file = `source-${index}.yaml`;
      memory.put(file, bytes);
      return { bytes, id: parsed.bug.id, memory, file, store: new JournalStore(memory) };
    });
    const outcomes = new Map<string, number>();
    const count = (key: string): void => void outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    let slowest = 0;
    let writes = 0;
    let refusals = 0;
    const started = performance.now();

    for (let i = 0; i < CASES; i++) {
      const { bytes: source, id, memory, file, store } = random.pick(sources);
      const { bytes, kinds } = mutate(
        random,
        source,
        sources.map((s) => s.bytes),
      );
      const replay = `case ${i} (${kinds.join(', ')})`;

      const parseStarted = performance.now();
      let parsed: ReturnType<typeof parseBugBytes>;
      try {
        parsed = parseBugBytes(bytes, file);
      } catch (error) {
        assert.fail(`${replay}: parseBugBytes threw ${String(error)}`);
      }
      const elapsed = performance.now() - parseStarted;
      slowest = Math.max(slowest, elapsed);
      assert.ok(elapsed < 1000, `${replay}: parsed in ${elapsed.toFixed(0)} ms`);
      const firstError = parsed.problems.find((problem) => problem.severity === 'error');
      count(parsed.ok ? (parsed.readOnly ? 'loads read-only' : 'loads') : (firstError?.code ?? 'no error?'));

      memory.put(file, bytes);
      memory.writes.length = 0;
      const edit = (bug: Bug): Bug =>
        logAttempt(addHypothesis(bug, { id: hid(`h-fuzz-${i}`), kind: 'hypothesis', text: `fuzz ${i}` }, at(i)), `try ${i}`, at(i));
      try {
        const updated = await store.update(id as BugId, edit);
        assert.ok(parsed.ok && !parsed.readOnly && parsed.bug.id === id, `${replay}: a write happened only for a file that parsed`);
        const back = parseBugBytes(await memory.read(file), file);
        assert.ok(back.ok, `${replay}: what the store wrote parses`);
        assert.deepEqual(back.bug, updated.bug, `${replay}: and holds the edited bug`);
        assert.equal(memory.writes.filter((written) => written === file).length, 1, `${replay}: one write`);
        writes++;
      } catch (error) {
        if (!(error instanceof StoreError)) assert.fail(`${replay}: update threw ${String(error)}`);
        assert.ok(Buffer.from(await memory.read(file)).equals(Buffer.from(bytes)), `${replay}: a refused file keeps its bytes`);
        assert.equal(memory.writes.includes(file), false, `${replay}: nothing written`);
        refusals++;
      }
      memory.put(file, source);
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const table = [...outcomes]
      .sort((a, b) => b[1] - a[1])
      .map(([key, n]) => `${key} ${n}`)
      .join(', ');
    console.log(`      fuzz: ${CASES} cases in ${seconds} s, slowest parse ${slowest.toFixed(1)} ms; ${table}; store: ${writes} writes, ${refusals} refusals`);
    assert.equal(writes + refusals, CASES);
    assert.ok(refusals > CASES / 2 && writes > CASES / 50, 'the mutations make both valid and broken files');
  });
});
