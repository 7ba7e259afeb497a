import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTitle } from '../../src/core/model/transitions';
import { JournalStore } from '../../src/core/store/journalStore';
import { FileTooLargeError } from '../../src/core/store/journalFileSystem';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';
import { bid, builtCliScript, captureIo, makeBug, MINIMAL_BUG_TEXT, useTempDirs } from './helpers';
import { runCli } from '../../src/cli/main';

/**
 * What the Node file system lets through (issue 16): a journal folder that is a link out of the
 * workspace is never written through; only regular files are opened (a link to a FIFO does not
 * hang a load); a file's size is refused from stat before it is read, and reads are bounded; the
 * index never takes a changed file for the indexed one; an edit keeps the file's mode.
 */
describe('file safety of the Node journal file system', () => {
  const tempDir = useTempDirs();

  /** A workspace with `.bug-levels` holding one bug; returns both paths. */
  function workspace(): { root: string; journal: string } {
    const root = tempDir();
    const journal = path.join(root, '.bug-levels');
    fs.mkdirSync(journal);
    fs.writeFileSync(path.join(journal, 'a.yaml'), MINIMAL_BUG_TEXT);
    return { root, journal };
  }

  describe('a journal folder that is a link out of the workspace', () => {
    /** A workspace whose `.bug-levels` links to a folder outside it (holding one bug). */
    function linkedOut(this: Mocha.Context): { root: string; journal: string; outside: string } {
      const root = tempDir();
      const outside = tempDir();
      fs.writeFileSync(path.join(outside, 'a.yaml'), MINIMAL_BUG_TEXT);
      const journal = path.join(root, '.bug-levels');
      try {
        fs.symlinkSync(outside, journal, 'dir');
      } catch {
        this.skip(); // symlinks need privileges on Windows
      }
      return { root, journal, outside };
    }

    it('is read (the documented rule: the journal folder may be a link), never written: new bugs, edits, attachments, deletes', async function () {
      const { root, journal, outside } = linkedOut.call(this);
      const before = fs.readdirSync(outside);
      const bytes = fs.readFileSync(path.join(outside, 'a.yaml'));
      const store = new JournalStore(new NodeJournalFileSystem(journal));
      assert.deepEqual(
        (await store.load()).bugs.map((loaded) => loaded.bug.id),
        ['bug0001'],
      );
      const refused = /outside the workspace/;
      await assert.rejects(store.create(makeBug({ title: 'Elsewhere' })), refused);
      await assert.rejects(
        store.update(bid('bug0001'), (bug) => setTitle(bug, 'changed')),
        refused,
      );
      await assert.rejects(store.writeAttachment(bid('bug0001'), 's-1', 'log'), refused);
      await assert.rejects(store.delete(bid('bug0001')), refused);
      assert.deepEqual(fs.readdirSync(outside), before, 'nothing created, nothing left behind');
      assert.ok(fs.readFileSync(path.join(outside, 'a.yaml')).equals(bytes), 'the bug file is unchanged');

      // The CLI says why, in one line, and exits 1.
      const io = captureIo(root);
      assert.equal(await runCli(['new', 'Through the link'], io), 1);
      assert.match(io.stderr, /outside the workspace/);
      assert.deepEqual(fs.readdirSync(outside), before);
    });

    it('a link that stays inside the workspace is written through as before', async function () {
      const root = tempDir();
      fs.mkdirSync(path.join(root, 'notes'));
      fs.writeFileSync(path.join(root, 'notes', 'a.yaml'), MINIMAL_BUG_TEXT);
      try {
        fs.symlinkSync(path.join(root, 'notes'), path.join(root, '.bug-levels'), 'dir');
      } catch {
        this.skip();
      }
      const store = new JournalStore(new NodeJournalFileSystem(path.join(root, '.bug-levels')));
      await store.load();
      await store.update(bid('bug0001'), (bug) => setTitle(bug, 'changed'));
      assert.match(fs.readFileSync(path.join(root, 'notes', 'a.yaml'), 'utf8'), /title: changed/);
    });
  });

  describe('special files', () => {
    function mkfifo(this: Mocha.Context, file: string): void {
      if (process.platform === 'win32' || spawnSync('mkfifo', [file]).status !== 0) this.skip();
    }

    it('a .yaml link to a FIFO does not hang `check`: reported as not a regular file', async function () {
      this.timeout(20_000);
      const { root, journal } = workspace();
      const fifo = path.join(journal, 'pipe');
      mkfifo.call(this, fifo);
      fs.symlinkSync('pipe', path.join(journal, 'evil.yaml'));
      fs.symlinkSync('/dev/zero', path.join(journal, 'zero.yaml'));
      // In a child process: a read blocked on a FIFO would hang this process's thread pool.
      const { script } = builtCliScript();
      const child = spawn(process.execPath, [script, 'check', '--no-index'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      const started = performance.now();
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('close', (exitCode) => {
          clearTimeout(timer);
          resolve(exitCode);
        });
      });
      assert.equal(code, 1, `check ended by itself within 5 s (${(performance.now() - started).toFixed(0)} ms): ${out}`);
      assert.match(out, /evil\.yaml:1:1: .*not a regular file/);
      assert.match(out, /zero\.yaml:1:1: /);
      assert.match(out, /pipe|1 bug loaded/);
    });

    it('the store never opens a FIFO, a device or a folder behind a link, however it is asked', async function () {
      const { journal } = workspace();
      mkfifo.call(this, path.join(journal, 'pipe'));
      fs.symlinkSync('pipe', path.join(journal, 'evil.yaml'));
      fs.mkdirSync(path.join(journal, 'folder'));
      fs.symlinkSync('folder', path.join(journal, 'dir.yaml'));
      const journalFs = new NodeJournalFileSystem(journal);
      for (const name of ['evil.yaml', 'pipe', 'dir.yaml']) await assert.rejects(journalFs.read(name), /not a regular file/, name);
      const store = new JournalStore(journalFs);
      await assert.rejects(store.loadFile('evil.yaml'), /not a regular file/);
      const { bugs, problems } = await store.load();
      assert.deepEqual(
        bugs.map((loaded) => loaded.file),
        ['a.yaml'],
      );
      assert.deepEqual(
        problems.map((problem) => `${problem.file}: ${problem.code}`),
        ['dir.yaml: read-error', 'evil.yaml: read-error'],
      );
      assert.match(problems[1]?.message ?? '', /not a regular file/);
    });
  });

  describe('size', () => {
    it('a 1.9 GB sparse file is refused from its size before a byte is read, without the memory', async function () {
      this.timeout(60_000);
      const { journal } = workspace();
      const big = path.join(journal, 'big.yaml');
      fs.writeFileSync(big, MINIMAL_BUG_TEXT);
      fs.truncateSync(big, 1.9e9);
      const journalFs = new NodeJournalFileSystem(journal);
      const memoryBefore = process.memoryUsage().arrayBuffers;
      const started = performance.now();
      await assert.rejects(
        journalFs.read('big.yaml', { maxBytes: 1024 * 1024 }),
        (error: unknown) => error instanceof FileTooLargeError && error.size === 1.9e9,
      );
      const { bugs, problems } = await new JournalStore(journalFs).load();
      const elapsed = performance.now() - started;
      const grown = process.memoryUsage().arrayBuffers - memoryBefore;
      assert.deepEqual(
        bugs.map((loaded) => loaded.file),
        ['a.yaml'],
      );
      assert.equal(problems.length, 1);
      assert.equal(problems[0]?.code, 'file-too-large');
      assert.match(problems[0]?.message ?? '', /1812\.0 MiB, over the 1\.0 MiB limit/);
      assert.ok(grown < 64 * 1024 * 1024, `${(grown / 1024 / 1024).toFixed(0)} MB of buffers`);
      console.log(`      1.9 GB sparse file refused in ${elapsed.toFixed(0)} ms (printed, never asserted), ${(grown / 1024 / 1024).toFixed(1)} MB of buffers`);
    });

    it('a read is bounded even when the file grows after its size was taken', async () => {
      const { journal } = workspace();
      const journalFs = new NodeJournalFileSystem(journal);
      fs.writeFileSync(path.join(journal, 'grows.yaml'), 'x'.repeat(100));
      assert.equal((await journalFs.read('grows.yaml', { maxBytes: 100 })).byteLength, 100, 'exactly the limit is fine');
      fs.writeFileSync(path.join(journal, 'grows.yaml'), 'x'.repeat(101));
      await assert.rejects(journalFs.read('grows.yaml', { maxBytes: 100 }), FileTooLargeError);
      assert.equal((await journalFs.read('grows.yaml')).byteLength, 101, 'without a bound, the whole file');
    });
  });

  describe('the index key', () => {
    it('a valid indexed file replaced by a broken one of the same size, mtime set back, is parsed again (in place and by rename)', async () => {
      const { root, journal } = workspace();
      const cacheDir = path.join(tempDir(), 'cache');
      const file = path.join(journal, 'a.yaml');
      const hourAgo = Math.floor(Date.now() / 1000) - 60 * 60;
      fs.utimesSync(file, hourAgo, hourAgo);
      const check = async (): Promise<{ code: number; stdout: string }> => {
        const io = captureIo(root);
        const code = await runCli(['check'], { ...io, cacheDir });
        return { code, stdout: io.stdout };
      };
      assert.equal((await check()).code, 0);
      assert.equal((await check()).code, 0, 'from the index');
      const broken = MINIMAL_BUG_TEXT.replace('title: Minimal bug', 'title: Minimal: ug');
      assert.equal(broken.length, MINIMAL_BUG_TEXT.length);
      // In place: same inode, same size, the mtime set back (only the ctime tells).
      fs.writeFileSync(file, broken);
      fs.utimesSync(file, hourAgo, hourAgo);
      const inPlace = await check();
      assert.equal(inPlace.code, 1, 'in place: the broken file is reported');
      assert.match(inPlace.stdout, /a\.yaml:3:/);
      // Fixed, indexed again, then replaced by a rename (a new inode), mtime set back.
      fs.writeFileSync(file, MINIMAL_BUG_TEXT);
      fs.utimesSync(file, hourAgo, hourAgo);
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal((await check()).code, 0);
      const temp = path.join(journal, '.a.yaml.swap');
      fs.writeFileSync(temp, broken);
      fs.utimesSync(temp, hourAgo, hourAgo);
      fs.renameSync(temp, file);
      assert.equal((await check()).code, 1, 'by rename: the broken file is reported');
    });
  });

  describe('file mode', () => {
    for (const mode of [0o600, 0o755, 0o640]) {
      it(`an edit keeps mode ${mode.toString(8)}`, async function () {
        if (process.platform === 'win32') this.skip();
        const { journal } = workspace();
        const file = path.join(journal, 'a.yaml');
        fs.chmodSync(file, mode);
        const store = new JournalStore(new NodeJournalFileSystem(journal));
        await store.load();
        await store.update(bid('bug0001'), (bug) => setTitle(bug, 'changed'));
        await store.update(bid('bug0001'), (bug) => setTitle(bug, 'changed again'));
        assert.match(fs.readFileSync(file, 'utf8'), /changed again/);
        assert.equal((fs.statSync(file).mode & 0o7777).toString(8), mode.toString(8));
      });
    }
  });
});
