import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RetroData } from '../../src/core/model/retro/types';
import { copyDemoJournal, REPO_ROOT, useTempDirs, runCliCaptured } from './helpers';
import { GOLDEN_DIR } from './golden';
import { renderRetro } from '../../src/core/model/retro/markdown';
import type { Timestamp } from '../../src/core/model/types';
import { demoJournal } from './retroFixtures';

const DEMO = 'demo/.bug-levels';
const NOW = '2026-03-01T00:00:00Z';

const run = runCliCaptured;

async function retroJson(...extra: string[]): Promise<RetroData> {
  const { code, io } = await run(['retro', DEMO, '--format', 'json', '--now', NOW, ...extra]);
  assert.equal(code, 0, io.stderr);
  return JSON.parse(io.stdout) as RetroData;
}

describe('bug-levels retro and its options', () => {
  const tempDir = useTempDirs();

  it('--format json prints the same data as the golden demo.json', async () => {
    const { io } = await run(['retro', DEMO, '--format', 'json', '--now', NOW]);
    assert.equal(io.stdout, fs.readFileSync(path.join(GOLDEN_DIR, 'demo.json'), 'utf8'));
  });

  it('one order everywhere: the CLI (bug files by name) and VS Code (bugs by creation) give byte-identical retros of one journal', async () => {
    const { code, io } = await run(['retro', DEMO, '--now', NOW]);
    assert.equal(code, 0, io.stderr);
    const journal = await demoJournal();
    // VS Code's journal service holds the bugs in creation order, the CLI in file-name order;
    // the retro sorts them itself (by creation, then id), so any order gives the same bytes.
    const byCreation = [...journal.bugs].sort((a, b) => Date.parse(a.created) - Date.parse(b.created));
    for (const bugs of [journal.bugs, byCreation, [...journal.bugs].reverse()])
      assert.equal(renderRetro({ bugs, root: '' }, { now: NOW as Timestamp }), io.stdout);
  });

  it('--bug ID, repeated, keeps only those bugs, in the one order (by creation)', async () => {
    const data = await retroJson('--bug', 'Qw8Zr5Tn1m', '--bug', 'V1StGXR8Zq');
    assert.deepEqual(
      data.bugs.map((bug) => bug.id),
      ['V1StGXR8Zq', 'Qw8Zr5Tn1m'],
    );
    assert.deepEqual(data.scope.bugIds, ['Qw8Zr5Tn1m', 'V1StGXR8Zq']);
  });

  it('--bug with an id that is not in the journal exits 2 and says which', async () => {
    const { code, io } = await run(['retro', DEMO, '--bug', 'nope123']);
    assert.equal(code, 2);
    assert.equal(io.stderr, "bug-levels: no bug with id 'nope123' in demo/.bug-levels\n");
    assert.equal(io.stdout, '');
  });

  it('parked bugs are listed by default and with --include-parked, and left out with --exclude-parked', async () => {
    assert.ok((await retroJson()).bugs.some((bug) => bug.status === 'parked'));
    assert.ok((await retroJson('--include-parked')).bugs.some((bug) => bug.status === 'parked'));
    const excluded = await retroJson('--exclude-parked');
    assert.deepEqual(
      excluded.bugs.map((bug) => bug.id),
      ['V1StGXR8Zq', 'k3Jd9QpL2x', 'Qw8Zr5Tn1m'],
    );
    assert.equal(excluded.scope.includeParked, false);
  });

  it('--until clips the time worked at that moment; with --since it is a window', async () => {
    const data = await retroJson('--since', '2026-02-26T09:30:00Z', '--until', '2026-02-26T11:10:00Z');
    assert.deepEqual([data.since, data.until], ['2026-02-26T09:30:00Z', '2026-02-26T11:10:00Z']);
    assert.deepEqual(
      data.bugs.map((bug) => [bug.id, bug.secondsByLevel]),
      [
        ['V1StGXR8Zq', { '1': 42 * 60, '2': 40 * 60, '3': 0 }],
        ['k3Jd9QpL2x', { '1': 5 * 60, '2': 0, '3': 0 }],
      ],
    );
  });

  it('--no-snippets leaves the snippet text out of the markdown and the JSON', async () => {
    const { io } = await run(['retro', DEMO, '--now', NOW, '--no-snippets']);
    assert.ok(!io.stdout.includes('unable to load configuration from pip'));
    assert.ok(io.stdout.includes('*Text left out of this retro.*'));
    const data = await retroJson('--no-snippets');
    assert.deepEqual(
      data.bugs.flatMap((bug) => bug.snippets.map((s) => [s.text, s.redacted])),
      [[null, true]],
    );
  });

  it('--out in a subfolder writes links relative to that folder (and makes the folder)', async () => {
    const cwd = tempDir();
    copyDemoJournal(path.join(cwd, '.bug-levels'));
    // The snippet's file, so its code is found where it was captured (issue 19: links go where the code is).
    fs.mkdirSync(path.join(cwd, 'logs'));
    fs.copyFileSync(path.join(REPO_ROOT, 'demo', 'logs', 'uwsgi.log'), path.join(cwd, 'logs', 'uwsgi.log'));
    const { code, io } = await run(['retro', '--out', 'docs/retros/retro.md', '--now', NOW], cwd);
    assert.equal(code, 0, io.stderr);
    const markdown = fs.readFileSync(path.join(cwd, 'docs', 'retros', 'retro.md'), 'utf8');
    assert.ok(markdown.includes('[logs/uwsgi.log:2-4](../../logs/uwsgi.log#L2-L4)'));
  });

  it("on standard output, file links are relative to the workspace folder (the journal folder's parent)", async () => {
    const { io } = await run(['retro', DEMO, '--now', NOW]);
    assert.ok(io.stdout.includes('[logs/uwsgi.log:2-4](logs/uwsgi.log#L2-L4)'));
  });

  describe('a journal with broken files (issue 13)', () => {
    /** The demo journal plus two files that do not load. */
    function brokenWorkspace(): string {
      const cwd = tempDir();
      const journal = path.join(cwd, '.bug-levels');
      copyDemoJournal(journal);
      fs.writeFileSync(path.join(journal, 'broken-one.yaml'), 'title: [\n');
      fs.writeFileSync(path.join(journal, 'broken-two.yaml'), 'schema: bug-levels/v1\nid: brokenbug2\nstatus: closed\n');
      return cwd;
    }

    it('the retro says so at its top, names how many and where to see them, and exits 1', async () => {
      const { code, io } = await run(['retro', '--now', NOW], brokenWorkspace());
      assert.equal(code, 1);
      const lines = io.stdout.split('\n');
      assert.equal(lines[0], '# Bug Levels retro');
      assert.equal(
        lines[2],
        '**Incomplete: 2 bug files were skipped because they do not load, so their bugs are not in this retro; `bug-levels check` lists them.**',
      );
      // The rest is the demo's retro, as without the broken files.
      assert.ok(io.stdout.includes('| **Total** | | | 2 h 21 min | 55 min | 50 min | 4 h 06 min | | 2 |'));
      assert.match(io.stderr, /^\.bug-levels\/broken-one\.yaml:\d+:\d+: .* \(skipped\)$/m);
      assert.match(io.stderr, /^\.bug-levels\/broken-two\.yaml:\d+:\d+: .* \(skipped\)$/m);
      assert.match(io.stderr, /2 bug files were skipped, so the retro is incomplete .*--allow-broken/);
    });

    it('--allow-broken exits 0 and the report still says so', async () => {
      const cwd = brokenWorkspace();
      const strict = await run(['retro', '--now', NOW], cwd);
      const { code, io } = await run(['retro', '--now', NOW, '--allow-broken'], cwd);
      assert.equal(code, 0);
      assert.equal(io.stdout, strict.io.stdout);
      assert.match(io.stdout, /^# Bug Levels retro\n\n\*\*Incomplete: 2 bug files were skipped/);
    });

    it('one broken file is said in the singular; --out writes the file and still exits 1', async () => {
      const cwd = tempDir();
      fs.mkdirSync(path.join(cwd, '.bug-levels'));
      fs.writeFileSync(path.join(cwd, '.bug-levels', 'broken.yaml'), 'title: [\n');
      const { code } = await run(['retro', '--now', NOW, '--out', 'retro.md'], cwd);
      assert.equal(code, 1);
      const markdown = fs.readFileSync(path.join(cwd, 'retro.md'), 'utf8');
      assert.match(
        markdown,
        /\*\*Incomplete: 1 bug file was skipped because it does not load, so its bug is not in this retro; `bug-levels check` lists it\.\*\*/,
      );
      assert.match(markdown, /No bug of this journal loaded\./);
    });

    it('the JSON lists the skipped files, and is [] for a clean journal', async () => {
      const { code, io } = await run(['retro', '--now', NOW, '--format', 'json'], brokenWorkspace());
      assert.equal(code, 1);
      assert.deepEqual((JSON.parse(io.stdout) as RetroData).skippedFiles, ['.bug-levels/broken-one.yaml', '.bug-levels/broken-two.yaml']);
      assert.deepEqual((await retroJson()).skippedFiles, []);
    });

    it('warnings alone skip nothing: exit 0, no line at the top', async () => {
      const cwd = tempDir();
      copyDemoJournal(path.join(cwd, '.bug-levels'));
      const file = fs.readdirSync(path.join(cwd, '.bug-levels')).find((name) => name.endsWith('.yaml')) ?? '';
      fs.appendFileSync(path.join(cwd, '.bug-levels', file), 'reviewer: alice\n');
      const { code, io } = await run(['retro', '--now', NOW], cwd);
      assert.equal(code, 0, io.stderr);
      assert.ok(!io.stdout.includes('Incomplete'));
    });
  });

  const usageErrors: Array<[string, string[], RegExp]> = [
    ['a bad --until', ['--until', 'soon'], /--until needs an ISO date, got 'soon'/],
    [
      '--until before --since',
      ['--since', '2026-02-26', '--until', '2026-02-25'],
      /--until \(2026-02-25T00:00:00Z\) must come after --since \(2026-02-26T00:00:00Z\)/,
    ],
    ['--include-parked with --exclude-parked', ['--include-parked', '--exclude-parked'], /contradict/],
  ];
  for (const [what, argv, message] of usageErrors) {
    it(`${what} exits 2 with the usage`, async () => {
      const { code, io } = await run(['retro', DEMO, ...argv]);
      assert.equal(code, 2);
      assert.match(io.stderr, message);
      assert.match(io.stderr, /Usage: bug-levels/);
    });
  }

  it('--help lists every retro option', async () => {
    const { io } = await run(['--help']);
    for (const option of [
      '--format md|json',
      '--out FILE',
      '--since ISO-DATE',
      '--until ISO-DATE',
      '--bug ID',
      '--include-parked',
      '--exclude-parked',
      '--no-snippets',
      '--allow-broken',
    ]) {
      assert.ok(io.stdout.includes(option), option);
    }
  });
});
