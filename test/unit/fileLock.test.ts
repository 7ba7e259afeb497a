import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTitle } from '../../src/core/model/transitions';
import { JournalStore, StoreError } from '../../src/core/store/journalStore';
import { removeStaleFiles } from '../../src/core/store/staleFiles';
import { guardFileOf } from '../../src/core/store/fileLock';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';
import { bid, MINIMAL_BUG_TEXT, useTempDirs } from './helpers';

/** The id of a process that has ended (a short-lived child, waited for). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function lockText(pid: number, host = os.hostname()): string {
  return `${JSON.stringify({ pid, host, token: 'someone', at: new Date().toISOString() })}\n`;
}

function setAge(file: string, ms: number): void {
  const when = new Date(Date.now() - ms);
  fs.utimesSync(file, when, when);
}

describe('bug file locks and leftovers of crashed writers', () => {
  const tempDir = useTempDirs();

  function journal(): { dir: string; lock: string; fs: NodeJournalFileSystem } {
    const dir = path.join(tempDir(), '.bug-levels');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a.yaml'), MINIMAL_BUG_TEXT);
    return { dir, lock: path.join(dir, 'a.yaml.lock'), fs: new NodeJournalFileSystem(dir) };
  }

  async function timeUpdate(store: JournalStore): Promise<number> {
    const started = performance.now();
    await store.update(bid('bug0001'), (bug) => setTitle(bug, `saved at ${started}`));
    return performance.now() - started;
  }

  it('the lock file names its owner: this process and host', async () => {
    const { lock, fs: journalFs } = journal();
    let seen = '';
    await new JournalStore(journalFs).update(bid('bug0001'), (bug) => {
      seen = fs.readFileSync(lock, 'utf8');
      return setTitle(bug, 'x');
    });
    assert.deepEqual((({ pid, host }) => ({ pid, host }))(JSON.parse(seen) as { pid: number; host: string }), { pid: process.pid, host: os.hostname() });
    assert.equal(fs.existsSync(lock), false, 'removed when done');
  });

  it('a lock whose owner process is dead is broken at once, long before staleLockMs', async () => {
    const { lock, fs: journalFs } = journal();
    fs.writeFileSync(lock, lockText(deadPid()));
    const elapsed = await timeUpdate(new JournalStore(journalFs, { staleLockMs: 60_000, lockTimeoutMs: 5_000 }));
    assert.ok(elapsed < 1_000, `${elapsed.toFixed(0)} ms`);
  });

  it('a lock held by a live process is waited for and then reported as locked, never broken', async () => {
    const { lock, fs: journalFs } = journal();
    const text = lockText(process.ppid);
    fs.writeFileSync(lock, text);
    await assert.rejects(
      new JournalStore(journalFs, { lockTimeoutMs: 100 }).update(bid('bug0001'), (bug) => setTitle(bug, 'x')),
      (error: unknown) => error instanceof StoreError && error.code === 'locked',
    );
    assert.equal(fs.readFileSync(lock, 'utf8'), text);
  });

  it('a dead pid on another host says nothing (pids are per machine): only age breaks that lock', async () => {
    const { lock, fs: journalFs } = journal();
    const text = lockText(deadPid(), 'another-machine');
    fs.writeFileSync(lock, text);
    await assert.rejects(
      new JournalStore(journalFs, { lockTimeoutMs: 100 }).update(bid('bug0001'), (bug) => setTitle(bug, 'x')),
      StoreError,
    );
    assert.equal(fs.readFileSync(lock, 'utf8'), text);
    setAge(lock, 60_000);
    await timeUpdate(new JournalStore(journalFs, { staleLockMs: 30_000 }));
    assert.equal(fs.existsSync(lock), false);
  });

  it('an empty lock (its owner died before writing a byte) is broken after two seconds, not before', async () => {
    const { lock, fs: journalFs } = journal();
    fs.writeFileSync(lock, '');
    await assert.rejects(
      new JournalStore(journalFs, { lockTimeoutMs: 100 }).update(bid('bug0001'), (bug) => setTitle(bug, 'x')),
      StoreError,
    );
    setAge(lock, 3_000);
    assert.ok((await timeUpdate(new JournalStore(journalFs))) < 1_000);
  });

  it('a lock without an owner (another file system, an older version) is broken by age only', async () => {
    const { lock, fs: journalFs } = journal();
    fs.writeFileSync(lock, '1772355600000\n');
    setAge(lock, 5_000);
    await assert.rejects(
      new JournalStore(journalFs, { lockTimeoutMs: 100 }).update(bid('bug0001'), (bug) => setTitle(bug, 'x')),
      StoreError,
    );
    setAge(lock, 31_000);
    await timeUpdate(new JournalStore(journalFs));
  });

  it('a lock whose modification time is in the future still goes stale (issue 16)', async () => {
    const { lock, fs: journalFs } = journal();
    fs.writeFileSync(lock, lockText(deadPid(), 'another-machine'));
    setAge(lock, -60 * 60_000); // an hour ahead: a clock set back, a copied file
    // Waiting for it instead would end in 'locked' after lockTimeoutMs, long before it ages.
    await timeUpdate(new JournalStore(journalFs, { staleLockMs: 30_000, lockTimeoutMs: 2_000 }));
    assert.equal(fs.existsSync(lock), false);
  });

  it('a writer that gives up waiting leaves no .waiting or other marker behind (issue 16)', async () => {
    const { dir, lock } = journal();
    const text = lockText(process.ppid);
    fs.writeFileSync(lock, text);
    const stores = [0, 1, 2].map(() => new JournalStore(new NodeJournalFileSystem(dir), { lockTimeoutMs: 150 }));
    const results = await Promise.allSettled(stores.map((store) => store.update(bid('bug0001'), (bug) => setTitle(bug, 'x'))));
    assert.ok(results.every((result) => result.status === 'rejected' && result.reason instanceof StoreError && result.reason.code === 'locked'));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['a.yaml', 'a.yaml.lock']);
    assert.equal(fs.readFileSync(lock, 'utf8'), text, 'the live lock is untouched');
  });

  it('a guard left by a remover killed mid-removal does not block the lock forever', async () => {
    const { dir, lock, fs: journalFs } = journal();
    const stale = lockText(deadPid());
    fs.writeFileSync(lock, stale);
    // What a remover leaves when killed between taking its guard and deleting the lock.
    const guard = guardFileOf(lock, { bytes: Buffer.from(stale) });
    fs.writeFileSync(guard, lockText(deadPid()));
    await timeUpdate(new JournalStore(journalFs, { lockTimeoutMs: 3_000 }));
    assert.deepEqual(fs.readdirSync(dir), ['a.yaml'], 'the lock, the guard and the guard’s guard are gone');
  });

  it('when done, a writer removes only its own lock, not one that replaced it', async () => {
    const { lock, fs: journalFs } = journal();
    const other = lockText(process.ppid);
    await new JournalStore(journalFs).update(bid('bug0001'), (bug) => {
      fs.writeFileSync(lock, other); // ours was broken as stale and someone else took the lock
      return setTitle(bug, 'x');
    });
    assert.equal(fs.readFileSync(lock, 'utf8'), other);
  });

  describe('NodeJournalFileSystem.isProcessAlive', () => {
    const nodeFs = new NodeJournalFileSystem(os.tmpdir());
    it('is true for this process and false for an ended one on this host', () => {
      assert.equal(nodeFs.isProcessAlive({ pid: process.pid, host: os.hostname() }), true);
      assert.equal(nodeFs.isProcessAlive({ pid: deadPid(), host: os.hostname() }), false);
    });
    it('cannot tell for another host', () => {
      assert.equal(nodeFs.isProcessAlive({ pid: deadPid(), host: `${os.hostname()}-elsewhere` }), undefined);
    });
  });

  describe('removeStaleFiles', () => {
    it('removes temp files older than ten minutes, in the journal and its attachment folders, and keeps young ones', async () => {
      const { dir, fs: journalFs } = journal();
      fs.mkdirSync(path.join(dir, 'attachments', 'bug0001'), { recursive: true });
      const old = ['.a.yaml.1a2b3c4d.tmp', 'attachments/bug0001/.s-1.txt.deadbeef.tmp'];
      const young = ['.a.yaml.99999999.tmp'];
      for (const name of [...old, ...young]) fs.writeFileSync(path.join(dir, name), 'half a write');
      for (const name of old) setAge(path.join(dir, name), 11 * 60_000);
      assert.deepEqual((await removeStaleFiles(journalFs)).sort(), [...old].sort());
      for (const name of young) assert.ok(fs.existsSync(path.join(dir, name)));
    });

    it('removes a lock whose owner is dead at once, keeps a live owner’s young lock', async () => {
      const { dir, lock, fs: journalFs } = journal();
      fs.writeFileSync(lock, lockText(deadPid()));
      fs.writeFileSync(path.join(dir, 'b.yaml.lock'), lockText(process.ppid));
      assert.deepEqual(await removeStaleFiles(journalFs), ['a.yaml.lock']);
      assert.ok(fs.existsSync(path.join(dir, 'b.yaml.lock')));
    });

    it('removes a lock and a temp file whose modification time is far in the future (issue 16)', async () => {
      const { dir, lock, fs: journalFs } = journal();
      fs.writeFileSync(lock, lockText(process.ppid, 'another-machine'));
      fs.writeFileSync(path.join(dir, '.a.yaml.0badf00d.tmp'), 'half a write');
      fs.writeFileSync(path.join(dir, 'a.yaml.waiting'), '');
      for (const name of ['a.yaml.lock', '.a.yaml.0badf00d.tmp', 'a.yaml.waiting']) setAge(path.join(dir, name), -24 * 60 * 60_000);
      assert.deepEqual((await removeStaleFiles(journalFs)).sort(), ['.a.yaml.0badf00d.tmp', 'a.yaml.lock', 'a.yaml.waiting']);
      assert.deepEqual(fs.readdirSync(dir), ['a.yaml']);
    });

    it('leaves folders and links alone, whatever their names', async function () {
      const { dir, fs: journalFs } = journal();
      fs.mkdirSync(path.join(dir, '.folder.tmp'));
      const outside = path.join(tempDir(), 'outside.tmp');
      fs.writeFileSync(outside, 'not ours');
      try {
        fs.symlinkSync(outside, path.join(dir, '.link.tmp'));
      } catch {
        this.skip();
      }
      for (const name of ['.folder.tmp', '.link.tmp']) fs.lutimesSync(path.join(dir, name), new Date(0), new Date(0));
      assert.deepEqual(await removeStaleFiles(journalFs), []);
      assert.equal(fs.readFileSync(outside, 'utf8'), 'not ours');
    });

    it('the first load of a store cleans up, and leftovers are never listed as bugs', async () => {
      const { dir, fs: journalFs } = journal();
      fs.writeFileSync(path.join(dir, '.a.yaml.0badf00d.tmp'), MINIMAL_BUG_TEXT.replace('bug0001', 'tempbug1'));
      fs.writeFileSync(path.join(dir, 'a.yaml.lock'), lockText(deadPid()));
      const store = new JournalStore(journalFs);
      const { bugs, problems } = await store.load();
      assert.deepEqual(
        bugs.map((b) => b.file),
        ['a.yaml'],
      );
      assert.deepEqual(problems, []);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['.a.yaml.0badf00d.tmp', 'a.yaml'], 'the dead owner’s lock went; the young temp file waits');
    });
  });
});
