/**
 * The CLI verbs that write (issue 12), on real files: a copy of the demo journal in a temp
 * folder, the CLI run in-process (and, at the end, the built bundle as a child process). Every
 * success is checked in the YAML on disk, parsed by the core's parser; every refusal leaves
 * every file of the folder byte-identical.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { runCli, type CliIo } from '../../src/cli/main';
import { ALL_OPERATIONS } from '../../src/core/model/operations';
import type { Bug } from '../../src/core/model/types';
import { builtCliScript, captureIo, copyDemoJournal, foldedBugOnDisk, MINIMAL_BUG_TEXT, snapshotFiles, useTempDirs, DEMO } from './helpers';

const NOW = '2026-03-01T00:00:00Z';
const { l2: L2, l1: L1, parked: PARKED, l3: L3, l2File: L2_FILE, l1File: L1_FILE } = DEMO;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('the bug-levels verbs that write', () => {
  const tempDir = useTempDirs();

  /** A folder holding a copy of the demo journal in `.bug-levels/`: the cwd to run in. */
  function workspace(): string {
    const cwd = tempDir();
    copyDemoJournal(path.join(cwd, '.bug-levels'));
    return cwd;
  }

  async function run(cwd: string, argv: string[], extra: { stdin?: string; lockTimeoutMs?: number } = {}): Promise<Run> {
    const output = { stdout: '', stderr: '' };
    const io: CliIo = {
      ...captureIo(cwd),
      out: (text) => {
        output.stdout += text;
      },
      err: (text) => {
        output.stderr += text;
      },
      readStdin: () => Promise.resolve(extra.stdin ?? ''),
      lockTimeoutMs: extra.lockTimeoutMs ?? 2_000,
    };
    const code = await runCli(argv, io);
    return { code, ...output };
  }

  /** The bug with `id`, parsed from its file in `cwd`'s journal by the core's parser. */
  function bugOnDisk(cwd: string, id: string, journal = '.bug-levels'): Bug {
    // Its header folded with its additions (issue 17), both read from disk by the core's parsers.
    return foldedBugOnDisk(path.join(cwd, journal), id);
  }

  /** Runs argv, which must succeed, and returns what it printed (one line). */
  async function ok(cwd: string, argv: string[], stdin?: string): Promise<string> {
    const result = await run(cwd, ['--now', NOW, ...argv], stdin === undefined ? {} : { stdin });
    assert.equal(result.stderr, '', argv.join(' '));
    assert.equal(result.code, 0, argv.join(' '));
    assert.match(result.stdout, /^[^\n]+\n$/, 'one line');
    return result.stdout.trimEnd();
  }

  describe('every verb changes the YAML on disk', () => {
    it('new prints the new id; the file is <slug>-<id>.yaml at level 1; check then finds it', async () => {
      const cwd = workspace();
      const id = await ok(cwd, ['new', 'Login fails on Safari', '--tag', 'web', '--tag', 'auth']);
      assert.match(id, /^[A-Za-z0-9]{10}$/);
      assert.ok(fs.existsSync(path.join(cwd, '.bug-levels', `login-fails-on-safari-${id}.yaml`)));
      const bug = bugOnDisk(cwd, id);
      assert.equal(bug.title, 'Login fails on Safari');
      assert.deepEqual(bug.tags, ['web', 'auth']);
      assert.equal(bug.level, 1);
      assert.equal(bug.status, 'open');
      assert.equal(bug.created, NOW);
      const check = await run(cwd, ['check']);
      assert.equal(check.code, 0);
      assert.equal(check.stderr, '5 files checked: 5 bugs loaded, 0 errors, 0 warnings.\n');
      // and the verbs find it by that id
      assert.match(await ok(cwd, ['attempt', id, 'cleared the cookies']), /^Attempt logged/);
    });

    it('new --journal DIR writes into an existing folder (an empty folder is an empty journal); the other verbs take --journal too', async () => {
      const cwd = tempDir();
      fs.mkdirSync(path.join(cwd, 'notes', 'journal'), { recursive: true });
      const id = await ok(cwd, ['new', 'Elsewhere', '--journal', 'notes/journal']);
      await ok(cwd, ['link', id, 'https://example.com/1', '--journal', 'notes/journal']);
      assert.deepEqual(bugOnDisk(cwd, id, 'notes/journal').links, ['https://example.com/1']);
    });

    it('hypothesis prints the h- id and stores the text, the prediction and the kind', async () => {
      const cwd = workspace();
      const hypothesis = await ok(cwd, ['hypothesis', L1, 'the model is fetched at import', '--expect', 'a download in the log']);
      assert.match(hypothesis, /^h-[a-z0-9]{4}$/);
      const assumption = await ok(cwd, ['hypothesis', L1, 'the cache folder is writable', '--assumption']);
      const bug = bugOnDisk(cwd, L1);
      const [first, second] = [bug.hypotheses.find((h) => h.id === hypothesis), bug.hypotheses.find((h) => h.id === assumption)];
      assert.deepEqual(first, {
        id: hypothesis,
        kind: 'hypothesis',
        text: 'the model is fetched at import',
        status: 'open',
        prediction: 'a download in the log',
        created: NOW,
      });
      assert.equal(second?.kind, 'assumption');
      assert.equal(second?.prediction, undefined);
    });

    it('hypothesis --assumption --since DATE dates the assumption when it was first believed', async () => {
      const cwd = workspace();
      const id = await ok(cwd, ['hypothesis', L1, 'preload files load once', '--assumption', '--since', '2026-02-25']);
      assert.equal(bugOnDisk(cwd, L1).hypotheses.find((h) => h.id === id)?.created, '2026-02-25T00:00:00Z');
    });

    it('verdict confirms or refutes, with the note and the evidence', async () => {
      const cwd = workspace();
      const h = await ok(cwd, ['hypothesis', L2, 'pip runs uwsgi']);
      assert.equal(
        await ok(cwd, ['verdict', L2, h, 'confirmed', '--note', 'the log says so', '--evidence', 's-9qa']),
        `${h} of '502 on first interview after installing FormFyxer' is confirmed.`,
      );
      const verdict = bugOnDisk(cwd, L2).hypotheses.find((item) => item.id === h);
      assert.equal(verdict?.status, 'confirmed');
      assert.equal(verdict?.note, 'the log says so');
      assert.deepEqual(verdict?.evidence, ['s-9qa']);
      assert.equal(verdict?.resolved, NOW);
      await ok(cwd, ['verdict', L1, 'h-2mf', 'refuted']);
      assert.equal(bugOnDisk(cwd, L1).hypotheses.find((item) => item.id === 'h-2mf')?.status, 'refuted');
    });

    it('attempt adds one small addition file and leaves every byte of the bug file as it was', async () => {
      const cwd = workspace();
      const journal = path.join(cwd, '.bug-levels');
      const before = snapshotFiles(journal);
      await ok(cwd, ['attempt', L2, 'pin pip']);
      const after = snapshotFiles(journal);
      for (const [file, bytes] of before) assert.deepEqual(after.get(file), bytes, `${file} is unchanged`);
      const added = [...after.keys()].filter((file) => !before.has(file));
      assert.equal(added.length, 1, 'one new file');
      assert.match(added[0] ?? '', new RegExp(`^${L2_FILE.replace('.yaml', '')}/2026-03-01T000000Z-0000-[a-z0-9]{6}\\.yaml$`));
      const text = after.get(added[0] ?? '')?.toString('utf8') ?? '';
      assert.match(text, /^schema: bug-levels\/addition-v1\nop: logAttempt\nat: 2026-03-01T00:00:00Z\n/);
      assert.match(text, /text: pin pip/);
      assert.ok(text.split('\n').length < 12, 'a few lines');
      assert.deepEqual(bugOnDisk(cwd, L2).timeline.at(-1), { at: NOW, kind: 'attempt', text: 'pin pip' });
    });

    it('snippet stores standard input and prints the s- id', async () => {
      const cwd = workspace();
      const text = 'Traceback (most recent call last):\n  File "app.py", line 3\n\tüñí  \n';
      const id = await ok(cwd, ['snippet', L1, '--file', 'logs/app.log', '--lines', '10-12', '--source', 'file'], text);
      assert.match(id, /^s-[a-z0-9]{4}$/);
      assert.deepEqual(
        bugOnDisk(cwd, L1).snippets.find((s) => s.id === id),
        { id, source: 'file', file: 'logs/app.log', lines: '10-12', captured: NOW, text },
      );
    });

    it('a snippet over 64 KiB goes to an attachment file', async () => {
      const cwd = workspace();
      const text = `${'a log line that repeats\n'.repeat(3_000)}the end\n`;
      assert.ok(Buffer.byteLength(text) > 64 * 1024);
      const id = await ok(cwd, ['snippet', L1, '--source', 'terminal'], text);
      const snippet = bugOnDisk(cwd, L1).snippets.find((s) => s.id === id);
      assert.equal(snippet?.path, `attachments/${L1}/${id}.txt`);
      assert.equal(snippet?.text, undefined);
      assert.equal(fs.readFileSync(path.join(cwd, '.bug-levels', 'attachments', L1, `${id}.txt`), 'utf8'), text);
    });

    it('promote goes one level deeper, or to --to, with the reason', async () => {
      const cwd = workspace();
      assert.equal(
        await ok(cwd, ['promote', L1, '--reason', 'found the log line']),
        "'First interview hangs ~30 s while the spaCy model downloads' is at level 2 now.",
      );
      const bug = bugOnDisk(cwd, L1);
      assert.equal(bug.level, 2);
      assert.deepEqual(bug.levels.at(-1), { level: 2, at: NOW, reason: 'found the log line' });
      await ok(cwd, ['promote', L2, '--to', '3']);
      assert.equal(bugOnDisk(cwd, L2).level, 3);
    });

    it('demote goes one level back', async () => {
      const cwd = workspace();
      await ok(cwd, ['demote', L2, '--reason', 'the log line was a red herring']);
      const bug = bugOnDisk(cwd, L2);
      assert.equal(bug.level, 1);
      assert.deepEqual(bug.levels.at(-1), { level: 1, at: NOW, reason: 'the log line was a red herring' });
    });

    it('timebox sets the minutes at the current level, or at another level ahead', async () => {
      const cwd = workspace();
      await ok(cwd, ['timebox', L2, '90']);
      assert.deepEqual(bugOnDisk(cwd, L2).timeboxes, [{ level: 2, minutes: 90 }]);
      assert.equal(bugOnDisk(cwd, L2).timebox, undefined, "the older file's single timebox is folded into timeboxes");
      await ok(cwd, ['timebox', L1, '20', '--level', '1']);
      assert.deepEqual(bugOnDisk(cwd, L1).timeboxes, [{ level: 1, minutes: 20 }]);
      assert.match(await ok(cwd, ['timebox', L2, '120', '--level', '3']), /has a timebox of 120 min at level 3\.$/);
      assert.deepEqual(bugOnDisk(cwd, L2).timeboxes, [
        { level: 2, minutes: 90 },
        { level: 3, minutes: 120 },
      ]);
    });

    it('park sets a bug aside and reopen brings it back', async () => {
      const cwd = workspace();
      assert.equal(await ok(cwd, ['park', L1, '--reason', 'waiting for upstream']), "'First interview hangs ~30 s while the spaCy model downloads' is parked.");
      assert.equal(bugOnDisk(cwd, L1).status, 'parked');
      await ok(cwd, ['reopen', PARKED]);
      assert.equal(bugOnDisk(cwd, PARKED).status, 'open');
    });

    it('resolve records the layer and the summary', async () => {
      const cwd = workspace();
      await ok(cwd, ['resolve', L3, '--layer', 'upstream', '--summary', 'uwsgi 2.0.20 fixed it']);
      const bug = bugOnDisk(cwd, L3);
      assert.equal(bug.status, 'resolved');
      assert.deepEqual(bug.resolution, { layer: 'upstream', summary: 'uwsgi 2.0.20 fixed it' });
    });

    it('link adds an http(s) URL', async () => {
      const cwd = workspace();
      await ok(cwd, ['link', L1, 'https://github.com/explosion/spaCy/issues/1']);
      assert.equal(bugOnDisk(cwd, L1).links.at(-1), 'https://github.com/explosion/spaCy/issues/1');
    });

    it('--json prints the changed bug as it is on disk', async () => {
      const cwd = workspace();
      const promoted = await run(cwd, ['promote', L1, '--json']);
      assert.equal(promoted.code, 0);
      assert.deepEqual(JSON.parse(promoted.stdout), bugOnDisk(cwd, L1));
      const created = JSON.parse((await run(cwd, ['new', 'JSON bug', '--json'])).stdout) as Bug;
      assert.deepEqual(created, bugOnDisk(cwd, created.id));
    });
  });

  describe('refusals: exit 1, one line on stderr, every file byte-identical', () => {
    async function refused(cwd: string, argv: string[], message: RegExp, extra: { stdin?: string; lockTimeoutMs?: number } = {}): Promise<void> {
      const before = snapshotFiles(cwd);
      const result = await run(cwd, argv, extra);
      assert.equal(result.code, 1, `${argv.join(' ')}: ${result.stderr}`);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^bug-levels: [^\n]+\n$/, 'one line');
      assert.match(result.stderr, message);
      assert.deepEqual(snapshotFiles(cwd), before, 'no file changed or added');
    }

    const cases: Array<[string, string[], RegExp]> = [
      ['an unknown bug id', ['promote', 'NoSuchBug1'], /^bug-levels: no bug with id 'NoSuchBug1' in \.bug-levels\n$/],
      ['a bug id of the wrong form', ['promote', 'x/../y'], /'x\/\.\.\/y' is not a bug id/],
      ['timebox abc', ['timebox', L2, 'abc'], /minutes must be a whole number from 1 to 10000/],
      ['timebox 0', ['timebox', L2, '0'], /minutes must be a whole number from 1 to 10000/],
      ['a timebox for level 4', ['timebox', L2, '30', '--level', '4'], /level must be 1, 2 or 3/],
      ['a non-http URL', ['link', L2, 'ftp://example.com/x'], /url must be an http or https URL/],
      ['a URL with a space', ['link', L2, 'https://example.com/a b'], /url must be an http or https URL/],
      ['a bad layer', ['resolve', L2, '--layer', 'theirs', '--summary', 'x'], /layer must be one of ours, upstream, workaround/],
      ['a bad verdict', ['verdict', L2, 'h-3kx', 'maybe'], /verdict must be one of confirmed, refuted/],
      ['an unknown hypothesis id', ['verdict', L2, 'h-nope', 'confirmed'], new RegExp(`^bug-levels: \\.bug-levels/${L2_FILE}: .* has no hypothesis h-nope\\.`)],
      ['unknown evidence', ['verdict', L1, 'h-2mf', 'confirmed', '--evidence', 's-nope'], /has no snippet s-nope/],
      ['promote past level 3', ['promote', L3], /is already at level 3/],
      ['promote --to a shallower level', ['promote', L2, '--to', '1'], /demote it to go back/],
      ['promote --to 4', ['promote', L1, '--to', '4'], /to must be 1, 2 or 3/],
      ['demote at level 1', ['demote', L1], new RegExp(`^bug-levels: \\.bug-levels/${L1_FILE}: .* is already at level 1\\.`)],
      ['reopen an open bug', ['reopen', L1], /is already open/],
      ['park a parked bug', ['park', PARKED], /is parked, not open/],
      ['an empty title', ['new', ''], /^bug-levels: A bug needs a title\.\n$/],
      [
        'a title of two lines',
        ['new', 'first\nsecond'],
        /^bug-levels: A bug title is one line: join the lines, and put the rest in a hypothesis or a snippet\.\n$/,
      ],
      ['a tag too long', ['new', 'x', '--tag', 't'.repeat(101)], /tags must be a list of short texts/],
    ];
    for (const [what, argv, message] of cases) {
      it(what, async () => refused(workspace(), argv, message));
    }

    // Issue 13: a mistyped --journal is an error for every verb, `new` included (it never makes a folder).
    const everyVerb: string[][] = [
      ['new', 'A bug'],
      ['hypothesis', L1, 'x'],
      ['verdict', L1, 'h-2mf', 'confirmed'],
      ['attempt', L1, 'x'],
      ['snippet', L1],
      ['promote', L1],
      ['demote', L2],
      ['timebox', L1, '20'],
      ['park', L1],
      ['reopen', PARKED],
      ['resolve', L1, '--layer', 'ours', '--summary', 'x'],
      ['link', L1, 'https://example.com/1'],
    ];
    for (const argv of everyVerb) {
      it(`${argv[0] ?? ''} with a journal folder that does not exist, or is a file`, async () => {
        const cwd = workspace();
        await refused(cwd, [...argv, '--journal', 'no/such/folder'], /^bug-levels: no\/such\/folder: no such journal folder\n$/, { stdin: 'text' });
        await refused(cwd, [...argv, '--journal', `.bug-levels/${L1_FILE}`], /: not a folder, so not a journal folder\n$/, { stdin: 'text' });
        assert.ok(!fs.existsSync(path.join(cwd, 'no')), 'no folder was made');
      });
    }

    it('without --journal, a working folder with no .bug-levels is an error: new makes no folder', async () => {
      const cwd = tempDir();
      await refused(cwd, ['new', 'A bug'], /^bug-levels: \.bug-levels: no such journal folder\n$/);
      assert.deepEqual(fs.readdirSync(cwd), []);
    });

    it('an empty snippet (nothing on standard input)', async () => {
      const cwd = workspace();
      await refused(cwd, ['snippet', L1], /snippet: standard input is empty/, { stdin: '' });
      await refused(cwd, ['snippet', L1], /snippet: standard input is empty/, { stdin: ' \n\t\n' });
    });

    it("a bug whose file does not parse: the file's line and column, nothing written", async () => {
      const cwd = workspace();
      const file = path.join(cwd, '.bug-levels', L2_FILE);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('status: open', 'status: [open'));
      await refused(cwd, ['attempt', L2, 'x'], new RegExp(`^bug-levels: \\.bug-levels/${L2_FILE}:\\d+:\\d+: .*does not parse, so bug ${L2} was not changed`));
    });

    it('a bug whose file does not validate, under another name, is found by its id line', async () => {
      const cwd = workspace();
      fs.writeFileSync(
        path.join(cwd, '.bug-levels', 'renamed.yaml'),
        MINIMAL_BUG_TEXT.replace('id: bug0001', 'id: Broken0001').replace('status: open', 'status: closed'),
      );
      await refused(
        cwd,
        ['promote', 'Broken0001'],
        /^bug-levels: \.bug-levels\/renamed\.yaml:4:9: 'status' must be one of open, parked, resolved .*Broken0001 was not changed/,
      );
    });

    it('a file of a newer format is read-only', async () => {
      const cwd = workspace();
      fs.writeFileSync(path.join(cwd, '.bug-levels', 'newer.yaml'), MINIMAL_BUG_TEXT.replace('bug-levels/v1', 'bug-levels/v2').replace('bug0001', 'Newer0001'));
      await refused(cwd, ['attempt', 'Newer0001', 'x'], /\.bug-levels\/newer\.yaml .*read-only/);
    });

    describe('a lock held by a live process', () => {
      let holder: ChildProcess | undefined;
      afterEach(() => {
        holder?.kill();
        holder = undefined;
      });

      /** Writes `<file>.lock` as fileLock.ts does, owned by process `pid` on this host. */
      function lock(cwd: string, file: string, pid: number): string {
        const lockFile = path.join(cwd, '.bug-levels', `${file}.lock`);
        fs.writeFileSync(lockFile, `${JSON.stringify({ pid, host: hostname(), token: 'testtoken1', at: new Date().toISOString() })}\n`);
        return lockFile;
      }

      it('refuses after the lock timeout; the bug file and the lock are untouched', async () => {
        const cwd = workspace();
        holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
        assert.ok(holder.pid);
        lock(cwd, L2_FILE, holder.pid);
        const before = snapshotFiles(cwd);
        const result = await run(cwd, ['promote', L2], { lockTimeoutMs: 300 });
        assert.equal(result.code, 1);
        assert.equal(result.stderr, `bug-levels: .bug-levels/${L2_FILE} is locked by another writer (${L2_FILE}.lock); try again.\n`);
        const after = snapshotFiles(cwd);
        for (const [file, bytes] of before) assert.deepEqual(after.get(file), bytes, file);
        // No file added: a waiting writer's marker (fileLock.ts) goes when the waiter gives up.
        assert.deepEqual(
          [...after.keys()].filter((file) => !before.has(file)),
          [],
        );
      });

      it('a lock whose owner has died is broken at once and the change is made', async () => {
        const cwd = workspace();
        const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid;
        assert.ok(dead);
        const lockFile = lock(cwd, L2_FILE, dead);
        await ok(cwd, ['promote', L2]);
        assert.equal(bugOnDisk(cwd, L2).level, 3);
        assert.equal(fs.existsSync(lockFile), false);
      });
    });
  });

  describe('usage errors: exit 2, the usage on stderr, nothing written', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['new without a title', ['new'], /new needs TITLE/],
      ['new with two titles', ['new', 'a', 'b'], /unexpected argument 'b'/],
      ['hypothesis without text', ['hypothesis', L1], /hypothesis needs TEXT/],
      ['verdict without a verdict', ['verdict', L1, 'h-2mf'], /verdict needs confirmed\|refuted/],
      ['attempt without a bug', ['attempt'], /attempt needs BUG TEXT/],
      ['reopen with an extra argument', ['reopen', PARKED, 'now'], /unexpected argument 'now'/],
      ['timebox without minutes', ['timebox', L1], /timebox needs MINUTES/],
      ['link without a URL', ['link', L1], /link needs URL/],
      ['an unknown option', ['promote', L1, '--bogus'], /Unknown option '--bogus'/],
      ["another verb's option", ['park', L1, '--to', '2'], /Unknown option '--to'/],
      ['an option without its value', ['hypothesis', L1, 'x', '--expect'], /--expect/],
      ['resolve without --layer', ['resolve', L3, '--summary', 'x'], /resolve needs --layer ours\|upstream\|workaround/],
      ['resolve without --summary', ['resolve', L3, '--layer', 'ours'], /resolve needs --summary TEXT/],
      ['--lines without --file', ['snippet', L1, '--lines', '1-2'], /--lines needs --file/],
      ['a bad --now', ['attempt', L1, 'x', '--now', 'tomorrow'], /--now needs an ISO date, got 'tomorrow'/],
      ['an unknown verb', ['promoteto', L1], /unknown command 'promoteto'/],
    ];
    for (const [what, argv, message] of cases) {
      it(what, async () => {
        const cwd = workspace();
        const before = snapshotFiles(cwd);
        const result = await run(cwd, argv, { stdin: 'text' });
        assert.equal(result.code, 2, result.stderr);
        assert.equal(result.stdout, '');
        assert.match(result.stderr, message);
        assert.ok(result.stderr.includes('Usage: bug-levels <command> [DIR] [options]'));
        assert.deepEqual(snapshotFiles(cwd), before);
      });
    }

    it('VERB --help prints the usage on stdout and exits 0', async () => {
      const result = await run(workspace(), ['promote', '--help']);
      assert.equal(result.code, 0);
      assert.ok(result.stdout.startsWith('Usage: bug-levels <command> [DIR] [options]'));
    });
  });

  describe('the usage text and the operation table', () => {
    it('names every operation that has a cliVerb, and no other write verb', async () => {
      const { stdout } = await run(tempDir(), ['--help']);
      const verbs = ALL_OPERATIONS.flatMap((operation) => (operation.cliVerb ? [operation.cliVerb] : []));
      assert.deepEqual([...verbs].sort(), [
        'attempt',
        'demote',
        'hypothesis',
        'link',
        'new',
        'park',
        'promote',
        'reopen',
        'resolve',
        'snippet',
        'timebox',
        'verdict',
      ]);
      // A command is a line indented by two spaces whose first word is lowercase.
      const listed = [...stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((match) => match[1]);
      // Then the commands for agents (issue 18: mcp, init-agent), anchors (issue 19) and resolve-conflict (issue 17).
      assert.deepEqual(listed, ['check', 'next', 'retro', ...verbs, 'mcp', 'init', 'anchors', 'resolve']);
      for (const operation of ALL_OPERATIONS.filter((candidate) => candidate.cliVerb)) {
        assert.ok(stdout.replace(/\s+/g, ' ').includes(operation.summary), `${operation.name}'s summary`);
      }
    });

    it("shows each mapped field's description from the table", async () => {
      const { stdout } = await run(tempDir(), ['--help']);
      const flat = stdout.replace(/\s+/g, ' ');
      for (const [name, field] of [
        ['newBug', 'title'],
        ['addHypothesis', 'prediction'],
        ['setVerdict', 'evidence'],
        ['setTimebox', 'minutes'],
        ['resolve', 'summary'],
        ['attachSnippet', 'text'],
      ] as const) {
        const describe = ALL_OPERATIONS.find((operation) => operation.name === name)?.fields[field]?.describe;
        assert.ok(describe && flat.includes(describe), `${name}.${field}`);
      }
    });
  });

  describe('the built command as a child process', () => {
    let cli: { name: string; script: string };

    before(function () {
      this.timeout(120_000);
      cli = builtCliScript();
    });

    function node(cwd: string, args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
      const env = { ...process.env, XDG_CACHE_HOME: tempDir() };
      const result = spawnSync(process.execPath, [cli.script, ...args], {
        cwd,
        env,
        encoding: 'utf8',
        timeout: 15_000,
        ...(input === undefined ? {} : { input }),
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    }

    it('new, then snippet with standard input piped, then check', () => {
      const cwd = workspace();
      const created = node(cwd, ['new', 'Piped bug']);
      assert.equal(created.status, 0, `${cli.name}: ${created.stderr}`);
      const id = created.stdout.trim();
      const text = 'make: *** [test] Error 2\n';
      const snippet = node(cwd, ['snippet', id, '--source', 'terminal'], text);
      assert.equal(snippet.status, 0, `${cli.name}: ${snippet.stderr}`);
      const snippetId = snippet.stdout.trim();
      assert.match(snippetId, /^s-[a-z0-9]{4}$/);
      assert.equal(bugOnDisk(cwd, id).snippets.find((s) => s.id === snippetId)?.text, text);
      const check = node(cwd, ['check']);
      assert.equal(check.status, 0, cli.name);
      assert.equal(check.stderr, '5 files checked: 5 bugs loaded, 0 errors, 0 warnings.\n');
    });

    it('a refusal exits 1 with one line, a usage error 2', () => {
      const cwd = workspace();
      const before = snapshotFiles(cwd);
      const refused = node(cwd, ['timebox', L1, 'abc']);
      assert.equal(refused.status, 1, cli.name);
      assert.match(refused.stderr, /^bug-levels: [^\n]*minutes must be a whole number[^\n]*\n$/);
      const empty = node(cwd, ['snippet', L1], '');
      assert.equal(empty.status, 1, cli.name);
      const usage = node(cwd, ['timebox', L1]);
      assert.equal(usage.status, 2, cli.name);
      assert.match(usage.stderr, /timebox needs MINUTES[\s\S]*Usage: bug-levels/);
      assert.deepEqual(snapshotFiles(cwd), before);
    });
  });
});
