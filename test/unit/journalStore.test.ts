import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JournalStore, StoreError, type StoreErrorCode } from '../../src/core/store/journalStore';
import { addLink, createBug, logAttempt, promote, resolveHypothesis, setTitle } from '../../src/core/model/transitions';
import { parseBug } from '../../src/core/format/format';
import { formatProblem, type Problem } from '../../src/core/format/problems';
import { sequentialIds } from '../../src/core/model/ids';
import type { BugId } from '../../src/core/model/types';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';
import { at, bid, copyDemoJournal, DEMO_JOURNAL, hid, listFilesDeep, MINIMAL_BUG_TEXT, T0, useTempDirs } from './helpers';

const encoder = new TextEncoder();

/** Resolves to the StoreError `promise` rejects with, checking its code. */
async function rejectsWithStoreError(promise: Promise<unknown>, code: StoreErrorCode): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.equal(error.code, code);
    return error;
  }
  assert.fail(`expected a StoreError '${code}'`);
}

function minimalBugText(id: string, title = 'Minimal bug'): string {
  return MINIMAL_BUG_TEXT.replace('id: bug0001', `id: ${id}`).replace('title: Minimal bug', `title: ${title}`);
}

describe('JournalStore over real files (NodeJournalFileSystem)', () => {
  const tempDir = useTempDirs();

  /** A temp journal folder holding `files` (name -> text), and a store over it. */
  function journalWith(files: Record<string, string | Buffer>): { dir: string; store: JournalStore } {
    const dir = path.join(tempDir(), '.bug-levels');
    fs.mkdirSync(dir);
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    return { dir, store: new JournalStore(new NodeJournalFileSystem(dir)) };
  }

  describe('load', () => {
    it('loads a copy of the demo journal: four bugs, no problems, in file-name order', async () => {
      const dir = copyDemoJournal(path.join(tempDir(), '.bug-levels'));
      const { bugs, problems } = await new JournalStore(new NodeJournalFileSystem(dir)).load();
      assert.deepEqual(problems, []);
      assert.deepEqual(
        bugs.map((b) => [b.file, b.bug.id, b.readOnly]),
        [
          ['502-on-first-interview-V1StGXR8Zq.yaml', 'V1StGXR8Zq', false],
          ['first-run-hangs-spacy-download-k3Jd9QpL2x.yaml', 'k3Jd9QpL2x', false],
          ['postgres-noise-in-docassemble-log-Pg4Lx7Vb2c.yaml', 'Pg4Lx7Vb2c', false],
          ['uwsgi-pinned-below-2-0-20-Qw8Zr5Tn1m.yaml', 'Qw8Zr5Tn1m', false],
        ],
      );
      assert.equal(bugs[0]?.bug.hypotheses.length, 3);
    });

    it('a journal folder that does not exist loads as empty', async () => {
      const store = new JournalStore(new NodeJournalFileSystem(path.join(tempDir(), 'missing')));
      assert.deepEqual(await store.load(), { bugs: [], problems: [] });
    });

    it('only *.yaml files directly in the folder are bugs; a *.yml file is reported, not read (issue 13)', async () => {
      const { dir, store } = journalWith({ 'a.yaml': minimalBugText('bugaaaa'), 'notes.md': '# not a bug', 'b.yml': minimalBugText('bugbbbb') });
      fs.mkdirSync(path.join(dir, 'attachments', 'bugaaaa'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'attachments', 'bugaaaa', 'inner.yaml'), 'not: loaded');
      fs.writeFileSync(path.join(dir, 'attachments', 'bugaaaa', 'inner.yml'), 'not: loaded');
      const before = fs.readFileSync(path.join(dir, 'b.yml'));
      const { bugs, problems } = await store.load();
      assert.deepEqual(
        bugs.map((b) => b.bug.id),
        ['bugaaaa'],
      );
      assert.deepEqual(
        problems.map((p) => [p.file, p.line, p.column, p.code, p.severity]),
        [['b.yml', 1, 1, 'not-yaml-extension', 'warning']],
      );
      assert.equal(formatProblem(problems[0] as Problem), "b.yml:1:1: warning: 'b.yml' is not read: bug files end in .yaml. Rename it to 'b.yaml' to load it.");
      assert.ok(fs.readFileSync(path.join(dir, 'b.yml')).equals(before), 'left byte for byte');
    });

    it('a *.yml file is reported in file order among the others, and a folder named x.yml is not', async () => {
      const { dir, store } = journalWith({ 'a.yaml': minimalBugText('bugaaaa'), 'b.yml': 'anything: at all', 'c.yaml': 'title: [' });
      fs.mkdirSync(path.join(dir, 'd.yml'));
      const { problems } = await store.load();
      assert.deepEqual(
        problems.map((p) => [p.file, p.code]),
        [
          ['b.yml', 'not-yaml-extension'],
          ['c.yaml', 'yaml-syntax'],
        ],
      );
    });

    it('a file with a syntax error is reported with file:line:col, and the other bugs still load', async () => {
      const broken = minimalBugText('bugbad1').replace('title: Minimal bug', 'title: a: b');
      const { store } = journalWith({ 'a-good.yaml': minimalBugText('buggood'), 'b-broken.yaml': broken, 'c-good.yaml': minimalBugText('buggoo2') });
      const { bugs, problems } = await store.load();
      assert.deepEqual(
        bugs.map((b) => b.bug.id),
        ['buggood', 'buggoo2'],
      );
      const [problem] = problems;
      assert.ok(problem && problems.length === 1);
      assert.equal(problem.code, 'yaml-syntax');
      assert.match(formatProblem(problem), /^b-broken\.yaml:3:8: Nested mappings are not allowed/);
    });

    it('a broken file stays byte-identical after load and after edits to the other bugs', async () => {
      const broken = Buffer.from(`# hand-edited, mid-merge\n${minimalBugText('bugbad1')}<<<<<<< HEAD\ntitle: x\n`);
      const { dir, store } = journalWith({ 'broken.yaml': broken, 'good.yaml': minimalBugText('buggood') });
      const before = fs.statSync(path.join(dir, 'broken.yaml')).mtimeMs;
      await store.load();
      await store.update(bid('buggood'), (bug) => addLink(bug, 'https://example.com/1'));
      await store.update(bid('buggood'), (bug) => setTitle(bug, 'Renamed'));
      await store.load();
      assert.ok(fs.readFileSync(path.join(dir, 'broken.yaml')).equals(broken));
      assert.equal(fs.statSync(path.join(dir, 'broken.yaml')).mtimeMs, before);
    });

    it('two files with the same id: both are reported, the second is not loaded and the first is read-only', async () => {
      const { store } = journalWith({ 'a.yaml': minimalBugText('samebug', 'First'), 'b.yaml': minimalBugText('samebug', 'Second') });
      const { bugs, problems } = await store.load();
      assert.deepEqual(
        bugs.map((b) => [b.file, b.bug.title, b.readOnly]),
        [['a.yaml', 'First', true]],
      );
      assert.deepEqual(problems.map((p) => [p.file, p.code, p.severity]).sort(), [
        ['a.yaml', 'duplicate-id', 'warning'],
        ['b.yaml', 'duplicate-id', 'error'],
      ]);
      assert.match(problems.find((p) => p.file === 'b.yaml')?.message ?? '', /also used by a\.yaml/);
    });

    it('a folder named x.yaml is reported as not a file', async () => {
      const { dir, store } = journalWith({ 'good.yaml': minimalBugText('buggood') });
      fs.mkdirSync(path.join(dir, 'x.yaml'));
      const { bugs, problems } = await store.load();
      assert.equal(bugs.length, 1);
      assert.deepEqual(
        problems.map((p) => [p.file, p.code]),
        [['x.yaml', 'not-a-file']],
      );
    });

    it('a symlinked .yaml leading outside the journal is not read, and is reported', async function () {
      const outside = path.join(tempDir(), 'secret.yaml');
      fs.writeFileSync(outside, minimalBugText('secret1', 'Outside the journal'));
      const { dir, store } = journalWith({ 'good.yaml': minimalBugText('buggood') });
      try {
        fs.symlinkSync(outside, path.join(dir, 'link.yaml'));
      } catch {
        this.skip(); // no symlinks on this system
      }
      const { bugs, problems } = await store.load();
      assert.deepEqual(
        bugs.map((b) => b.bug.id),
        ['buggood'],
      );
      assert.deepEqual(
        problems.map((p) => [p.file, p.code]),
        [['link.yaml', 'read-error']],
      );
      assert.match(problems[0]?.message ?? '', /outside the journal/);
    });

    it('displayPath decides how files are named in problems', async () => {
      const { store: plain } = journalWith({ 'bad.yaml': 'status: [' });
      const shown = new JournalStore(plain.fs, { displayPath: (file) => `.bug-levels/${file}` });
      const { problems } = await shown.load();
      assert.equal(problems[0]?.file, '.bug-levels/bad.yaml');
    });
  });

  describe('create', () => {
    it('writes a new bug to <slug>-<id>.yaml in the canonical format, making the folder', async () => {
      const dir = path.join(tempDir(), 'new', '.bug-levels');
      const store = new JournalStore(new NodeJournalFileSystem(dir));
      const bug = createBug({ id: sequentialIds().bugId(), title: '502 on first interview!' }, T0);
      const created = await store.create(bug);
      assert.equal(created.file, '502-on-first-interview-bug0001.yaml');
      const text = fs.readFileSync(path.join(dir, created.file), 'utf8');
      assert.equal(
        text,
        [
          'schema: bug-levels/v1',
          'id: bug0001',
          'title: 502 on first interview!',
          'status: open',
          'level: 1',
          'created: 2026-03-01T09:00:00Z',
          'levels:',
          '  - { level: 1, at: 2026-03-01T09:00:00Z }',
          '',
        ].join('\n'),
      );
      assert.equal(store.fileOf(bug.id), created.file);
    });

    it('never overwrites an existing file', async () => {
      const { dir, store } = journalWith({ 'a-bug-bug0001.yaml': '# someone else wrote this\n' });
      const bug = createBug({ id: bid('bug0001'), title: 'A bug' }, T0);
      await rejectsWithStoreError(store.create(bug), 'exists');
      assert.equal(fs.readFileSync(path.join(dir, 'a-bug-bug0001.yaml'), 'utf8'), '# someone else wrote this\n');
    });
  });

  describe('update', () => {
    it('applies the change, rewriting only what changed, and leaves no temp or lock file', async () => {
      const dir = copyDemoJournal(path.join(tempDir(), '.bug-levels'));
      const store = new JournalStore(new NodeJournalFileSystem(dir));
      await store.load();
      const file = '502-on-first-interview-V1StGXR8Zq.yaml';
      const original = fs.readFileSync(path.join(dir, file), 'utf8');
      const updated = await store.update(bid('V1StGXR8Zq'), (bug) => logAttempt(bug, 'pinned uwsgi', at(0)));
      assert.equal(updated.file, file);
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      assert.ok(text.startsWith("# The essay's bug"), 'the comment survives');
      assert.ok(text.endsWith(`${original.trimEnd().split('\n').at(-1)}\n  - { at: 2026-03-01T09:00:00Z, kind: attempt, text: pinned uwsgi }\n`));
      const reparsed = parseBug(text, file);
      assert.ok(reparsed.ok);
      assert.deepEqual(reparsed.bug, updated.bug);
      assert.deepEqual(listFilesDeep(dir), fs.readdirSync(DEMO_JOURNAL).sort(), 'no temp or lock file is left');
    });

    it('a change that returns the same bug (a duplicate link) writes nothing, not even a reformat', async () => {
      const { dir, store } = journalWith({ 'a.yaml': `# keep   spacing\n${minimalBugText('bugaaaa')}tags: [x,y]\nlinks:\n  - https://x   # c\n` });
      await store.load();
      const before = fs.readFileSync(path.join(dir, 'a.yaml'));
      const mtime = fs.statSync(path.join(dir, 'a.yaml')).mtimeMs;
      await store.update(bid('bugaaaa'), (bug) => addLink(bug, 'https://x'));
      assert.ok(fs.readFileSync(path.join(dir, 'a.yaml')).equals(before));
      assert.equal(fs.statSync(path.join(dir, 'a.yaml')).mtimeMs, mtime);
    });

    it('applies the change to the file as it is on disk: a hand edit made after load is kept', async () => {
      const { dir, store } = journalWith({ 'a.yaml': minimalBugText('bugaaaa') });
      await store.load();
      fs.appendFileSync(path.join(dir, 'a.yaml'), 'tags: [edited-by-hand]\n');
      const updated = await store.update(bid('bugaaaa'), (bug) => promote(bug, 'found it', at(10)));
      assert.deepEqual(updated.bug.tags, ['edited-by-hand']);
      const reloaded = (await store.load()).bugs[0]?.bug;
      assert.deepEqual(reloaded?.tags, ['edited-by-hand']);
      assert.equal(reloaded?.level, 2);
    });

    it('refuses to write a file that no longer parses, leaving its bytes unchanged', async () => {
      const { dir, store } = journalWith({ 'a.yaml': minimalBugText('bugaaaa') });
      await store.load();
      const broken = Buffer.from(minimalBugText('bugaaaa').replace('status: open', 'status: [open'));
      fs.writeFileSync(path.join(dir, 'a.yaml'), broken);
      let called = false;
      const error = await rejectsWithStoreError(
        store.update(bid('bugaaaa'), (bug) => {
          called = true;
          return bug;
        }),
        'unparseable',
      );
      assert.equal(called, false, 'the change is never applied to a broken file');
      assert.ok(error.problems.length > 0);
      assert.ok(fs.readFileSync(path.join(dir, 'a.yaml')).equals(broken));
      assert.deepEqual(fs.readdirSync(dir), ['a.yaml'], 'no lock or temp file is left');
    });

    it('refuses to write a file with a newer schema', async () => {
      const text = minimalBugText('bugaaaa').replace('bug-levels/v1', 'bug-levels/v2');
      const { dir, store } = journalWith({ 'a.yaml': text });
      const { bugs } = await store.load();
      assert.equal(bugs[0]?.readOnly, true);
      await rejectsWithStoreError(
        store.update(bid('bugaaaa'), (bug) => setTitle(bug, 'x')),
        'read-only',
      );
      assert.equal(fs.readFileSync(path.join(dir, 'a.yaml'), 'utf8'), text);
    });

    it('an unknown id is not-found; a file renamed since load is found again', async () => {
      const { dir, store } = journalWith({ 'a.yaml': minimalBugText('bugaaaa') });
      await store.load();
      await rejectsWithStoreError(
        store.update(bid('nobody1'), (bug) => bug),
        'not-found',
      );
      fs.renameSync(path.join(dir, 'a.yaml'), path.join(dir, 'renamed.yaml'));
      const updated = await store.update(bid('bugaaaa'), (bug) => setTitle(bug, 'Still here'));
      assert.equal(updated.file, 'renamed.yaml');
      assert.deepEqual(fs.readdirSync(dir), ['renamed.yaml']);
    });

    it('a file whose id was changed by hand since load is not written as the old bug', async () => {
      const { dir, store } = journalWith({ 'a.yaml': minimalBugText('bugaaaa') });
      await store.load();
      const changed = minimalBugText('bugbbbb');
      fs.writeFileSync(path.join(dir, 'a.yaml'), changed);
      await rejectsWithStoreError(
        store.update(bid('bugaaaa'), (bug) => setTitle(bug, 'x')),
        'not-found',
      );
      assert.equal(fs.readFileSync(path.join(dir, 'a.yaml'), 'utf8'), changed);
    });

    it('a stale lock left by a crashed writer is broken; a fresh one makes the update wait and then give up', async () => {
      const { dir } = journalWith({ 'a.yaml': minimalBugText('bugaaaa') });
      const lock = path.join(dir, 'a.yaml.lock');
      fs.writeFileSync(lock, '1\n');
      const old = new Date(Date.now() - 60_000);
      fs.utimesSync(lock, old, old);
      const store = new JournalStore(new NodeJournalFileSystem(dir), { staleLockMs: 30_000 });
      await store.update(bid('bugaaaa'), (bug) => setTitle(bug, 'After a crash'));
      assert.deepEqual(fs.readdirSync(dir), ['a.yaml']);

      fs.writeFileSync(lock, '2\n');
      const impatient = new JournalStore(new NodeJournalFileSystem(dir), { lockTimeoutMs: 50 });
      await rejectsWithStoreError(
        impatient.update(bid('bugaaaa'), (bug) => setTitle(bug, 'x')),
        'locked',
      );
      assert.equal(fs.existsSync(lock), true, 'another writer lock is not removed');
      assert.match(fs.readFileSync(path.join(dir, 'a.yaml'), 'utf8'), /title: After a crash/);
    });

    it('writeAtomic refuses to write through a symlink: the link and its target stay as they were', async function () {
      const outside = path.join(tempDir(), 'target.yaml');
      fs.writeFileSync(outside, minimalBugText('linked1'));
      const { dir, store } = journalWith({});
      try {
        fs.symlinkSync(outside, path.join(dir, 'link.yaml'));
      } catch {
        this.skip();
      }
      await assert.rejects(store.fs.writeAtomic('link.yaml', encoder.encode('overwritten')), /not a regular file/);
      assert.equal(fs.readFileSync(outside, 'utf8'), minimalBugText('linked1'));
      assert.equal(fs.lstatSync(path.join(dir, 'link.yaml')).isSymbolicLink(), true);
      assert.deepEqual(fs.readdirSync(dir), ['link.yaml'], 'no temp file is left');
    });

    it('a symlinked folder inside the journal does not carry writes outside it', async function () {
      const outside = tempDir();
      const { dir, store } = journalWith({ 'a.yaml': minimalBugText('bugaaaa') });
      try {
        fs.symlinkSync(outside, path.join(dir, 'attachments'), 'dir');
      } catch {
        this.skip();
      }
      await assert.rejects(store.writeAttachment(bid('bugaaaa'), 's-1', 'big text'), /outside the journal/);
      await assert.rejects(store.fs.writeAtomic('attachments/x.txt', encoder.encode('x')), /outside the journal/);
      await assert.rejects(store.fs.createExclusive('attachments/y.txt', encoder.encode('y')), /outside the journal/);
      assert.deepEqual(fs.readdirSync(outside), []);
    });

    it('paths that climb out of the journal are refused by the file system adapter', async () => {
      const { store } = journalWith({});
      await assert.rejects(store.fs.writeAtomic('../escape.yaml', encoder.encode('x')), /outside the journal/);
      await assert.rejects(store.fs.read('../../etc/passwd'), /outside the journal/);
      await rejectsWithStoreError(store.restore('../escape.yaml', encoder.encode('x')), 'unsafe-path');
    });

    it('200 sequential updates interleaved from two stores on the same folder lose nothing', async function () {
      this.timeout(60_000);
      const { dir } = journalWith({ 'a.yaml': minimalBugText('bugaaaa') });
      const first = new JournalStore(new NodeJournalFileSystem(dir));
      const second = new JournalStore(new NodeJournalFileSystem(dir));
      await first.load();
      await second.load();
      for (let i = 0; i < 200; i++) {
        const store = i % 2 === 0 ? first : second;
        await store.update(bid('bugaaaa'), (bug) => addLink(bug, `https://example.com/${i}`));
      }
      const { bugs, problems } = await first.load();
      assert.deepEqual(problems, []);
      assert.deepEqual(
        bugs[0]?.bug.links,
        Array.from({ length: 200 }, (_, i) => `https://example.com/${i}`),
      );
      assert.deepEqual(fs.readdirSync(dir), ['a.yaml'], 'no temp or lock file is left');
    });

    it('concurrent updates from two stores wait for each other’s lock and lose nothing', async function () {
      this.timeout(60_000);
      const { dir } = journalWith({ 'a.yaml': minimalBugText('bugaaaa') });
      const stores = [new JournalStore(new NodeJournalFileSystem(dir)), new JournalStore(new NodeJournalFileSystem(dir))];
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => (stores[i % 2] as JournalStore).update(bid('bugaaaa'), (bug) => logAttempt(bug, `try ${i}`, at(i)))),
      );
      const { bugs } = await new JournalStore(new NodeJournalFileSystem(dir)).load();
      assert.deepEqual(bugs[0]?.bug.timeline.map((e) => e.text).sort(), Array.from({ length: 40 }, (_, i) => `try ${i}`).sort());
      assert.deepEqual(fs.readdirSync(dir), ['a.yaml']);
    });
  });

  describe('delete and restore', () => {
    it('delete returns the file bytes and restore puts them back byte for byte', async () => {
      const dir = copyDemoJournal(path.join(tempDir(), '.bug-levels'));
      const store = new JournalStore(new NodeJournalFileSystem(dir));
      await store.load();
      const file = '502-on-first-interview-V1StGXR8Zq.yaml';
      const original = fs.readFileSync(path.join(dir, file));
      const deleted = await store.delete(bid('V1StGXR8Zq'));
      assert.equal(deleted.file, file);
      assert.ok(Buffer.from(deleted.bytes).equals(original));
      assert.equal(fs.existsSync(path.join(dir, file)), false);
      assert.equal((await store.load()).bugs.length, 3);
      await store.restore(deleted.file, deleted.bytes);
      assert.ok(fs.readFileSync(path.join(dir, file)).equals(original));
      assert.equal((await store.load()).bugs.length, 4);
    });

    it('restore never overwrites a file that came back meanwhile', async () => {
      const { dir, store } = journalWith({ 'a.yaml': minimalBugText('bugaaaa') });
      await store.load();
      const deleted = await store.delete(bid('bugaaaa'));
      fs.writeFileSync(path.join(dir, 'a.yaml'), 'someone else');
      await rejectsWithStoreError(store.restore(deleted.file, deleted.bytes), 'exists');
      assert.equal(fs.readFileSync(path.join(dir, 'a.yaml'), 'utf8'), 'someone else');
    });
  });

  describe('attachments', () => {
    it('writeAttachment stores the text beside the bug and snippetText reads it back exactly', async () => {
      const { dir, store } = journalWith({ 'a.yaml': minimalBugText('bugaaaa') });
      const text = `${'log line with trailing spaces   \r\n'.repeat(3000)}ünïcödé 🐛\n`;
      const relative = await store.writeAttachment(bid('bugaaaa'), 's-1', text);
      assert.equal(relative, 'attachments/bugaaaa/s-1.txt');
      assert.ok(fs.readFileSync(path.join(dir, relative)).equals(Buffer.from(text)));
      assert.equal(await store.snippetText({ id: 's-1' as never, source: 'file', captured: T0, path: relative }), text);
      assert.deepEqual(listFilesDeep(dir), ['a.yaml', 'attachments/bugaaaa/s-1.txt']);
    });

    it('snippetText returns inline text as is and refuses an unsafe path', async () => {
      const { store } = journalWith({});
      assert.equal(await store.snippetText({ id: 's-1' as never, source: 'editor', captured: T0, text: 'inline\n' }), 'inline\n');
      await rejectsWithStoreError(store.snippetText({ id: 's-2' as never, source: 'file', captured: T0, path: '../outside.txt' }), 'unsafe-path');
    });

    it('needsAttachment is decided by the UTF-8 byte size against the threshold', () => {
      const store = new JournalStore(new NodeJournalFileSystem(tempDir()), { attachmentThresholdBytes: 4 });
      assert.equal(store.needsAttachment('abcd'), false);
      assert.equal(store.needsAttachment('abcde'), true);
      assert.equal(store.needsAttachment('üü'), false);
      assert.equal(store.needsAttachment('üüü'), true);
    });

    it('a bug with an attachment snippet survives an update of its hypotheses', async () => {
      const text = `${minimalBugText('bugaaaa')}hypotheses:\n  - id: h-1\n    text: a\n    status: open\n    created: 2026-03-01T09:00:00Z\n    evidence: [s-1]\nsnippets:\n  - id: s-1\n    source: file\n    captured: 2026-03-01T09:00:00Z\n    path: attachments/bugaaaa/s-1.txt\n`;
      const { store } = journalWith({ 'a.yaml': text });
      await store.load();
      const updated = await store.update(bid('bugaaaa'), (bug) => resolveHypothesis(bug, { id: hid('h-1'), status: 'confirmed' }, at(5)));
      assert.equal(updated.bug.snippets[0]?.path, 'attachments/bugaaaa/s-1.txt');
      assert.equal(updated.bug.hypotheses[0]?.status, 'confirmed');
    });
  });

  it('BugId values from the store are the ids written in the files', async () => {
    const { store } = journalWith({ 'whatever-name.yaml': minimalBugText('realid1') });
    const { bugs } = await store.load();
    const id: BugId | undefined = bugs[0]?.bug.id;
    assert.equal(id, 'realid1');
    assert.equal(store.fileOf(bid('realid1')), 'whatever-name.yaml');
  });
});
