import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyDemoJournal, MINIMAL_BUG_TEXT, REPO_ROOT, useTempDirs, runCliCaptured } from './helpers';

/** The demo journal's sessions, copied by hand from the files in demo/.bug-levels. */
const DEMO_SESSIONS = [
  { bug: 'V1StGXR8Zq', level: 1, start: '2026-02-25T17:01:24Z', end: '2026-02-25T17:48:00Z' },
  { bug: 'V1StGXR8Zq', level: 1, start: '2026-02-26T09:00:00Z', end: '2026-02-26T10:12:00Z' },
  { bug: 'V1StGXR8Zq', level: 2, start: '2026-02-26T10:12:00Z', end: '2026-02-26T10:52:00Z' },
  { bug: 'k3Jd9QpL2x', level: 1, start: '2026-02-26T11:05:00Z', end: '2026-02-26T11:15:00Z' },
  { bug: 'Pg4Lx7Vb2c', level: 1, start: '2026-02-25T17:10:00Z', end: '2026-02-25T17:18:00Z' },
  { bug: 'Qw8Zr5Tn1m', level: 1, start: '2026-02-26T11:20:00Z', end: '2026-02-26T11:25:00Z' },
  { bug: 'Qw8Zr5Tn1m', level: 2, start: '2026-02-26T11:25:00Z', end: '2026-02-26T11:40:00Z' },
  { bug: 'Qw8Zr5Tn1m', level: 3, start: '2026-02-26T11:40:00Z', end: '2026-02-26T12:30:00Z' },
] as const;

/** Sum of the demo sessions' lengths per level, from `since` on (sessions clipped at it). */
function expectedSeconds(since?: string): Record<'1' | '2' | '3', number> {
  const sums = { '1': 0, '2': 0, '3': 0 };
  for (const s of DEMO_SESSIONS) {
    const start = Math.max(Date.parse(s.start), since ? Date.parse(since) : -Infinity);
    const end = Date.parse(s.end);
    if (end > start) sums[String(s.level) as '1' | '2' | '3'] += (end - start) / 1000;
  }
  return sums;
}

const DEMO = 'demo/.bug-levels';
const NOW = '2026-03-01T00:00:00Z';

const run = runCliCaptured;

/** Newest modification time of the TypeScript sources the CLI bundle is built from (subfolders too, e.g. src/core/retro). */
function newestCliSource(): number {
  let newest = 0;
  for (const dir of ['src/cli', 'src/core', 'src/node']) {
    for (const name of fs.readdirSync(path.join(REPO_ROOT, dir), { recursive: true }) as string[]) {
      if (name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(path.join(REPO_ROOT, dir, name)).mtimeMs);
    }
  }
  return newest;
}

/**
 * The built CLI to spawn: dist/cli.js (the esbuild bundle that ships), rebuilt with
 * `node esbuild.js` when it is missing or older than its sources; if that build cannot run
 * (for example while src/extension.ts is mid-edit), the tsc output out/src/cli/bin.js.
 */
function builtCli(): { name: string; script: string } {
  const bundle = path.join(REPO_ROOT, 'dist', 'cli.js');
  const fresh = (): boolean => fs.existsSync(bundle) && fs.statSync(bundle).mtimeMs >= newestCliSource();
  if (!fresh()) spawnSync(process.execPath, ['esbuild.js'], { cwd: REPO_ROOT, timeout: 120_000, stdio: 'ignore' });
  if (fresh()) return { name: 'node dist/cli.js', script: bundle };
  return { name: 'node out/src/cli/bin.js', script: path.join(REPO_ROOT, 'out', 'src', 'cli', 'bin.js') };
}

describe('the bug-levels command line', () => {
  const tempDir = useTempDirs();

  /** A folder holding `.bug-levels/` with `files`; returns the folder (the cwd to run in). */
  function workspaceWith(files: Record<string, string>): string {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, '.bug-levels'));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(cwd, '.bug-levels', name), text);
    return cwd;
  }

  describe('check', () => {
    it('check demo/.bug-levels finds no problem and exits 0', async () => {
      const { code, io } = await run(['check', DEMO]);
      assert.equal(code, 0);
      assert.equal(io.stdout, '');
      assert.equal(io.stderr, '4 files checked: 4 bugs loaded, 0 errors, 0 warnings.\n');
    });

    it('a broken file is printed as file:line:col: message and the exit code is 1', async () => {
      const cwd = workspaceWith({
        'good.yaml': MINIMAL_BUG_TEXT,
        'broken.yaml': MINIMAL_BUG_TEXT.replace('id: bug0001', 'id: bug0002').replace('status: open', 'status: closed'),
      });
      const { code, io } = await run(['check'], cwd);
      assert.equal(code, 1);
      assert.equal(io.stdout, ".bug-levels/broken.yaml:4:9: 'status' must be one of open, parked, resolved (found 'closed').\n");
      assert.equal(io.stderr, '2 files checked: 1 bug loaded, 1 error, 0 warnings.\n');
    });

    it('warnings alone are printed but exit 0', async () => {
      const cwd = workspaceWith({ 'a.yaml': `${MINIMAL_BUG_TEXT}reviewer: alice\n` });
      const { code, io } = await run(['check', '.bug-levels'], cwd);
      assert.equal(code, 0);
      assert.equal(io.stdout, ".bug-levels/a.yaml:7:1: warning: Unknown key 'reviewer' in the bug; it is kept as is but not used.\n");
    });

    it('a journal folder that does not exist is an error', async () => {
      const { code, io } = await run(['check', 'nowhere'], tempDir());
      assert.equal(code, 1);
      assert.equal(io.stderr, 'bug-levels: nowhere: no such journal folder\n');
    });

    it('check does not change any file, broken or not', async () => {
      const cwd = workspaceWith({ 'broken.yaml': 'title: [\n', 'good.yaml': MINIMAL_BUG_TEXT });
      const before = fs.readdirSync(path.join(cwd, '.bug-levels')).map((name) => fs.readFileSync(path.join(cwd, '.bug-levels', name), 'utf8'));
      await run(['check'], cwd);
      const after = fs.readdirSync(path.join(cwd, '.bug-levels')).map((name) => fs.readFileSync(path.join(cwd, '.bug-levels', name), 'utf8'));
      assert.deepEqual(after, before);
    });
  });

  describe('next', () => {
    it('next --json picks the open level-1 bug of the demo, with its reason', async () => {
      const { code, io } = await run(['next', DEMO, '--json', '--now', NOW]);
      assert.equal(code, 0);
      assert.deepEqual(JSON.parse(io.stdout), {
        id: 'k3Jd9QpL2x',
        title: 'First interview hangs ~30 s while the spaCy model downloads',
        level: 1,
        secondsAtLevel: 600,
        reason:
          "'First interview hangs ~30 s while the spaCy model downloads' is the only open bug still at level 1 (2 deeper); it has had 10 min at level 1, 20 min left of its 30-min timebox.",
      });
    });

    it('next prints the pick and the reason as text', async () => {
      const { code, io } = await run(['next', DEMO, '--now', NOW]);
      assert.equal(code, 0);
      assert.equal(
        io.stdout,
        "First interview hangs ~30 s while the spaCy model downloads (level 1, k3Jd9QpL2x)\n'First interview hangs ~30 s while the spaCy model downloads' is the only open bug still at level 1 (2 deeper); it has had 10 min at level 1, 20 min left of its 30-min timebox.\n",
      );
    });

    it('next with no open bug says so (and null in JSON)', async () => {
      const cwd = workspaceWith({ 'a.yaml': MINIMAL_BUG_TEXT.replace('status: open', 'status: parked') });
      assert.equal((await run(['next'], cwd)).io.stdout, 'No open bugs: nothing to pick.\n');
      assert.equal((await run(['next', '--json'], cwd)).io.stdout, 'null\n');
    });

    it('next skips a broken file, reports it on stderr and still picks', async () => {
      const cwd = workspaceWith({ 'a.yaml': MINIMAL_BUG_TEXT, 'b.yaml': 'status: [\n' });
      const { code, io } = await run(['next'], cwd);
      assert.equal(code, 0);
      assert.match(io.stdout, /^Minimal bug \(level 1, bug0001\)\n/);
      assert.match(io.stderr, /^\.bug-levels\/b\.yaml:\d+:\d+: .* \(skipped\)\n$/);
    });
  });

  describe('retro', () => {
    it('retro --format json on the demo gives, per level, the sum of the demo sessions', async () => {
      const { code, io } = await run(['retro', DEMO, '--format', 'json', '--now', NOW]);
      assert.equal(code, 0);
      const data = JSON.parse(io.stdout) as {
        generated: string;
        bugs: Array<{ id: string; secondsByLevel: Record<string, number> }>;
        totals: { secondsByLevel: Record<string, number> };
      };
      assert.equal(data.generated, NOW);
      assert.deepEqual(data.totals.secondsByLevel, expectedSeconds());
      assert.deepEqual(data.totals.secondsByLevel, { '1': 8496, '2': 3300, '3': 3000 });
      for (const bug of data.bugs) {
        const own = { '1': 0, '2': 0, '3': 0 };
        for (const s of DEMO_SESSIONS.filter((entry) => entry.bug === bug.id)) own[String(s.level) as '1'] += (Date.parse(s.end) - Date.parse(s.start)) / 1000;
        assert.deepEqual(bug.secondsByLevel, own, bug.id);
      }
      assert.equal(data.bugs.length, 4);
    });

    it('--since clips sessions at that time and leaves out bugs not worked on since', async () => {
      const since = '2026-02-26T10:00:00Z';
      const { code, io } = await run(['retro', DEMO, '--format', 'json', '--now', NOW, '--since', since]);
      assert.equal(code, 0);
      const data = JSON.parse(io.stdout) as { since: string; bugs: Array<{ id: string }>; totals: { secondsByLevel: Record<string, number> } };
      assert.equal(data.since, since);
      assert.deepEqual(data.totals.secondsByLevel, expectedSeconds(since));
      assert.deepEqual(data.totals.secondsByLevel, { '1': 1620, '2': 3300, '3': 3000 });
      assert.deepEqual(
        data.bugs.map((b) => b.id),
        ['V1StGXR8Zq', 'k3Jd9QpL2x', 'Qw8Zr5Tn1m'],
      );
    });

    it('--since accepts a plain date as midnight UTC', async () => {
      const { io } = await run(['retro', DEMO, '--format', 'json', '--now', NOW, '--since', '2026-02-26']);
      assert.equal((JSON.parse(io.stdout) as { since: string }).since, '2026-02-26T00:00:00Z');
    });

    it('--out FILE writes the retro to the file instead of standard output', async () => {
      const cwd = tempDir();
      copyDemoJournal(path.join(cwd, '.bug-levels'));
      // The snippet's file too: its link goes where its code is (issue 19), as in the demo folder.
      fs.mkdirSync(path.join(cwd, 'logs'));
      fs.copyFileSync(path.join(REPO_ROOT, 'demo', 'logs', 'uwsgi.log'), path.join(cwd, 'logs', 'uwsgi.log'));
      const { code, io } = await run(['retro', '--out', 'retro.md', '--now', NOW], cwd);
      assert.equal(code, 0);
      assert.equal(io.stdout, '');
      assert.equal(io.stderr, 'Retro written to retro.md\n');
      const markdown = fs.readFileSync(path.join(cwd, 'retro.md'), 'utf8');
      // retro.md sits in the workspace folder, so its links are the same as in the golden file.
      assert.equal(markdown, fs.readFileSync(path.join(REPO_ROOT, 'test', 'unit', 'golden', 'demo.md'), 'utf8'));
      assert.ok(markdown.includes('| 502 on first interview after installing FormFyxer | open | 2 | 1 h 58 min | 40 min | 0 min | 2 h 38 min | 1 / 2 | 1 |'));
    });

    it('--out with --format json writes JSON equal to what standard output would show', async () => {
      const cwd = tempDir();
      copyDemoJournal(path.join(cwd, '.bug-levels'));
      await run(['retro', '--format', 'json', '--out', 'retro.json', '--now', NOW], cwd);
      const printed = (await run(['retro', '--format', 'json', '--now', NOW], cwd)).io.stdout;
      assert.equal(fs.readFileSync(path.join(cwd, 'retro.json'), 'utf8'), printed);
    });
  });

  describe('a wrong journal folder is an error, never an empty journal (issue 13)', () => {
    const readers: Array<[string, string[]]> = [
      ['next', ['next']],
      ['next --json', ['next', '--json']],
      ['retro', ['retro']],
      ['retro --format json', ['retro', '--format', 'json']],
      ['check', ['check']],
    ];
    for (const [what, argv] of readers) {
      it(`${what} on a folder that does not exist exits 1 and says so, printing nothing else`, async () => {
        const cwd = tempDir();
        const { code, io } = await run([...argv.slice(0, 1), 'no/such/folder', ...argv.slice(1)], cwd);
        assert.equal(code, 1);
        assert.equal(io.stderr, 'bug-levels: no/such/folder: no such journal folder\n');
        assert.equal(io.stdout, '');
      });

      it(`${what} on a file, not a folder, exits 1 and says so`, async () => {
        const cwd = tempDir();
        fs.writeFileSync(path.join(cwd, 'notes.txt'), 'not a journal\n');
        const { code, io } = await run([...argv.slice(0, 1), 'notes.txt', ...argv.slice(1)], cwd);
        assert.equal(code, 1);
        assert.equal(io.stderr, 'bug-levels: notes.txt: not a folder, so not a journal folder\n');
        assert.equal(io.stdout, '');
      });
    }

    it('without DIR, a working folder with no .bug-levels is an error too', async () => {
      for (const command of ['next', 'retro', 'check']) {
        const { code, io } = await run([command], tempDir());
        assert.equal(code, 1, command);
        assert.equal(io.stderr, 'bug-levels: .bug-levels: no such journal folder\n', command);
      }
    });

    it('an absolute path that does not exist is named as given', async () => {
      const missing = path.join(tempDir(), 'gone');
      const { code, io } = await run(['next', missing], REPO_ROOT);
      assert.equal(code, 1);
      assert.match(io.stderr, /^bug-levels: .*gone: no such journal folder\n$/);
    });

    it('an existing empty folder is a valid empty journal: next, retro and check exit 0', async () => {
      const cwd = workspaceWith({});
      const next = await run(['next'], cwd);
      assert.deepEqual([next.code, next.io.stdout, next.io.stderr], [0, 'No open bugs: nothing to pick.\n', '']);
      const retro = await run(['retro', '--now', NOW], cwd);
      assert.equal(retro.code, 0);
      assert.match(retro.io.stdout, /No bugs in this journal yet\./);
      const check = await run(['check'], cwd);
      assert.deepEqual([check.code, check.io.stderr], [0, '0 files checked: 0 bugs loaded, 0 errors, 0 warnings.\n']);
    });

    it('a usage error is still a usage error (exit 2) whatever the folder', async () => {
      const { code, io } = await run(['retro', 'no/such/folder', '--format', 'html'], tempDir());
      assert.equal(code, 2);
      assert.match(io.stderr, /--format is md or json/);
    });
  });

  describe('usage', () => {
    const usageErrors: Array<[string, string[], RegExp]> = [
      ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
      ['a bad --format', ['retro', DEMO, '--format', 'html'], /--format is md or json, not 'html'/],
      ['an unknown option', ['check', '--bogus'], /bogus/],
      ['an extra argument', ['check', DEMO, 'extra'], /unexpected argument 'extra'/],
      ['a bad --now', ['next', DEMO, '--now', 'tomorrow'], /--now needs an ISO date, got 'tomorrow'/],
      ['a bad --since', ['retro', DEMO, '--since', '2026-02-30'], /--since needs an ISO date, got '2026-02-30'/],
      ['no command at all', [], /^Usage: bug-levels/],
    ];
    for (const [what, argv, message] of usageErrors) {
      it(`${what} exits 2 and prints the usage on stderr`, async () => {
        const { code, io } = await run(argv);
        assert.equal(code, 2);
        assert.match(io.stderr, message);
        assert.ok(io.stderr.includes('Usage: bug-levels <command> [DIR] [options]'));
        assert.equal(io.stdout, '');
      });
    }

    for (const argv of [['--help'], ['-h'], ['help'], ['retro', '--help']]) {
      it(`${argv.join(' ')} prints the usage on stdout and exits 0`, async () => {
        const { code, io } = await run(argv);
        assert.equal(code, 0);
        assert.ok(io.stdout.startsWith('Usage: bug-levels <command> [DIR] [options]'));
        assert.equal(io.stderr, '');
      });
    }
  });

  describe('the built command as a child process', () => {
    let cli: { name: string; script: string };

    before(function () {
      this.timeout(120_000);
      cli = builtCli();
    });

    function spawn(args: string[], cwd = REPO_ROOT): { status: number | null; stdout: string; stderr: string } {
      // The index cache goes to a temp folder, not the user's cache folder.
      const env = { ...process.env, XDG_CACHE_HOME: tempDir() };
      const result = spawnSync(process.execPath, [cli.script, ...args], { cwd, env, encoding: 'utf8', timeout: 15_000 });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    }

    it('check demo/.bug-levels exits 0', () => {
      const result = spawn(['check', DEMO]);
      assert.equal(result.status, 0, `${cli.name}: ${result.stderr}`);
      assert.equal(result.stderr, '4 files checked: 4 bugs loaded, 0 errors, 0 warnings.\n');
    });

    it('check on a folder with a broken file prints file:line:col: message and exits 1', () => {
      const cwd = workspaceWith({ 'broken.yaml': MINIMAL_BUG_TEXT.replace('title: Minimal bug', 'title: a: b') });
      const result = spawn(['check'], cwd);
      assert.equal(result.status, 1, cli.name);
      assert.equal(result.stdout, '.bug-levels/broken.yaml:3:8: Nested mappings are not allowed in compact mappings\n');
    });

    it('next --json prints the pick as JSON and exits 0', () => {
      const result = spawn(['next', DEMO, '--json', '--now', NOW]);
      assert.equal(result.status, 0, `${cli.name}: ${result.stderr}`);
      assert.equal((JSON.parse(result.stdout) as { id: string }).id, 'k3Jd9QpL2x');
    });

    it('next on a folder that does not exist exits 1 (it used to print "No open bugs" and exit 0)', () => {
      const result = spawn(['next', 'no/such/folder'], tempDir());
      assert.equal(result.status, 1, cli.name);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr, 'bug-levels: no/such/folder: no such journal folder\n');
    });

    it('retro over a broken file exits 1, and 0 with --allow-broken; both say so at the top', () => {
      const cwd = workspaceWith({ 'good.yaml': MINIMAL_BUG_TEXT, 'broken.yaml': 'title: [\n' });
      const strict = spawn(['retro', '--now', NOW], cwd);
      assert.equal(strict.status, 1, `${cli.name}: ${strict.stderr}`);
      assert.match(strict.stdout, /^# Bug Levels retro\n\n\*\*Incomplete: 1 bug file was skipped/);
      const allowed = spawn(['retro', '--now', NOW, '--allow-broken'], cwd);
      assert.equal(allowed.status, 0, `${cli.name}: ${allowed.stderr}`);
      assert.equal(allowed.stdout, strict.stdout);
    });

    it('an unknown command exits 2 with the usage', () => {
      const result = spawn(['frobnicate']);
      assert.equal(result.status, 2, cli.name);
      assert.match(result.stderr, /unknown command 'frobnicate'[\s\S]*Usage: bug-levels/);
    });

    it('a bad --format exits 2 with the usage', () => {
      const result = spawn(['retro', DEMO, '--format', 'xml']);
      assert.equal(result.status, 2, cli.name);
      assert.match(result.stderr, /--format is md or json[\s\S]*Usage: bug-levels/);
    });

    it('--help exits 0 with the usage on stdout', () => {
      const result = spawn(['--help']);
      assert.equal(result.status, 0, cli.name);
      assert.ok(result.stdout.startsWith('Usage: bug-levels'));
    });
  });
});
