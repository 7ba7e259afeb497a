/**
 * Issue 17: a bug's additions on real files. The fold is deterministic and tolerant (an addition
 * that no longer applies is superseded and reported, never throws the bug away), a torn or bad
 * addition is reported at its file while the rest loads, additions without their bug file are
 * reported, and Delete/Undo takes the additions along.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { foldAdditions, additionFileName, type Addition } from '../../src/core/model/additions';
import { parseAdditionBytes, stringifyAddition } from '../../src/core/format/additionFormat';
import { DEFAULT_TIMEBOX_MINUTES } from '../../src/core/model/timebox';
import type { OperationContext } from '../../src/core/model/operations';
import type { BugId, Timestamp } from '../../src/core/model/types';
import { JournalStore } from '../../src/core/store/journalStore';
import { performEdit } from '../../src/core/store/performOperation';
import { randomIds } from '../../src/core/store/randomIds';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';
import { additionFilesOf, foldedBugOnDisk, makeBug, MINIMAL_BUG_TEXT, snapshotFiles, useTempDirs } from './helpers';

const ID = 'bug0001' as BugId;
const FILE = 'minimal-bug0001.yaml';
const FOLDER = 'minimal-bug0001';

function context(minute: number): OperationContext {
  return { now: `2026-03-01T10:${String(minute).padStart(2, '0')}:00Z` as Timestamp, ids: randomIds, timeboxDefaults: DEFAULT_TIMEBOX_MINUTES };
}

describe('additions: one file per write beside the bug file (issue 17)', () => {
  const tempDir = useTempDirs();

  function journal(): { dir: string; store: JournalStore } {
    const dir = path.join(tempDir(), '.bug-levels');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, FILE), MINIMAL_BUG_TEXT);
    return { dir, store: new JournalStore(new NodeJournalFileSystem(dir)) };
  }

  it('each write is a new file named by its time, in order within one second; the bug file keeps its bytes', async () => {
    const { dir, store } = journal();
    await store.load();
    for (const text of ['one', 'two', 'three']) await performEdit(store, 'logAttempt', ID, { text }, context(1));
    assert.equal(fs.readFileSync(path.join(dir, FILE), 'utf8'), MINIMAL_BUG_TEXT);
    const files = additionFilesOf(dir, FILE);
    assert.deepEqual(
      files.map((file) => file.slice(0, -'-xxxxxx.yaml'.length)),
      ['2026-03-01T100100Z-0000', '2026-03-01T100100Z-0001', '2026-03-01T100100Z-0002'],
    );
    assert.deepEqual(
      foldedBugOnDisk(dir, ID).timeline.map((event) => event.text),
      ['one', 'two', 'three'],
    );
    const loaded = await new JournalStore(new NodeJournalFileSystem(dir)).load();
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.bugs[0]?.bug, foldedBugOnDisk(dir, ID));
  });

  it('the fold is the same whatever order the files are found in', () => {
    const header = makeBug();
    const additions: { file: string; addition: Addition }[] = [
      {
        file: additionFileName('2026-03-01T10:00:00Z' as Timestamp, 0, 'aaaaaa'),
        addition: { op: 'addHypothesis', at: '2026-03-01T10:00:00Z' as Timestamp, input: { text: 'x' }, ids: ['h-x'] },
      },
      {
        file: additionFileName('2026-03-01T10:01:00Z' as Timestamp, 0, 'bbbbbb'),
        addition: { op: 'setVerdict', at: '2026-03-01T10:01:00Z' as Timestamp, input: { hypothesisId: 'h-x', verdict: 'refuted' } },
      },
      {
        file: additionFileName('2026-03-01T10:02:00Z' as Timestamp, 0, 'cccccc'),
        addition: { op: 'setVerdict', at: '2026-03-01T10:02:00Z' as Timestamp, input: { hypothesisId: 'h-x', verdict: 'confirmed' } },
      },
    ];
    const forward = foldAdditions(header, additions);
    const backward = foldAdditions(header, [...additions].reverse());
    assert.deepEqual(backward, forward);
    assert.equal(forward.bug.hypotheses[0]?.status, 'confirmed', 'the later verdict wins');
    assert.deepEqual(
      forward.steps.map((step) => step.superseded),
      [undefined, undefined, undefined],
    );
  });

  it('an addition that no longer applies is superseded and reported; the bug and its session stay', () => {
    const header = makeBug({
      level: 2,
      levels: [
        { level: 1, at: '2026-03-01T09:00:00Z' as Timestamp },
        { level: 2, at: '2026-03-01T09:10:00Z' as Timestamp },
      ],
    });
    const session = { level: 2 as const, start: '2026-03-01T09:30:00Z' as Timestamp, end: '2026-03-01T10:00:00Z' as Timestamp };
    const folded = foldAdditions(header, [
      { file: 'a.yaml', addition: { op: 'setVerdict', at: '2026-03-01T10:00:00Z' as Timestamp, input: { hypothesisId: 'h-gone', verdict: 'refuted' } } },
      { file: 'b.yaml', addition: { op: 'demote', at: '2026-03-01T10:00:00Z' as Timestamp, level: 2, input: {} } },
      { file: 'c.yaml', addition: { op: 'demote', at: '2026-03-01T10:00:00Z' as Timestamp, level: 2, input: {}, closedSession: session } },
    ]);
    assert.match(folded.steps[0]?.superseded ?? '', /has no hypothesis h-gone/);
    assert.equal(folded.steps[1]?.superseded, undefined);
    assert.match(folded.steps[2]?.superseded ?? '', /went back from level 2, and the bug is at level 1 now/);
    assert.equal(folded.bug.level, 1, 'two demotes from level 2 go back once');
    assert.deepEqual(folded.bug.sessions, [session], 'the session closed with the superseded demote counts');
  });

  it('a second park or resolve is left out; the first stays', () => {
    const at = (minute: number): Timestamp => `2026-03-01T10:0${minute}:00Z` as Timestamp;
    const folded = foldAdditions(makeBug(), [
      { file: '1.yaml', addition: { op: 'park', at: at(1), input: { reason: 'A waits' } } },
      { file: '2.yaml', addition: { op: 'park', at: at(2), input: { reason: 'B waits' } } },
      { file: '3.yaml', addition: { op: 'resolve', at: at(3), input: { layer: 'ours', summary: 'A fixed it' } } },
      { file: '4.yaml', addition: { op: 'resolve', at: at(4), input: { layer: 'upstream', summary: 'B fixed it' } } },
    ]);
    assert.deepEqual(
      folded.steps.map((step) => step.superseded === undefined),
      [true, false, true, false],
    );
    assert.deepEqual(folded.bug.resolution, { layer: 'ours', summary: 'A fixed it' });
  });

  it('an addition written by a newer version makes its bug read-only', async () => {
    const { dir, store } = journal();
    await store.load();
    await performEdit(store, 'logAttempt', ID, { text: 'one' }, context(1));
    fs.writeFileSync(path.join(dir, FOLDER, '2026-03-01T100500Z-0000-newer0.yaml'), 'schema: bug-levels/addition-v2\nop: somethingNew\n');
    const fresh = new JournalStore(new NodeJournalFileSystem(dir));
    const loaded = await fresh.load();
    assert.equal(loaded.bugs[0]?.readOnly, true);
    assert.equal(loaded.problems[0]?.code, 'newer-schema');
    await assert.rejects(performEdit(fresh, 'logAttempt', ID, { text: 'two' }, context(6)), /read-only/);
  });

  it('a torn addition (a crash mid-write, by hand) is reported at its file; the bug loads with the others', async () => {
    const { dir, store } = journal();
    await store.load();
    await performEdit(store, 'logAttempt', ID, { text: 'kept' }, context(1));
    await performEdit(store, 'addLink', ID, { url: 'https://example.com/x' }, context(2));
    const [, second] = additionFilesOf(dir, FILE);
    const torn = path.join(dir, FOLDER, second ?? '');
    fs.writeFileSync(torn, fs.readFileSync(torn, 'utf8').slice(0, 40));
    fs.writeFileSync(path.join(dir, FOLDER, '2026-03-01T100300Z-0000-empty0.yaml'), '');
    const loaded = await new JournalStore(new NodeJournalFileSystem(dir)).load();
    assert.equal(loaded.bugs.length, 1);
    assert.deepEqual(
      loaded.bugs[0]?.bug.timeline.map((event) => event.text),
      ['kept'],
    );
    assert.deepEqual(loaded.bugs[0]?.bug.links, []);
    assert.deepEqual(
      loaded.problems.map((problem) => [problem.file, problem.code, problem.severity]),
      [
        [`${FOLDER}/2026-03-01T100200Z-0000-${second?.slice(-11, -5)}.yaml`, 'bad-addition', 'error'],
        [`${FOLDER}/2026-03-01T100300Z-0000-empty0.yaml`, 'empty-file', 'error'],
      ].sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
    );
    // The bug is still writable: the next write is another addition.
    await performEdit(new JournalStore(new NodeJournalFileSystem(dir)), 'logAttempt', ID, { text: 'after' }, context(4));
  });

  it('an addition with an operation or input the table refuses is reported and left out', () => {
    const text = (op: string, input: string): Uint8Array =>
      Buffer.from(`schema: bug-levels/addition-v1\nop: ${op}\nat: 2026-03-01T10:00:00Z\ninput: ${input}\n`);
    const refused = [
      parseAdditionBytes(text('newBug', '{ title: x }'), 'a.yaml'),
      parseAdditionBytes(text('runShell', '{}'), 'a.yaml'),
      parseAdditionBytes(text('addLink', '{ url: "ftp://x" }'), 'a.yaml'),
      parseAdditionBytes(text('addLink', '{ url: https://x, extra: 1 }'), 'a.yaml'),
      parseAdditionBytes(text('addLink', '!!js/function "x"'), 'a.yaml'),
      parseAdditionBytes(Buffer.from('schema: bug-levels/addition-v1\nop: &a addLink\nat: *a\n'), 'a.yaml'),
      parseAdditionBytes(text('addLink', '{ __proto__: { url: https://x } }'), 'a.yaml'),
    ];
    for (const parsed of refused) assert.equal(parsed.ok, false, JSON.stringify(parsed));
    const newer = parseAdditionBytes(Buffer.from('schema: bug-levels/addition-v2\nop: whatever\n'), 'a.yaml');
    assert.ok(!newer.ok && newer.newer && newer.problems[0]?.code === 'newer-schema');
    const round = parseAdditionBytes(
      Buffer.from(
        stringifyAddition({
          op: 'attachSnippet',
          at: '2026-03-01T10:00:00Z' as Timestamp,
          input: { text: 'line 1\nline 2\n', source: 'terminal' },
          ids: ['s-abcd'],
        }),
      ),
      'a.yaml',
    );
    assert.ok(round.ok);
    assert.deepEqual(round.addition.input, { text: 'line 1\nline 2\n', source: 'terminal' });
  });

  it("a crashed writer's temporary file in an additions folder is never read and is removed once old", async () => {
    const { dir, store } = journal();
    await store.load();
    await performEdit(store, 'logAttempt', ID, { text: 'one' }, context(1));
    const temp = path.join(dir, FOLDER, '.2026-03-01T100200Z-0000-abcdef.yaml.1234abcd.tmp');
    fs.writeFileSync(temp, 'schema: bug-levels/addition-v1\nop: logAt');
    const old = new Date(Date.now() - 20 * 60_000);
    fs.utimesSync(temp, old, old);
    const loaded = await new JournalStore(new NodeJournalFileSystem(dir)).load();
    assert.deepEqual(loaded.problems, []);
    assert.equal(fs.existsSync(temp), false);
  });

  it('additions whose bug file is gone are reported, never dropped silently', async () => {
    const { dir, store } = journal();
    await store.load();
    await performEdit(store, 'logAttempt', ID, { text: 'orphaned' }, context(1));
    fs.rmSync(path.join(dir, FILE));
    const loaded = await new JournalStore(new NodeJournalFileSystem(dir)).load();
    assert.deepEqual(loaded.bugs, []);
    assert.equal(loaded.problems.length, 1);
    assert.equal(loaded.problems[0]?.code, 'orphan-additions');
    assert.match(loaded.problems[0]?.message ?? '', /1 addition in 'minimal-bug0001\/' belongs to no bug: 'minimal-bug0001\.yaml' is gone/);
    const reloaded = await new JournalStore(new NodeJournalFileSystem(dir)).loadFile(FILE);
    assert.equal(reloaded.problems[0]?.code, 'orphan-additions', 'also when one file is reloaded (the watcher)');
  });

  it('Delete removes the bug file and its additions; Undo brings back exactly the same bytes', async () => {
    const { dir, store } = journal();
    await store.load();
    await performEdit(store, 'logAttempt', ID, { text: 'one' }, context(1));
    await performEdit(store, 'addHypothesis', ID, { text: 'two' }, context(2));
    const before = snapshotFiles(dir);
    const removed = await store.delete(ID);
    assert.deepEqual([...snapshotFiles(dir).keys()], []);
    assert.equal(removed.additions.length, 2);
    await store.restore(removed.file, removed.bytes, removed.additions);
    assert.deepEqual(snapshotFiles(dir), before);
  });
});
