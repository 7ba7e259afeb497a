/**
 * Issue 17: shared journals merge in plain git. Real `git` in temporary folders, real clones,
 * the real store and CLI writing to them; no merge driver, no .gitattributes, no git config
 * beyond a name and an e-mail. For every pair of operations of the operation table (the list is
 * the table itself: a new operation without a sample input below fails the test until it gets
 * one), two clones each perform one on the same bug, both commit, one pulls the other: no
 * conflict, both additions are in the merged journal, and `check` passes. Then three clones, a
 * rebase, and the eight everyday scenarios of the issue by name.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { OPERATIONS, type EditOperationName, type OperationContext, type OperationName } from '../../src/core/model/operations';
import { DEFAULT_TIMEBOX_MINUTES } from '../../src/core/model/timebox';
import type { Bug, BugId, Timestamp } from '../../src/core/model/types';
import { JournalStore } from '../../src/core/store/journalStore';
import { performCreate, performEdit } from '../../src/core/store/performOperation';
import { randomIds } from '../../src/core/store/randomIds';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';
import { captureIo, foldedBugOnDisk, useTempDirs } from './helpers';

const BUG = 'Merge0Bug1' as BugId;
const HEADER = `shared-bug-${BUG}.yaml`;
/** The shared bug as both people pulled it: open at level 2, one hypothesis, one snippet, one session. */
const BASE_BUG = `schema: bug-levels/v1
id: ${BUG}
title: Shared bug
status: open
level: 2
created: 2026-03-01T08:00:00Z
tags: [shared]
levels:
  - { level: 1, at: 2026-03-01T08:00:00Z }
  - { level: 2, at: 2026-03-01T08:30:00Z }
sessions:
  - { level: 1, start: 2026-03-01T08:00:00Z, end: 2026-03-01T08:30:00Z }
hypotheses:
  - id: h-base
    kind: hypothesis
    text: the cache is stale
    status: open
    created: 2026-03-01T08:10:00Z
snippets:
  - id: s-base
    source: terminal
    captured: 2026-03-01T08:20:00Z
    text: |
      cache hit for key 42
links: []
timeline:
  - { at: 2026-03-01T08:05:00Z, kind: attempt, text: restarted the server }
`;

/** A person: who they are (A, B, C) and when they act. */
interface Side {
  readonly name: string;
  readonly minute: number;
}

/**
 * One sample of each operation, on the shared bug, as person `side` performs it: the steps to
 * run (an operation that needs a state first, like reopen, sets it up on the same side). Keyed by
 * the table's names, so a new operation must be added here.
 */
type Step = { readonly op: OperationName; readonly input: Record<string, unknown> };
const SAMPLES: { readonly [Name in OperationName]: (side: Side, now: Timestamp) => Step[] } = {
  newBug: (side) => [{ op: 'newBug', input: { title: `${side.name}'s new bug` } }],
  addHypothesis: (side) => [{ op: 'addHypothesis', input: { text: `${side.name} thinks the queue is full`, prediction: 'a 503 in the log' } }],
  setVerdict: (side) => [{ op: 'setVerdict', input: { hypothesisId: 'h-base', verdict: 'refuted', note: `${side.name} read the log`, evidence: ['s-base'] } }],
  deleteHypothesis: () => [{ op: 'deleteHypothesis', input: { hypothesisId: 'h-base' } }],
  restoreHypothesis: (side, now) => [
    {
      op: 'restoreHypothesis',
      input: { hypothesis: { id: `h-old${side.name.toLowerCase()}`, kind: 'assumption', text: 'it worked before', status: 'open', created: now }, index: 0 },
    },
  ],
  attachSnippet: (side) => [
    { op: 'attachSnippet', input: { text: `${side.name}: first line\n${side.name}: second line\n`, source: 'terminal', command: 'make test' } },
  ],
  reanchorSnippet: (side) => [
    {
      op: 'reanchorSnippet',
      input: { snippetId: 's-base', text: `cache hit for key 42 (${side.name})`, file: 'src/cache.ts', lines: `${10 * side.minute}-${10 * side.minute + 1}` },
    },
  ],
  logAttempt: (side) => [{ op: 'logAttempt', input: { text: `${side.name} cleared the cache` } }],
  addLink: (side) => [{ op: 'addLink', input: { url: `https://example.com/${side.name}` } }],
  promote: (side) => [{ op: 'promote', input: { reason: `${side.name} found the cause` } }],
  demote: (side) => [{ op: 'demote', input: { reason: `${side.name} was wrong` } }],
  setTimebox: (side) => [{ op: 'setTimebox', input: { minutes: 40 + side.minute } }],
  extendTimebox: () => [{ op: 'extendTimebox', input: { minutes: 15 } }],
  keepDrilling: (side) => [{ op: 'keepDrilling', input: { reason: `${side.name} is close` } }],
  park: (side) => [{ op: 'park', input: { reason: `${side.name} waits for upstream` } }],
  reopen: (side) => [
    { op: 'park', input: { reason: `${side.name} parks it first` } },
    { op: 'reopen', input: {} },
  ],
  resolve: (side) => [{ op: 'resolve', input: { layer: 'ours', summary: `${side.name} fixed the cache key` } }],
  recordSession: (side, now) => [{ op: 'recordSession', input: { session: { level: 2, start: minus(now, 20), end: now } } }],
  recordLeftOut: (side) => [{ op: 'recordLeftOut', input: { leftOutNote: `${side.name} was away 10 min` } }],
  recordDebugEvent: (side) => [{ op: 'recordDebugEvent', input: { event: 'exception', text: `${side.name}: KeyError 42` } }],
  deleteBug: () => [{ op: 'deleteBug', input: {} }],
};

function minus(at: Timestamp, minutes: number): Timestamp {
  return new Date(Date.parse(at) - minutes * 60_000).toISOString().replace('.000Z', 'Z') as Timestamp;
}

const A: Side = { name: 'A', minute: 1 };
const B: Side = { name: 'B', minute: 2 };
const C: Side = { name: 'C', minute: 3 };

function nowOf(side: Side): Timestamp {
  return `2026-03-02T10:0${side.minute}:00Z` as Timestamp;
}

/** Runs git in `cwd`; throws with its output unless it exits 0 (or `allowFail`). */
function git(cwd: string, args: string[], allowFail = false): { status: number; output: string } {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
      GIT_TERMINAL_PROMPT: '0',
    },
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (!allowFail && result.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}:\n${output}`);
  return { status: result.status ?? -1, output };
}

/** Files git left unmerged (conflicts). */
function unmerged(cwd: string): string[] {
  return git(cwd, ['diff', '--name-only', '--diff-filter=U']).output.split('\n').filter(Boolean);
}

/** Performs `steps` on the journal of clone `cwd` through the real store, as `side`. */
async function perform(cwd: string, steps: readonly Step[], side: Side): Promise<void> {
  const store = new JournalStore(new NodeJournalFileSystem(path.join(cwd, '.bug-levels')));
  await store.load();
  const context: OperationContext = { now: nowOf(side), ids: randomIds, timeboxDefaults: DEFAULT_TIMEBOX_MINUTES };
  for (const { op, input } of steps) {
    if (op === 'newBug') await performCreate(store, input, context);
    else if (op === 'deleteBug') await store.delete(BUG);
    else await performEdit(store, op as EditOperationName, BUG, input, context);
  }
}

/** `bug-levels check` on the clone's journal: exit code and output. */
async function check(cwd: string): Promise<{ code: number; text: string }> {
  const io = captureIo(cwd);
  const code = await runCli(['check', '.bug-levels'], io);
  return { code, text: io.stdout + io.stderr };
}

function commitAll(cwd: string, message: string): void {
  git(cwd, ['add', '-A', '.bug-levels']);
  git(cwd, ['commit', '-q', '--allow-empty', '-m', message]);
}

/** Files changed from `base` to HEAD in the clone. */
function changedSince(cwd: string, base: string): string[] {
  return git(cwd, ['diff', '--name-only', base, 'HEAD']).output.split('\n').filter(Boolean).sort();
}

describe('issue 17: two people, two branches, one bug, and git merge never conflicts', function () {
  this.timeout(600_000);
  const tempDir = useTempDirs();
  let origin = '';
  let baseCommit = '';

  /** A bare "origin" holding the shared journal, committed once. */
  before(function () {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bug-levels-git-'));
    const seed = path.join(root, 'seed');
    fs.mkdirSync(path.join(seed, '.bug-levels'), { recursive: true });
    fs.writeFileSync(path.join(seed, '.bug-levels', HEADER), BASE_BUG);
    git(root, ['init', '-q', '-b', 'main', seed]);
    commitAll(seed, 'the shared journal');
    baseCommit = git(seed, ['rev-parse', 'HEAD']).output.trim();
    // The tests that push get a branch each, so every test starts from the shared commit.
    for (const branch of ['three', 'rebase']) git(seed, ['branch', branch]);
    origin = path.join(root, 'origin.git');
    git(root, ['clone', '-q', '--bare', seed, origin]);
    after(() => fs.rmSync(root, { recursive: true, force: true }));
  });

  function clone(name: string, branch = 'main'): string {
    const dir = path.join(tempDir(), name);
    git(path.dirname(dir), ['clone', '-q', '-b', branch, origin, dir]);
    return dir;
  }

  /** Puts the clone back at the shared commit, on branch `branch`, with nothing else in its folder. */
  function reset(cwd: string, branch: string): void {
    git(cwd, ['checkout', '-q', '-f', '-B', branch, baseCommit]);
    git(cwd, ['clean', '-q', '-f', '-d', '-x']);
  }

  const names = Object.keys(OPERATIONS) as OperationName[];

  it('the samples cover every operation of the table (a new operation needs one)', () => {
    assert.deepEqual(Object.keys(SAMPLES).sort(), [...names].sort());
  });

  it('every pair of operations: two clones, both commit, one pulls the other: no conflict, both kept, check passes', async () => {
    const first = clone('A');
    const second = clone('B');
    const started = Date.now();
    let pairs = 0;
    for (let i = 0; i < names.length; i++) {
      for (let j = i; j < names.length; j++) {
        const [opA, opB] = [names[i] as OperationName, names[j] as OperationName];
        const label = `${opA} (A) + ${opB} (B)`;
        const branch = `pair-${i}-${j}`;
        reset(first, branch);
        await perform(first, SAMPLES[opA](A, nowOf(A)), A);
        commitAll(first, `A: ${opA}`);
        reset(second, branch);
        await perform(second, SAMPLES[opB](B, nowOf(B)), B);
        commitAll(second, `B: ${opB}`);
        // What each side wrote and still has: its addition files (and a new bug's file).
        const written = (dir: string): string[] => changedSince(dir, baseCommit).filter((file) => fs.existsSync(path.join(dir, file)));
        const [writtenByA, writtenByB] = [written(first), written(second)];
        // B pulls A's branch straight from A's clone: a plain fetch and merge, no driver, no attributes.
        const merged = git(second, ['pull', '-q', '--no-rebase', '--no-edit', first, branch], true);
        assert.deepEqual(unmerged(second), [], `${label}: no conflict\n${merged.output}`);
        assert.equal(merged.status, 0, `${label}: the merge succeeds\n${merged.output}`);
        // Both sides' additions are in the merged journal.
        assert.ok(writtenByA.length + writtenByB.length > 0 || (opA === 'deleteBug' && opB === 'deleteBug'), `${label}: something was written`);
        for (const file of [...writtenByA, ...writtenByB]) assert.ok(fs.existsSync(path.join(second, file)), `${label}: ${file} is in the merge`);
        const result = await check(second);
        const deletedOnOneSide = (opA === 'deleteBug') !== (opB === 'deleteBug');
        const otherChangedTheBug = deletedOnOneSide && (opA === 'deleteBug' ? opB : opA) !== 'newBug';
        if (otherChangedTheBug) {
          // Deleted on one side, changed on the other: the change is kept and reported, never dropped.
          assert.equal(result.code, 1, `${label}: ${result.text}`);
          assert.match(result.text, /belongs? to no bug: 'shared-bug-Merge0Bug1\.yaml' is gone/, label);
        } else {
          assert.equal(result.code, 0, `${label}: check passes\n${result.text}`);
          assert.doesNotMatch(result.text, /merge conflict/, label);
        }
        pairs++;
      }
    }
    console.log(`      ${pairs} pairs merged in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(pairs, (names.length * (names.length + 1)) / 2);
  });

  it('three clones: each adds to the bug, pushes and pulls in turn; no conflict, all three kept', async () => {
    const [a, b, c] = [clone('A3', 'three'), clone('B3', 'three'), clone('C3', 'three')];
    await perform(a, SAMPLES.addHypothesis(A, nowOf(A)), A);
    await perform(b, SAMPLES.setVerdict(B, nowOf(B)), B);
    await perform(c, [...SAMPLES.logAttempt(C, nowOf(C)), ...SAMPLES.recordSession(C, nowOf(C))], C);
    for (const [dir, who] of [
      [a, 'A'],
      [b, 'B'],
      [c, 'C'],
    ] as const) {
      commitAll(dir, who);
      const pulled = git(dir, ['pull', '-q', '--no-rebase', '--no-edit', 'origin', 'three'], true);
      assert.deepEqual(unmerged(dir), [], `${who}: ${pulled.output}`);
      git(dir, ['push', '-q', 'origin', 'HEAD:three']);
    }
    git(a, ['pull', '-q', '--no-rebase', '--no-edit', 'origin', 'three']);
    const bug = foldedBugOnDisk(path.join(a, '.bug-levels'), BUG);
    assert.ok(
      bug.hypotheses.some((h) => h.text === 'A thinks the queue is full'),
      "A's hypothesis",
    );
    assert.equal(bug.hypotheses.find((h) => h.id === 'h-base')?.status, 'refuted', "B's verdict");
    assert.ok(
      bug.timeline.some((event) => event.text === 'C cleared the cache'),
      "C's attempt",
    );
    assert.equal(bug.sessions.length, 2, "C's session");
    assert.equal((await check(a)).code, 0);
  });

  it("a rebase: B rebases its additions onto A's; no conflict, both kept, check passes", async () => {
    const [a, b] = [clone('Ar', 'rebase'), clone('Br', 'rebase')];
    await perform(a, [...SAMPLES.logAttempt(A, nowOf(A)), ...SAMPLES.setTimebox(A, nowOf(A))], A);
    commitAll(a, 'A');
    git(a, ['push', '-q', 'origin', 'HEAD:rebase']);
    await perform(b, [...SAMPLES.logAttempt(B, nowOf(B)), ...SAMPLES.promote(B, nowOf(B))], B);
    commitAll(b, 'B');
    const rebased = git(b, ['pull', '-q', '--rebase', 'origin', 'rebase'], true);
    assert.equal(rebased.status, 0, rebased.output);
    assert.deepEqual(unmerged(b), []);
    const bug = foldedBugOnDisk(path.join(b, '.bug-levels'), BUG);
    assert.deepEqual(
      bug.timeline.filter((event) => event.kind === 'attempt').map((event) => event.text),
      ['restarted the server', 'A cleared the cache', 'B cleared the cache'],
    );
    assert.equal(bug.level, 3);
    assert.deepEqual(bug.timeboxes, [{ level: 2, minutes: 41 }]);
    assert.equal((await check(b)).code, 0);
    // Pushed back, A pulls it fast-forward.
    git(b, ['push', '-q', 'origin', 'HEAD:rebase']);
    git(a, ['pull', '-q', '--ff-only', 'origin', 'rebase']);
    assert.deepEqual(foldedBugOnDisk(path.join(a, '.bug-levels'), BUG), bug);
  });

  describe('the eight everyday scenarios of the issue, through the CLI where it has a verb', () => {
    /** Two clones of the shared bug; `a` and `b` act (CLI argv or steps), both commit, B pulls A. */
    async function scenario(a: Action, b: Action): Promise<{ bug: Bug; dir: string }> {
      const [first, second] = [clone('A'), clone('B')];
      await act(first, a, A);
      commitAll(first, 'A');
      await act(second, b, B);
      commitAll(second, 'B');
      const merged = git(second, ['pull', '-q', '--no-rebase', '--no-edit', first, 'HEAD'], true);
      assert.deepEqual(unmerged(second), [], merged.output);
      assert.equal(merged.status, 0, merged.output);
      const checked = await check(second);
      assert.equal(checked.code, 0, checked.text);
      return { bug: foldedBugOnDisk(path.join(second, '.bug-levels'), BUG), dir: second };
    }

    type Action = { readonly cli: readonly string[]; readonly stdin?: string } | { readonly steps: (side: Side) => Step[] };

    async function act(cwd: string, action: Action, side: Side): Promise<void> {
      if ('steps' in action) return perform(cwd, action.steps(side), side);
      const io = captureIo(cwd);
      const code = await runCli([...action.cli.map((arg) => arg.replace('{side}', side.name)), '--now', nowOf(side)], {
        ...io,
        readStdin: () => Promise.resolve(action.stdin ?? ''),
      });
      assert.equal(code, 0, io.stderr);
    }

    const attempt: Action = { cli: ['attempt', BUG, '{side} cleared the cache'] };
    const session: Action = { steps: (side) => SAMPLES.recordSession(side, nowOf(side)) };

    it('1. both log an attempt', async () => {
      const { bug } = await scenario(attempt, attempt);
      assert.deepEqual(
        bug.timeline.map((event) => event.text),
        ['restarted the server', 'A cleared the cache', 'B cleared the cache'],
      );
    });

    it('2. both close a work session', async () => {
      const { bug } = await scenario(session, session);
      assert.deepEqual(
        bug.sessions.map((s) => s.end),
        ['2026-03-01T08:30:00Z', nowOf(A), nowOf(B)],
      );
    });

    it('3. both add a hypothesis', async () => {
      const { bug } = await scenario({ cli: ['hypothesis', BUG, '{side} suspects DNS'] }, { cli: ['hypothesis', BUG, '{side} suspects DNS'] });
      assert.deepEqual(
        bug.hypotheses.map((h) => h.text),
        ['the cache is stale', 'A suspects DNS', 'B suspects DNS'],
      );
    });

    it('4. both add a link', async () => {
      const { bug } = await scenario({ cli: ['link', BUG, 'https://example.com/{side}'] }, { cli: ['link', BUG, 'https://example.com/{side}'] });
      assert.deepEqual(bug.links, ['https://example.com/A', 'https://example.com/B']);
    });

    it('5. one refutes a hypothesis while the other adds one', async () => {
      const { bug } = await scenario(
        { cli: ['verdict', BUG, 'h-base', 'refuted', '--note', 'the key differs'] },
        { cli: ['hypothesis', BUG, 'the TTL is too long'] },
      );
      assert.equal(bug.hypotheses.find((h) => h.id === 'h-base')?.status, 'refuted');
      assert.equal(bug.hypotheses.find((h) => h.id === 'h-base')?.note, 'the key differs');
      assert.ok(bug.hypotheses.some((h) => h.text === 'the TTL is too long'));
    });

    it('6. one logs an attempt while the other resolves the bug', async () => {
      const { bug } = await scenario(attempt, { cli: ['resolve', BUG, '--layer', 'ours', '--summary', 'cache key fixed'] });
      assert.equal(bug.status, 'resolved');
      assert.deepEqual(bug.resolution, { layer: 'ours', summary: 'cache key fixed' });
      assert.ok(bug.timeline.some((event) => event.text === 'A cleared the cache'));
    });

    it('7. one closes a work session while the other sets the timebox', async () => {
      const { bug } = await scenario(session, { cli: ['timebox', BUG, '90'] });
      assert.equal(bug.sessions.at(-1)?.end, nowOf(A));
      assert.deepEqual(bug.timeboxes, [{ level: 2, minutes: 90 }]);
    });

    it('8. both attach a multi-line snippet: every line of both survives (what merge=union lost)', async () => {
      const { bug } = await scenario(
        { cli: ['snippet', BUG, '--source', 'terminal'], stdin: 'A: Traceback\nA:   line 2\n' },
        { cli: ['snippet', BUG, '--source', 'terminal'], stdin: 'B: Traceback\nB:   line 2\n' },
      );
      assert.deepEqual(
        bug.snippets.map((s) => s.text),
        ['cache hit for key 42\n', 'A: Traceback\nA:   line 2\n', 'B: Traceback\nB:   line 2\n'],
      );
    });

    it("the README's two-person merge: one logs an attempt and refutes, the other adds a hypothesis and closes a session", async () => {
      const { bug, dir } = await scenario(
        { steps: (side) => [...SAMPLES.logAttempt(side, nowOf(side)), ...SAMPLES.setVerdict(side, nowOf(side))] },
        { steps: (side) => [...SAMPLES.addHypothesis(side, nowOf(side)), ...SAMPLES.recordSession(side, nowOf(side))] },
      );
      assert.equal(fs.readdirSync(path.join(dir, '.bug-levels', `shared-bug-${BUG}`)).length, 4, 'four new files');
      assert.equal(bug.hypotheses.find((h) => h.id === 'h-base')?.status, 'refuted');
      assert.ok(bug.hypotheses.some((h) => h.text === 'B thinks the queue is full'));
      assert.ok(bug.timeline.some((event) => event.text === 'A cleared the cache'));
      assert.equal(bug.sessions.at(-1)?.end, nowOf(B));
      assert.match((await check(dir)).text, /0 errors, 0 warnings/);
    });

    it('single values after a merge: the later timebox wins, the higher level wins, both stay in the history', async () => {
      const { bug, dir } = await scenario(
        { steps: (side) => [...SAMPLES.setTimebox(side, nowOf(side)), ...SAMPLES.promote(side, nowOf(side))] },
        { steps: (side) => [...SAMPLES.setTimebox(side, nowOf(side)), ...SAMPLES.promote(side, nowOf(side))] },
      );
      assert.deepEqual(bug.timeboxes, [{ level: 2, minutes: 42 }], "B's, the later one");
      assert.equal(bug.level, 3);
      assert.deepEqual(
        bug.levels.map((change) => change.level),
        [1, 2, 3],
        'level 3 reached once',
      );
      const checked = await check(dir);
      assert.match(checked.text, /warning: promote \(2026-03-02T10:02:00Z\) no longer applies after a merge .*already at level 3/);
      assert.equal(fs.readdirSync(path.join(dir, '.bug-levels', `shared-bug-${BUG}`)).length, 4, 'all four additions are kept');
    });
  });

  describe('conflicts that still happen: a bug file edited as a v1 file on both sides', () => {
    /** A and B each rewrite the header itself (as before additions, or by hand); B pulls A: git conflicts. */
    async function conflicted(changeA: (bug: Bug) => Bug, changeB: (bug: Bug) => Bug): Promise<{ dir: string; file: string; text: string }> {
      const [first, second] = [clone('A'), clone('B')];
      for (const [dir, change] of [
        [first, changeA],
        [second, changeB],
      ] as const) {
        const store = new JournalStore(new NodeJournalFileSystem(path.join(dir, '.bug-levels')));
        await store.load();
        await store.update(BUG, change);
        commitAll(dir, dir);
      }
      const merged = git(second, ['pull', '-q', '--no-rebase', '--no-edit', first, 'HEAD'], true);
      assert.notEqual(merged.status, 0, 'git reports the conflict');
      assert.deepEqual(unmerged(second), [`.bug-levels/${HEADER}`]);
      const file = path.join(second, '.bug-levels', HEADER);
      return { dir: second, file, text: fs.readFileSync(file, 'utf8') };
    }

    const attemptBy =
      (who: string) =>
      (bug: Bug): Bug => ({
        ...bug,
        timeline: [...bug.timeline, { at: `2026-03-02T10:0${who === 'A' ? 1 : 2}:00Z` as Timestamp, kind: 'attempt', text: `${who} by hand` }],
      });

    it('check says "merge conflict" at the marker\'s line and names the resolving command; next keeps the bug', async () => {
      const { dir, text } = await conflicted(attemptBy('A'), attemptBy('B'));
      const markerLine = text.split('\n').findIndex((line) => line.startsWith('<<<<<<<')) + 1;
      assert.ok(markerLine > 0);
      const checked = await check(dir);
      assert.equal(checked.code, 1);
      assert.match(checked.text, new RegExp(`^\\.bug-levels/${HEADER}:${markerLine}:1: merge conflict: git left conflict markers here`, 'm'));
      assert.ok(checked.text.includes(`bug-levels resolve-conflict .bug-levels/${HEADER}`), checked.text);
      assert.doesNotMatch(checked.text, /yaml-syntax|Implicit keys|Nested mappings/);
      // The bug does not vanish: next still picks it (read from the first side), and says why it is read-only.
      const io = captureIo(dir);
      assert.equal(await runCli(['next', '.bug-levels', '--now', '2026-03-02T11:00:00Z'], io), 0);
      assert.match(io.stdout, /^Shared bug \(level 2, Merge0Bug1\)/);
      assert.match(io.stderr, /merge conflict/);
      // Writes are refused while it is conflicted: nothing is guessed.
      const refused = captureIo(dir);
      assert.equal(await runCli(['attempt', BUG, 'x'], refused), 1);
      assert.match(refused.stderr, /merge conflict/);
    });

    it("resolve-conflict takes both sides' entries; check then passes", async () => {
      const { dir, file } = await conflicted(attemptBy('A'), attemptBy('B'));
      const io = captureIo(dir);
      assert.equal(await runCli(['resolve-conflict', `.bug-levels/${HEADER}`], io), 0, io.stderr);
      assert.match(io.stdout, /^Resolved the merge conflict of 'Shared bug' \(Merge0Bug1\): both sides' entries kept\.\n$/);
      assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /^(<{7}|={7}|>{7})/m);
      assert.deepEqual(
        foldedBugOnDisk(path.join(dir, '.bug-levels'), BUG).timeline.map((event) => event.text),
        ['restarted the server', 'A by hand', 'B by hand'],
      );
      assert.equal((await check(dir)).code, 0);
    });

    it('a value both sides set differently: refused, naming it and the choice, file unchanged; --take theirs resolves', async () => {
      const retitle =
        (who: string) =>
        (bug: Bug): Bug => ({ ...attemptBy(who)(bug), title: `Shared bug, as ${who} sees it` });
      const { dir, file, text } = await conflicted(retitle('A'), retitle('B'));
      const io = captureIo(dir);
      assert.equal(await runCli(['resolve-conflict', `.bug-levels/${HEADER}`], io), 1);
      assert.match(
        io.stderr,
        /^bug-levels: [^\n]*both sides changed a value differently \(title: 'Shared bug, as B sees it' or 'Shared bug, as A sees it'\)\. Choose a side for it: --take ours .* or --take theirs/,
      );
      assert.equal(fs.readFileSync(file, 'utf8'), text, 'nothing written');
      const taken = captureIo(dir);
      assert.equal(await runCli(['resolve-conflict', `.bug-levels/${HEADER}`, '--take', 'theirs'], taken), 0, taken.stderr);
      const bug = foldedBugOnDisk(path.join(dir, '.bug-levels'), BUG);
      assert.equal(bug.title, 'Shared bug, as A sees it', "theirs: the side merged in, A's");
      assert.deepEqual(
        bug.timeline.map((event) => event.text),
        ['restarted the server', 'A by hand', 'B by hand'],
      );
      assert.equal((await check(dir)).code, 0);
    });
  });
});
