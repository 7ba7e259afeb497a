import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBugBytes } from '../../src/core/format/format';
import { setTitle } from '../../src/core/model/transitions';
import { JournalStore, StoreError, type StoreErrorCode } from '../../src/core/store/journalStore';
import type { Problem } from '../../src/core/format/problems';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';
import { bid, MINIMAL_BUG_TEXT, REPO_ROOT, runCliCaptured, useTempDirs } from './helpers';

/**
 * The hostile corpus: broken and malicious bug files, each with the problem it must give (code,
 * line, column) in fixtures/hostile/manifest.json, plus cases too big to commit, generated here.
 * Every case is parsed alone (under a second, no code run, no prototype touched) and then put
 * through a JournalStore: loading reports it and leaves its bytes alone, and an edit either
 * refuses (a StoreError, nothing written) or, for the files that load, changes only its line.
 */

const CORPUS = path.join(REPO_ROOT, 'test', 'unit', 'fixtures', 'hostile');
const BASE = MINIMAL_BUG_TEXT.replace('id: bug0001', 'id: hostile1').replace('title: Minimal bug', 'title: Hostile case');

interface ExpectedProblem {
  readonly code: Problem['code'];
  readonly line: number;
  readonly column: number;
  readonly severity: Problem['severity'];
  readonly yamlCode?: string;
}

interface Case {
  readonly file: string;
  readonly what: string;
  /** The file loads as a bug (perhaps with warnings, perhaps read-only). */
  readonly loads: boolean;
  /** The first problem reported, or null for none. */
  readonly problem: ExpectedProblem | null;
}

const manifest = JSON.parse(fs.readFileSync(path.join(CORPUS, 'manifest.json'), 'utf8')) as Case[];

/** Cases generated at run time: too large to commit, or easier to read as code. */
const generated: Array<Case & { readonly bytes: () => Buffer }> = [
  {
    file: 'generated-5-mib-scalar.yaml',
    what: 'a 5 MiB note',
    loads: false,
    problem: { code: 'file-too-large', line: 1, column: 1, severity: 'error' },
    bytes: () => Buffer.from(`${BASE}notes: ${'x'.repeat(5 * 1024 * 1024)}\n`),
  },
  {
    file: 'generated-40k-key-map.yaml',
    what: 'a map of 40,000 keys (quadratic for yaml’s own duplicate check)',
    loads: false,
    problem: { code: 'too-complex', line: 12502, column: 3, severity: 'error' },
    bytes: () => Buffer.from(`${BASE}resolution:\n${Array.from({ length: 40_000 }, (_, i) => `  k${i}: ${i}\n`).join('')}`),
  },
  {
    file: 'generated-10k-nested-lists.yaml',
    what: '10^4 nested [ ]',
    loads: false,
    problem: { code: 'too-complex', line: 7, column: 40, severity: 'error' },
    bytes: () => Buffer.from(`${BASE}notes: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`),
  },
  {
    file: 'generated-100k-unclosed-lists.yaml',
    what: '10^5 [ never closed',
    loads: false,
    problem: { code: 'too-complex', line: 7, column: 40, severity: 'error' },
    bytes: () => Buffer.from(`${BASE}notes: ${'['.repeat(100_000)}\n`),
  },
  {
    file: 'generated-1000-deep-block-maps.yaml',
    what: '1,000 block maps each inside the last',
    loads: false,
    problem: { code: 'too-complex', line: 39, column: 35, severity: 'error' },
    bytes: () => Buffer.from(`${BASE}notes:\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}k:\n`).join('')}`),
  },
  {
    file: 'generated-half-million-flow-items.yaml',
    what: '500,000 one-letter items in one [ ] (seconds of parser time)',
    loads: false,
    problem: { code: 'too-complex', line: 7, column: 66_642, severity: 'error' },
    bytes: () => Buffer.from(`${BASE}tags: [${'a,'.repeat(500_000)}]\n`),
  },
  {
    file: 'generated-million-empty-flow-entries.yaml',
    what: 'a million empty entries [,,,] (one parser error each)',
    loads: false,
    problem: { code: 'too-complex', line: 7, column: 99_960, severity: 'error' },
    bytes: () => Buffer.from(`${BASE}tags: [${','.repeat(1_000_000)}]\n`),
  },
  {
    file: 'generated-250k-empty-keys.yaml',
    what: '250,000 lines of a bare `:` (empty keys, no value to count)',
    loads: false,
    problem: { code: 'too-complex', line: 33_325, column: 4, severity: 'error' },
    bytes: () => Buffer.from(`${BASE}notes:\n${'  :\n'.repeat(250_000)}`),
  },
  {
    file: 'generated-million-blank-lines.yaml',
    what: 'a million blank lines (2 s of parser time)',
    loads: false,
    problem: { code: 'too-complex', line: 99_964, column: 1, severity: 'error' },
    bytes: () => Buffer.from(`${BASE}${'\n'.repeat(1_000_000)}`),
  },
  {
    file: 'generated-500k-comment-lines.yaml',
    what: '500,000 comment lines',
    loads: false,
    problem: { code: 'too-complex', line: 49_985, column: 2, severity: 'error' },
    bytes: () => Buffer.from(`${BASE}${'#\n'.repeat(500_000)}`),
  },
  {
    file: 'generated-10-kb-id.yaml',
    what: 'a 10 KB id',
    loads: false,
    problem: { code: 'bad-value', line: 2, column: 5, severity: 'error' },
    bytes: () => Buffer.from(BASE.replace('id: hostile1', `id: ${'a'.repeat(10_240)}`)),
  },
  {
    file: 'generated-2000-unknown-keys.yaml',
    what: '2,000 unknown keys: loads, with the warnings capped',
    loads: true,
    problem: { code: 'unknown-key', line: 7, column: 1, severity: 'warning' },
    bytes: () => Buffer.from(`${BASE}${Array.from({ length: 2000 }, (_, i) => `x${i}: ${i}\n`).join('')}`),
  },
];

/** Asserts that nothing anywhere got a `polluted` property or lost its plain prototype. */
function assertNoPollution(bug?: unknown): void {
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
  assert.equal((globalThis as Record<string, unknown>).bugLevelsCanary, undefined, 'no code from the file ran');
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    assert.ok([Object.prototype, Array.prototype].includes(Object.getPrototypeOf(value)), 'plain objects and arrays only');
    for (const key of Object.keys(value)) {
      assert.ok(!['__proto__', 'constructor', 'prototype'].includes(key), `no ${key} key reached the bug`);
      walk((value as Record<string, unknown>)[key]);
    }
  };
  walk(bug);
}

async function rejectsWith(promise: Promise<unknown>, code: StoreErrorCode): Promise<void> {
  await assert.rejects(promise, (error: unknown) => error instanceof StoreError && error.code === code);
}

describe('hostile and broken bug files', () => {
  const tempDir = useTempDirs();

  it('the corpus holds at least 50 files, each described once in the manifest', () => {
    const files = fs
      .readdirSync(CORPUS)
      .filter((name) => name.endsWith('.yaml'))
      .sort();
    assert.ok(files.length >= 50, `${files.length} files`);
    assert.deepEqual(manifest.map((entry) => entry.file).sort(), files);
    console.log(`      hostile corpus: ${files.length} files + ${generated.length} generated cases`);
  });

  const cases = [...manifest.map((entry) => ({ ...entry, bytes: () => fs.readFileSync(path.join(CORPUS, entry.file)) })), ...generated];
  for (const entry of cases) {
    const expected = entry.problem ? `${entry.problem.code} at ${entry.problem.line}:${entry.problem.column}` : 'no problem';
    it(`${entry.what} (${entry.file}): ${entry.loads ? 'loads' : 'refused'}, ${expected}`, async () => {
      const bytes = entry.bytes();
      const started = performance.now();
      const parsed = parseBugBytes(bytes, entry.file);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 1000, `parsed in ${elapsed.toFixed(0)} ms`);
      assert.equal(parsed.ok, entry.loads);
      const [first] = parsed.problems;
      if (entry.problem === null) {
        assert.deepEqual(parsed.problems, []);
      } else {
        assert.ok(first, 'a problem is reported');
        assert.deepEqual(
          { code: first.code, line: first.line, column: first.column, severity: first.severity, ...(first.yamlCode ? { yamlCode: first.yamlCode } : {}) },
          entry.problem,
        );
        assert.equal(first.file, entry.file);
        assert.ok(first.message.length > 0 && first.message.length < 300, 'a short message');
      }
      assertNoPollution(parsed.ok ? parsed.bug : undefined);
      await checkThroughStore(bytes, entry);
    });
  }

  /**
   * Loading leaves the bytes alone and reports the file. A file that does not load is never
   * written: it is swapped in for a valid one after load (as a `git pull` would) and the edit is
   * refused. A file that loads is edited and keeps every line but the title's.
   */
  async function checkThroughStore(bytes: Buffer, entry: Case): Promise<void> {
    const dir = path.join(tempDir(), '.bug-levels');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'case.yaml');
    fs.writeFileSync(file, bytes);
    const store = new JournalStore(new NodeJournalFileSystem(dir));
    const { bugs, problems } = await store.load();
    assert.ok(fs.readFileSync(file).equals(bytes), 'byte-identical after load');
    if (entry.problem) assert.equal(problems[0]?.code, entry.problem.code);
    assert.equal(bugs.length, entry.loads ? 1 : 0);

    if (!entry.loads) {
      fs.writeFileSync(file, BASE);
      await store.load();
      fs.writeFileSync(file, bytes);
      let called = false;
      await rejectsWith(
        store.update(bid('hostile1'), (bug) => {
          called = true;
          return setTitle(bug, 'written anyway');
        }),
        'unparseable',
      );
      assert.equal(called, false, 'the change never saw the file');
    } else if (bugs[0]?.readOnly) {
      await rejectsWith(
        store.update(bid('hostile1'), (bug) => setTitle(bug, 'written anyway')),
        'read-only',
      );
    } else {
      const updated = await store.update(bid('hostile1'), (bug) => setTitle(bug, 'Renamed'));
      const written = fs.readFileSync(file, 'utf8');
      const original = bytes.toString('utf8');
      const kept = original.split('\n').filter((line) => !line.replace(/^\uFEFF+/, '').startsWith('title:'));
      for (const line of kept) assert.ok(written.includes(line), `line kept byte for byte: ${line.slice(0, 60)}`);
      assert.ok(written.startsWith(original.slice(0, original.indexOf('schema'))), 'a byte order mark is kept');
      assertNoPollution(updated.bug);
      return;
    }
    assert.ok(fs.readFileSync(file).equals(bytes), 'byte-identical after the refused edit');
    assert.deepEqual(fs.readdirSync(dir), ['case.yaml'], 'no temp or lock file left');
  }

  describe('in the journal folder', () => {
    function journal(files: Record<string, string>): { dir: string; store: JournalStore } {
      const dir = path.join(tempDir(), '.bug-levels');
      fs.mkdirSync(dir);
      for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
      return { dir, store: new JournalStore(new NodeJournalFileSystem(dir)) };
    }

    it('two files with the same id: both are reported, and neither is written by an edit', async () => {
      const { dir, store } = journal({ 'a.yaml': BASE, 'b.yaml': BASE.replace('Hostile case', 'Copy') });
      const { bugs, problems } = await store.load();
      assert.deepEqual(problems.map((p) => [p.file, p.code]).sort(), [
        ['a.yaml', 'duplicate-id'],
        ['b.yaml', 'duplicate-id'],
      ]);
      assert.deepEqual(
        bugs.map((b) => [b.file, b.readOnly]),
        [['a.yaml', true]],
      );
      await rejectsWith(
        store.update(bid('hostile1'), (bug) => setTitle(bug, 'x')),
        'read-only',
      );
      assert.equal(fs.readFileSync(path.join(dir, 'a.yaml'), 'utf8'), BASE);
      assert.equal(fs.readFileSync(path.join(dir, 'b.yaml'), 'utf8'), BASE.replace('Hostile case', 'Copy'));
    });

    it('a bug file named *.yml is reported at 1:1 as a warning (not read, left alone), in the load and in `bug-levels check` (issue 13)', async () => {
      const { dir, store } = journal({ 'good.yaml': BASE, 'other.yml': BASE.replace('hostile1', 'hostile2') });
      const before = fs.readFileSync(path.join(dir, 'other.yml'));
      const { bugs, problems } = await store.load();
      assert.deepEqual(
        bugs.map((b) => b.file),
        ['good.yaml'],
      );
      assert.deepEqual(
        problems.map((p) => [p.file, p.line, p.column, p.code, p.severity]),
        [['other.yml', 1, 1, 'not-yaml-extension', 'warning']],
      );
      assert.match(problems[0]?.message ?? '', /not read: bug files end in \.yaml/);
      const { code, io } = await runCliCaptured(['check', dir, '--no-index']);
      assert.equal(code, 0, 'a warning, not an error');
      assert.match(io.stdout, /other\.yml:1:1: warning: 'other\.yml' is not read: bug files end in \.yaml/);
      assert.match(io.stderr, /1 bug loaded, 0 errors, 1 warning/);
      assert.ok(fs.readFileSync(path.join(dir, 'other.yml')).equals(before), 'byte-identical');
    });

    it('a folder named x.yaml is reported, not read, and left alone', async () => {
      const { dir, store } = journal({ 'good.yaml': BASE });
      fs.mkdirSync(path.join(dir, 'x.yaml'));
      fs.writeFileSync(path.join(dir, 'x.yaml', 'inside.txt'), 'kept');
      const { bugs, problems } = await store.load();
      assert.deepEqual(
        bugs.map((b) => b.file),
        ['good.yaml'],
      );
      assert.deepEqual(
        problems.map((p) => [p.file, p.code]),
        [['x.yaml', 'not-a-file']],
      );
      assert.equal(fs.readFileSync(path.join(dir, 'x.yaml', 'inside.txt'), 'utf8'), 'kept');
    });

    it('a symlink leading out of the journal is not read, and an edit is not written through it', async function () {
      const outside = path.join(tempDir(), 'outside.yaml');
      const secret = BASE.replace('Hostile case', 'Outside the journal');
      fs.writeFileSync(outside, secret);
      const { dir, store } = journal({ 'a.yaml': BASE });
      try {
        fs.symlinkSync(outside, path.join(dir, 'link.yaml'));
      } catch {
        this.skip(); // symlinks need privileges on Windows
      }
      const { bugs, problems } = await store.load();
      assert.deepEqual(
        bugs.map((b) => b.file),
        ['a.yaml'],
      );
      assert.deepEqual(
        problems.map((p) => [p.file, p.code]),
        [['link.yaml', 'read-error']],
      );
      // After the load, a.yaml itself is replaced by a link leading out (a hostile checkout).
      fs.rmSync(path.join(dir, 'a.yaml'));
      fs.symlinkSync(outside, path.join(dir, 'a.yaml'));
      await assert.rejects(store.update(bid('hostile1'), (bug) => setTitle(bug, 'written through the link')));
      assert.equal(fs.readFileSync(outside, 'utf8'), secret);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['a.yaml', 'link.yaml']);
    });
  });
});
