import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { defaultCacheDir } from '../../src/node/nodeIndexStorage';
import { RACY_CHANGE_MS } from '../../src/core/store/journalIndex';
import { captureIo, MINIMAL_BUG_TEXT, useTempDirs } from './helpers';

describe('the command line and the journal index', () => {
  const tempDir = useTempDirs();
  let cwd: string;
  let cacheDir: string;
  let bugFile: string;

  beforeEach(async () => {
    cwd = tempDir();
    cacheDir = path.join(tempDir(), 'cache');
    fs.mkdirSync(path.join(cwd, '.bug-levels'));
    bugFile = path.join(cwd, '.bug-levels', 'a.yaml');
    fs.writeFileSync(bugFile, MINIMAL_BUG_TEXT);
    // Whole seconds, so the mtime survives being set again below exactly.
    const hourAgo = Math.floor(Date.now() / 1000) - 60 * 60;
    fs.utimesSync(bugFile, hourAgo, hourAgo);
    // Only a change (ctime) older than RACY_CHANGE_MS is cached.
    await new Promise((resolve) => setTimeout(resolve, RACY_CHANGE_MS + 20));
  });

  async function check(...flags: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const io = captureIo(cwd);
    const code = await runCli(['check', ...flags], { ...io, cacheDir });
    return { code, stdout: io.stdout, stderr: io.stderr };
  }

  function indexFiles(): string[] {
    const dir = path.join(cacheDir, 'journal-index');
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  }

  it('keeps an index in the cache folder and gives the same answer from it', async () => {
    const first = await check();
    assert.equal(indexFiles().length, 1);
    assert.deepEqual(await check(), first);
    assert.equal(first.code, 0);
  });

  it('never trusts a file changed with the same size and its mtime set back (issue 16: ctime and inode are in the key); --no-index parses every file and writes no index', async () => {
    await check();
    // Same size, same mtime, different content: the change time tells.
    const { mtimeMs } = fs.statSync(bugFile);
    fs.writeFileSync(bugFile, MINIMAL_BUG_TEXT.replace('title: Minimal bug', 'title: Minimal: ug'));
    fs.utimesSync(bugFile, mtimeMs / 1000, mtimeMs / 1000);
    assert.equal((await check()).code, 1, 'not from the index');
    fs.rmSync(cacheDir, { recursive: true });
    const fresh = await check('--no-index');
    assert.equal(fresh.code, 1);
    assert.match(fresh.stdout, /a\.yaml:3:/);
    assert.deepEqual(indexFiles(), []);
  });

  it('the cache folder honours XDG_CACHE_HOME, else the platform convention', () => {
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'darwin', '/home/u'), path.join('/x/cache', 'bug-levels'));
    assert.equal(defaultCacheDir({}, 'linux', '/home/u'), path.join('/home/u', '.cache', 'bug-levels'));
    assert.equal(defaultCacheDir({}, 'darwin', '/Users/u'), path.join('/Users/u', 'Library', 'Caches', 'bug-levels'));
    assert.equal(
      defaultCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'),
      path.join('C:\\Users\\u\\AppData\\Local', 'bug-levels', 'Cache'),
    );
  });
});
