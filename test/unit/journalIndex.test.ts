import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JournalStore, type JournalLoad } from '../../src/core/store/journalStore';
import { JournalIndex, RACY_CHANGE_MS, RACY_MTIME_MS, type IndexStorage } from '../../src/core/store/journalIndex';
import type { JournalFileSystem } from '../../src/core/store/journalFileSystem';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';
import { NodeIndexStorage } from '../../src/node/nodeIndexStorage';
import { copyDemoJournal, MINIMAL_BUG_TEXT, useTempDirs } from './helpers';
import { performEdit } from '../../src/core/store/performOperation';
import { randomIds } from '../../src/core/store/randomIds';
import { DEFAULT_TIMEBOX_MINUTES } from '../../src/core/model/timebox';
import type { BugId, Timestamp } from '../../src/core/model/types';

/** The node file system, counting the bug files it reads (a warm load should read none). */
class CountingFileSystem extends NodeJournalFileSystem {
  reads: string[] = [];

  override async read(file: string): Promise<Uint8Array> {
    this.reads.push(file);
    return super.read(file);
  }
}

const HOUR = 60 * 60 * 1000;

function bugText(id: string, title = 'Minimal bug'): string {
  return MINIMAL_BUG_TEXT.replace('id: bug0001', `id: ${id}`).replace('title: Minimal bug', `title: ${title}`);
}

/** Sets the file's mtime (and atime) to `ms`: files in a journal are normally older than the index. */
function setMtime(file: string, ms: number): void {
  fs.utimesSync(file, ms / 1000, ms / 1000);
}

/** Waits until changes made so far are older than RACY_CHANGE_MS. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, RACY_CHANGE_MS + 20));
}

describe('the journal index (warm loads parse no YAML)', () => {
  const tempDir = useTempDirs();
  let dir: string;
  let indexFile: string;

  /**
   * A journal with the demo's four bugs, a file with a syntax error, one with a newer schema
   * (read-only + warning) and two files sharing an id; every file an hour old.
   */
  beforeEach(async () => {
    const root = tempDir();
    dir = copyDemoJournal(path.join(root, '.bug-levels'));
    indexFile = path.join(root, 'cache', 'index.jsonl');
    fs.writeFileSync(path.join(dir, 'broken.yaml'), bugText('bugbrkn').replace('title: Minimal bug', 'title: a: b'));
    fs.writeFileSync(path.join(dir, 'newer.yaml'), bugText('bugnewr').replace('schema: bug-levels/v1', 'schema: bug-levels/v2'));
    fs.writeFileSync(path.join(dir, 'twin-a.yaml'), bugText('bugtwin', 'First twin'));
    fs.writeFileSync(path.join(dir, 'twin-b.yaml'), bugText('bugtwin', 'Second twin'));
    for (const name of fs.readdirSync(dir)) setMtime(path.join(dir, name), Date.now() - HOUR);
    // Setting the mtime is a change (ctime) now: only a change older than RACY_CHANGE_MS is cached.
    await settle();
  });

  function newIndex(options: { storage?: IndexStorage; codeVersion?: string; journal?: string; now?: () => number } = {}): JournalIndex {
    return new JournalIndex(options.storage ?? new NodeIndexStorage(indexFile), {
      codeVersion: options.codeVersion ?? 'test-1',
      journal: options.journal ?? dir,
      now: options.now ?? (() => Date.now()),
    });
  }

  function store(fileSystem: JournalFileSystem = new NodeJournalFileSystem(dir)): JournalStore {
    return new JournalStore(fileSystem, { displayPath: (file) => `.bug-levels/${file}` });
  }

  /** Loads with a fresh index object (as a new window would), then saves the index. */
  async function loadWithIndex(fileSystem: CountingFileSystem, index = newIndex()): Promise<JournalLoad> {
    const loaded = await store(fileSystem).load({ index });
    await index.save();
    return loaded;
  }

  async function coldLoad(): Promise<JournalLoad> {
    return store().load();
  }

  it('a warm load returns exactly what a cold load does, problems included, and reads no bug file', async () => {
    const cold = await coldLoad();
    assert.equal(cold.bugs.length, 7 - 1, 'the four demo bugs, the newer one and one twin');
    assert.ok(
      cold.problems.some((p) => p.code === 'yaml-syntax') &&
        cold.problems.some((p) => p.code === 'newer-schema') &&
        cold.problems.some((p) => p.code === 'duplicate-id'),
    );

    const first = new CountingFileSystem(dir);
    assert.deepStrictEqual(await loadWithIndex(first), cold);
    assert.equal(first.reads.length, 8, 'the first load with an empty index parses every file');

    const warm = new CountingFileSystem(dir);
    assert.deepStrictEqual(await loadWithIndex(warm), cold);
    assert.deepEqual(warm.reads, []);
  });

  it('problems come back under the path the reader shows, not the one the writer showed', async () => {
    await loadWithIndex(new CountingFileSystem(dir));
    const other = new JournalStore(new NodeJournalFileSystem(dir), { displayPath: (file) => `elsewhere/${file}` });
    const { problems } = await other.load({ index: newIndex() });
    assert.ok(problems.length > 0);
    assert.ok(
      problems.every((p) => p.file.startsWith('elsewhere/')),
      JSON.stringify(problems.map((p) => p.file)),
    );
  });

  it('a file whose mtime changed is parsed again, the others are not', async () => {
    await loadWithIndex(new CountingFileSystem(dir));
    const file = path.join(dir, 'twin-b.yaml');
    fs.writeFileSync(file, bugText('bugtwn2', 'Second twin')); // same size: only the mtime tells
    setMtime(file, Date.now() - HOUR / 2);
    const warm = new CountingFileSystem(dir);
    const loaded = await loadWithIndex(warm);
    assert.deepEqual(warm.reads, ['twin-b.yaml']);
    assert.deepStrictEqual(loaded, await coldLoad());
    assert.ok(!loaded.problems.some((p) => p.code === 'duplicate-id'), 'the duplicate is gone once the id changed');
  });

  it('a file whose size changed is parsed again, even with its old mtime', async () => {
    await loadWithIndex(new CountingFileSystem(dir));
    const file = path.join(dir, 'broken.yaml');
    const { mtimeMs } = fs.statSync(file);
    fs.writeFileSync(file, bugText('bugfixd', 'Fixed now'));
    setMtime(file, mtimeMs);
    const warm = new CountingFileSystem(dir);
    const loaded = await loadWithIndex(warm);
    assert.deepEqual(warm.reads, ['broken.yaml']);
    assert.ok(loaded.bugs.some((b) => b.bug.title === 'Fixed now'));
    assert.ok(!loaded.problems.some((p) => p.code === 'yaml-syntax'));
  });

  it('a deleted file disappears from the load and from the index', async () => {
    const index = newIndex();
    await loadWithIndex(new CountingFileSystem(dir), index);
    assert.equal(index.size, 8);
    fs.rmSync(path.join(dir, 'twin-a.yaml'));
    const loaded = await loadWithIndex(new CountingFileSystem(dir), index);
    assert.equal(index.size, 7);
    assert.deepEqual(
      loaded.bugs.filter((b) => b.bug.id === 'bugtwin').map((b) => [b.file, b.bug.title, b.readOnly]),
      [['twin-b.yaml', 'Second twin', false]],
    );
    assert.deepStrictEqual(loaded, await coldLoad());
  });

  it('a file changed within RACY_MTIME_MS of being read is not trusted from the index', async () => {
    const file = path.join(dir, 'newer.yaml');
    const readAt = Date.now();
    setMtime(file, readAt - RACY_MTIME_MS / 2);
    await loadWithIndex(new CountingFileSystem(dir), newIndex({ now: () => readAt }));
    const warm = new CountingFileSystem(dir);
    await loadWithIndex(warm);
    assert.deepEqual(warm.reads, ['newer.yaml']);
  });

  describe('a damaged or foreign index is ignored (a cold load, same result)', () => {
    /** What is done to the index file, and whether every bug file is parsed again after it. */
    const damages: Array<[string, (text: string) => string, 'all' | 'some']> = [
      ['garbage', () => 'not an index at all \u0000\u0001', 'all'],
      ['an empty file', () => '', 'all'],
      ['cut off mid-line by a torn write', (text) => text.slice(0, Math.floor(text.length / 2)), 'some'],
      ['written by another build', (text) => text.replace('"codeVersion":"test-1"', '"codeVersion":"test-0"'), 'all'],
      ['of another journal folder', (text) => text.replace(JSON.stringify(dir).slice(1, -1), '/somewhere/else'), 'all'],
      ['of a future index format', (text) => text.replace('"version":1', '"version":2'), 'all'],
    ];
    for (const [what, damage, parsed] of damages) {
      it(what, async () => {
        await loadWithIndex(new CountingFileSystem(dir));
        const text = fs.readFileSync(indexFile, 'utf8');
        const damaged = damage(text);
        assert.notEqual(damaged, text);
        fs.writeFileSync(indexFile, damaged);
        const loaded = new CountingFileSystem(dir);
        assert.deepStrictEqual(await loadWithIndex(loaded), await coldLoad());
        if (parsed === 'all') assert.equal(loaded.reads.length, 8);
        else assert.ok(loaded.reads.length > 0 && loaded.reads.length < 8, `${loaded.reads.length} files parsed`);
      });
    }

    it('a damaged line costs only its own file a parse', async () => {
      await loadWithIndex(new CountingFileSystem(dir));
      const lines = fs.readFileSync(indexFile, 'utf8').split('\n');
      // The full entries (with a size), not the previews before them.
      const at = lines.findIndex((line) => line.includes('"file":"broken.yaml","size"'));
      lines[at] = lines[at]!.replace('"problems":[', '"problems":{');
      const other = lines.findIndex((line) => line.includes('"file":"newer.yaml","size"'));
      lines[other] = '{"file":"newer.yaml","size":"not a number"}';
      fs.writeFileSync(indexFile, lines.join('\n'));
      const loaded = new CountingFileSystem(dir);
      assert.deepStrictEqual(await loadWithIndex(loaded), await coldLoad());
      assert.deepEqual(loaded.reads.sort(), ['broken.yaml', 'newer.yaml']);
    });

    it('an index that cannot be read at all', async () => {
      const failing: IndexStorage = { read: () => Promise.reject(new Error('EACCES')), write: () => Promise.resolve() };
      assert.deepStrictEqual(await store().load({ index: newIndex({ storage: failing }) }), await coldLoad());
    });
  });

  it('a failed save leaves the index dirty, so the next save tries again', async () => {
    let fail = true;
    const written: Uint8Array[] = [];
    const storage: IndexStorage = {
      read: async () => undefined,
      write: async (_part, data) => (fail ? Promise.reject(new Error('disk full')) : void written.push(data)),
    };
    const index = newIndex({ storage });
    await store().load({ index });
    await assert.rejects(index.save(), /disk full/);
    assert.equal(index.dirty, true);
    fail = false;
    await index.save();
    assert.equal(written.length, 2, 'the entries and their previews');
    assert.equal(index.dirty, false);
  });

  describe('progress: the tree paints from the index first', () => {
    /** Loads with a fresh index, recording each progress report. */
    async function loadWithProgress(): Promise<{ partials: JournalLoad[]; final: JournalLoad; reads: string[] }> {
      const partials: JournalLoad[] = [];
      const fileSystem = new CountingFileSystem(dir);
      const final = await store(fileSystem).load({ index: newIndex(), onProgress: (partial) => partials.push(partial) });
      return { partials, final, reads: fileSystem.reads };
    }

    it('reports the indexed bugs before it parses a new file', async () => {
      await loadWithIndex(new CountingFileSystem(dir));
      fs.writeFileSync(path.join(dir, 'zz-new.yaml'), bugText('bugnewf', 'New file'));
      const { partials, final, reads } = await loadWithProgress();
      assert.equal(partials.length, 1);
      assert.deepEqual(
        partials[0]!.bugs.map((b) => b.bug.id),
        final.bugs.filter((b) => b.bug.id !== 'bugnewf').map((b) => b.bug.id),
      );
      assert.deepEqual(reads, ['zz-new.yaml']);
    });

    it('shows a changed file as the index had it until it is parsed; the result is the fresh one', async () => {
      await loadWithIndex(new CountingFileSystem(dir));
      const file = path.join(dir, 'newer.yaml');
      fs.writeFileSync(file, bugText('bugnewr', 'Renamed since'));
      setMtime(file, Date.now() - HOUR / 2);
      const { partials, final } = await loadWithProgress();
      const titleIn = (load: JournalLoad | undefined): string | undefined => load?.bugs.find((b) => b.bug.id === 'bugnewr')?.bug.title;
      assert.equal(partials.length, 1);
      assert.equal(titleIn(partials[0]), 'Minimal bug');
      assert.equal(titleIn(final), 'Renamed since');
      assert.deepStrictEqual(final, await coldLoad());
    });

    it('leaves out files deleted since the index was written, even in the first report', async () => {
      await loadWithIndex(new CountingFileSystem(dir));
      fs.rmSync(path.join(dir, 'twin-a.yaml'));
      const { partials, final } = await loadWithProgress();
      for (const load of [...partials, final]) assert.ok(load.bugs.every((b) => b.file !== 'twin-a.yaml'));
    });

    it('paints from previews: every row field of the full bug, no lists the row does not show', async () => {
      const full = await loadWithIndex(new CountingFileSystem(dir));
      const { partials, final } = await loadWithProgress();
      const first = partials[0]!;
      assert.deepEqual(
        first.bugs.map((b) => [b.bug.id, b.file, b.readOnly]),
        full.bugs.map((b) => [b.bug.id, b.file, b.readOnly]),
      );
      assert.deepStrictEqual(first.problems, full.problems, 'broken files show their problems from the first paint');
      for (const preview of first.bugs) {
        const whole = full.bugs.find((b) => b.bug.id === preview.bug.id)!.bug;
        const { bug } = preview;
        assert.deepEqual(
          [bug.schema, bug.title, bug.status, bug.level, bug.created, bug.timebox],
          [whole.schema, whole.title, whole.status, whole.level, whole.created, whole.timebox],
        );
        assert.deepEqual(
          bug.sessions,
          whole.sessions.filter((s) => s.level === whole.level),
          'the sessions at its level',
        );
        assert.equal(preview.preview?.children, whole.hypotheses.length + whole.snippets.length + whole.links.length + whole.timeline.length);
        assert.deepEqual([bug.levels, bug.hypotheses, bug.snippets, bug.links, bug.timeline, bug.tags, bug.notes], [[], [], [], [], [], [], undefined]);
      }
      assert.ok(
        first.bugs.some((b) => (b.preview?.children ?? 0) > 0),
        'the demo has bugs with children',
      );
      assert.ok(
        final.bugs.every((b) => b.preview === undefined),
        'the finished load has only full bugs',
      );
      assert.deepStrictEqual(final, full);
    });

    it('previews a bug as its additions make it (issue 17), and the header parse is still reused', async () => {
      const writer = store();
      await writer.load();
      await performEdit(
        writer,
        'promote',
        'k3Jd9QpL2x' as BugId,
        { reason: 'the log line' },
        {
          now: '2026-03-01T10:00:00Z' as Timestamp,
          ids: randomIds,
          timeboxDefaults: DEFAULT_TIMEBOX_MINUTES,
        },
      );
      await loadWithIndex(new CountingFileSystem(dir));
      const shown: JournalLoad[] = [];
      const counting = new CountingFileSystem(dir);
      const final = await store(counting).load({ index: newIndex(), onProgress: (partial) => shown.push(partial) });
      const preview = shown[0]?.bugs.find((b) => b.bug.id === 'k3Jd9QpL2x');
      assert.equal(preview?.preview !== undefined, true, 'a preview first');
      assert.equal(preview?.bug.level, 2, 'at the level its addition promoted it to');
      assert.equal(final.bugs.find((b) => b.bug.id === 'k3Jd9QpL2x')?.bug.level, 2);
      assert.equal(counting.reads.filter((file) => file.endsWith('k3Jd9QpL2x.yaml')).length, 0, 'the header is not read again');
    });

    it('stores the previews beside the entries, a fraction of their size', async () => {
      await loadWithIndex(new CountingFileSystem(dir));
      const previewFile = new NodeIndexStorage(indexFile).fileOf('previews');
      const previewLines = fs.readFileSync(previewFile, 'utf8').trimEnd().split('\n');
      assert.equal(previewLines.length, 1 + 8, 'a header and a line per file');
      // The demo's bugs are small; with real hypotheses, notes and snippets a preview is a few
      // percent of its entry (npm run bench prints the sizes).
      const [previewBytes, entryBytes] = [fs.statSync(previewFile).size, fs.statSync(indexFile).size];
      assert.ok(previewBytes < entryBytes * 0.7, `previews ${previewBytes} B, entries ${entryBytes} B`);
    });

    it('damaged previews cost only the early paint, never a wrong bug', async () => {
      await loadWithIndex(new CountingFileSystem(dir));
      fs.writeFileSync(new NodeIndexStorage(indexFile).fileOf('previews'), 'not an index \u0000');
      const { partials, final, reads } = await loadWithProgress();
      assert.deepEqual(partials, []);
      assert.deepEqual(reads, [], 'the entries still spare every parse');
      assert.deepStrictEqual(final, await coldLoad());
    });

    it('reports nothing early when there is no index yet (a cold load of a small journal)', async () => {
      const { partials } = await loadWithProgress();
      assert.deepEqual(partials, []);
    });
  });
});
