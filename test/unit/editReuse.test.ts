import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { editBugFile, parseBugBytes } from '../../src/core/format/format';
import { addHypothesis, addLink, deleteHypothesis, setTitle } from '../../src/core/model/transitions';
import { JournalStore, StoreError } from '../../src/core/store/journalStore';
import { RecentParses } from '../../src/core/store/recentParses';
import type { Bug, HypothesisId } from '../../src/core/model/types';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';
import { at, bid, DEMO_JOURNAL, MINIMAL_BUG_TEXT, useTempDirs } from './helpers';
import { parseOk } from './formatHelpers';

const encoder = new TextEncoder();

function withHypothesis(bug: Bug, n: number): Bug {
  return addHypothesis(bug, { id: `h-reuse${n}` as HypothesisId, kind: 'hypothesis', text: `suspect number ${n}` }, at(n));
}

describe('editBugFile', () => {
  const demo = fs.readdirSync(DEMO_JOURNAL).filter((name) => name.endsWith('.yaml'));

  it('never changes the parsed document it edits from, so that parse can serve another edit', () => {
    for (const name of demo) {
      const text = fs.readFileSync(path.join(DEMO_JOURNAL, name), 'utf8');
      const parsed = parseOk(text, name);
      const rendered = parsed.document.toString();
      const first = editBugFile(parsed, addLink(withHypothesis(parsed.bug, 1), 'https://example.com/first'), name);
      assert.equal(parsed.document.toString(), rendered, `${name}: the original document is unchanged`);
      // A second, different edit from the same parse is as if the first never happened.
      const second = editBugFile(parsed, setTitle(addLink(parsed.bug, 'https://example.com/x'), 'Other title'), name);
      const fresh = editBugFile(parseOk(text, name), setTitle(addLink(parsed.bug, 'https://example.com/x'), 'Other title'), name);
      assert.equal(second.text, fresh.text, `${name}: the same text as from a fresh parse`);
      assert.notEqual(first.text, second.text);
    }
  });

  it('returns the bytes to write and their parse: what parsing the written file gives', () => {
    const parsed = parseOk(`\uFEFF${MINIMAL_BUG_TEXT}`);
    const after = withHypothesis(parsed.bug, 1);
    const edit = editBugFile(parsed, after, 'bug.yaml');
    assert.deepEqual(edit.bytes, encoder.encode(edit.text));
    assert.ok(edit.text.startsWith('\uFEFF'), 'the byte order mark is kept');
    const reparsed = parseBugBytes(edit.bytes, 'bug.yaml');
    assert.ok(reparsed.ok);
    assert.deepEqual(edit.parsed.bug, after);
    assert.deepEqual(edit.parsed.bug, reparsed.bug);
    assert.equal(edit.parsed.text, reparsed.text);
    assert.equal(edit.parsed.bom, true);
    assert.equal(edit.parsed.document.toString(), reparsed.document.toString());
  });
});

describe('RecentParses', () => {
  const text = MINIMAL_BUG_TEXT;
  const bytes = encoder.encode(text);

  it('gives the parse back only for exactly the same bytes', () => {
    const recent = new RecentParses(2);
    recent.remember('a.yaml', bytes, parseOk(text));
    assert.ok(recent.get('a.yaml', encoder.encode(text)));
    assert.equal(recent.get('b.yaml', bytes), undefined, 'another file');
    const oneByteOff = encoder.encode(text.replace('Minimal bug', 'Minimal bog'));
    assert.equal(recent.get('a.yaml', oneByteOff), undefined, 'same length, one byte differs');
    assert.equal(recent.get('a.yaml', encoder.encode(`${text}\n`)), undefined, 'one byte more');
  });

  it('hands out a copy of the bug: changing it never changes what is remembered', () => {
    const recent = new RecentParses(2);
    recent.remember('a.yaml', bytes, parseOk(text));
    const first = recent.get('a.yaml', bytes);
    assert.ok(first);
    (first.bug as { title: string }).title = 'changed by a careless caller';
    (first.bug.links as string[]).push('https://example.com/oops');
    const second = recent.get('a.yaml', bytes);
    assert.deepEqual(second?.bug, parseOk(text).bug);
  });

  it('keeps the most recently used files, up to its capacity', () => {
    const recent = new RecentParses(2);
    const parsed = parseOk(text);
    recent.remember('a.yaml', bytes, parsed);
    recent.remember('b.yaml', bytes, parsed);
    assert.ok(recent.get('a.yaml', bytes)); // a is now the most recent
    recent.remember('c.yaml', bytes, parsed);
    assert.ok(recent.get('a.yaml', bytes));
    assert.equal(recent.get('b.yaml', bytes), undefined);
    assert.ok(recent.get('c.yaml', bytes));
    recent.forget('c.yaml');
    assert.equal(recent.get('c.yaml', bytes), undefined);
  });
});

describe('JournalStore: edits in a row', () => {
  const tempDir = useTempDirs();

  function journalWith(text: string, options = {}): { file: string; store: JournalStore } {
    const dir = path.join(tempDir(), '.bug-levels');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a.yaml'), text);
    return { file: path.join(dir, 'a.yaml'), store: new JournalStore(new NodeJournalFileSystem(dir), options) };
  }

  it('edits of the same bug in a row each land on what the file holds', async () => {
    const { file, store } = journalWith(MINIMAL_BUG_TEXT);
    await store.load();
    for (let n = 1; n <= 5; n++) await store.update(bid('bug0001'), (bug) => withHypothesis(bug, n));
    const onDisk = parseOk(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(
      onDisk.bug.hypotheses.map((h) => h.id),
      [1, 2, 3, 4, 5].map((n) => `h-reuse${n}`),
    );
  });

  it("reloading a file after our own edit (the watcher's echo) gives what a fresh parse of it gives", async () => {
    const { file, store } = journalWith(MINIMAL_BUG_TEXT);
    await store.load();
    await store.update(bid('bug0001'), (bug) => withHypothesis(bug, 1));
    const reloaded = await store.loadFile('a.yaml');
    assert.deepEqual(reloaded.loaded?.bug, parseOk(fs.readFileSync(file, 'utf8')).bug);
    // And after a hand edit, the hand edit.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('suspect number 1', 'suspect by hand'));
    assert.equal((await store.loadFile('a.yaml')).loaded?.bug.hypotheses[0]?.text, 'suspect by hand');
  });

  it('a hand edit between two edits is seen: the second edit starts from the file, not from memory', async () => {
    const { file, store } = journalWith(MINIMAL_BUG_TEXT);
    await store.load();
    await store.update(bid('bug0001'), (bug) => withHypothesis(bug, 1));
    // The same length, one word changed, and the same modification time: only the bytes tell.
    const { mtime } = fs.statSync(file);
    const edited = fs.readFileSync(file, 'utf8').replace('suspect number 1', 'suspect NUMBER 1');
    fs.writeFileSync(file, `# a comment added by hand\n${edited}`);
    fs.utimesSync(file, mtime, mtime);
    await store.update(bid('bug0001'), (bug) => withHypothesis(bug, 2));
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^# a comment added by hand\n/);
    assert.deepEqual(
      parseOk(text).bug.hypotheses.map((h) => h.text),
      ['suspect NUMBER 1', 'suspect number 2'],
    );
  });

  it('a file broken by hand after an edit is refused, even though its last parse is remembered', async () => {
    const { file, store } = journalWith(MINIMAL_BUG_TEXT);
    await store.load();
    await store.update(bid('bug0001'), (bug) => withHypothesis(bug, 1));
    const broken = fs.readFileSync(file, 'utf8').replace('status: open', 'status: [open');
    fs.writeFileSync(file, broken);
    await assert.rejects(
      store.update(bid('bug0001'), (bug) => withHypothesis(bug, 2)),
      (error: unknown) => error instanceof StoreError && error.code === 'unparseable',
    );
    assert.equal(fs.readFileSync(file, 'utf8'), broken);
  });

  it('a file an edit grew past the size limit is refused next time, as if it were parsed', async () => {
    const { file, store } = journalWith(MINIMAL_BUG_TEXT, { maxFileBytes: MINIMAL_BUG_TEXT.length + 60 });
    await store.load();
    // The check of our own output has no size limit, so this edit is written...
    await store.update(bid('bug0001'), (bug) => withHypothesis(bug, 1));
    assert.ok(fs.statSync(file).size > MINIMAL_BUG_TEXT.length + 60);
    // ...and the next one refuses the file, as a fresh parse of it would.
    await assert.rejects(
      store.update(bid('bug0001'), (bug) => withHypothesis(bug, 2)),
      (error: unknown) => error instanceof StoreError && error.code === 'unparseable',
    );
  });

  it('a change function that modifies the bug it is given does not spoil the next edit', async () => {
    const { file, store } = journalWith(MINIMAL_BUG_TEXT);
    await store.load();
    await store.update(bid('bug0001'), (bug) => withHypothesis(bug, 1));
    // Not how transitions are written (they are pure), but it must not reach the next edit.
    await store.update(bid('bug0001'), (bug) => {
      (bug as { title: string }).title = 'scribbled';
      return bug;
    });
    await store.update(bid('bug0001'), (bug) => deleteHypothesis(withHypothesis(bug, 2), 'h-reuse1' as HypothesisId));
    const onDisk = parseOk(fs.readFileSync(file, 'utf8')).bug;
    assert.equal(onDisk.title, 'Minimal bug');
    assert.deepEqual(
      onDisk.hypotheses.map((h) => h.id),
      ['h-reuse2'],
    );
  });
});
