import * as vscode from 'vscode';
import { strict as assert } from 'node:assert';
import { bugOnDisk, extensionApi, newTestBug, runAnsweringDefaults, treeChildren } from './helpers';
import { sinceProblem } from '../../src/host/hypothesisCommands';
import type { Timestamp } from '../../src/core/model/types';

describe('Hypotheses and assumptions', () => {
  it('Add Hypothesis writes an open hypothesis with its prediction', async () => {
    const bug = await newTestBug('Why does the worker die?');
    await vscode.commands.executeCommand('bugLevels.addHypothesis', {
      bugId: bug.id,
      text: 'sys.executable is uwsgi',
      prediction: 'print(sys.executable) shows uwsgi',
    });
    const [h] = bugOnDisk(bug.id).hypotheses;
    assert.equal(h?.kind, 'hypothesis');
    assert.equal(h?.status, 'open');
    assert.equal(h?.text, 'sys.executable is uwsgi');
    assert.equal(h?.prediction, 'print(sys.executable) shows uwsgi');
  });

  it('Add Assumption writes a hypothesis of kind assumption', async () => {
    const bug = await newTestBug('What do I take for granted?');
    await vscode.commands.executeCommand('bugLevels.addAssumption', { bugId: bug.id, text: 'preload files load once, at server restart' });
    const [h] = bugOnDisk(bug.id).hypotheses;
    assert.equal(h?.kind, 'assumption');
    assert.equal(h?.status, 'open');
  });

  it('Mark Refuted on an assumption makes it a wrong assumption, shown as such in the tree', async () => {
    const bug = await newTestBug('Refute me');
    await vscode.commands.executeCommand('bugLevels.addAssumption', { bugId: bug.id, text: 'the image ships the latest uwsgi' });
    const hypothesisId = bugOnDisk(bug.id).hypotheses[0]!.id;
    await vscode.commands.executeCommand('bugLevels.markRefuted', { bugId: bug.id, hypothesisId, note: 'pip freeze shows 2.0.19' });
    const h = bugOnDisk(bug.id).hypotheses[0]!;
    assert.equal(h.status, 'refuted');
    assert.equal(h.note, 'pip freeze shows 2.0.19');
    assert.ok(h.resolved);
    const journal = (await extensionApi()).journals.all[0]!;
    const shown = await treeChildren({ kind: 'bug', journal, bugId: bug.id });
    assert.equal(shown[0]?.description, 'wrong assumption');
  });

  it('Mark Confirmed from the tree acts on the clicked hypothesis', async () => {
    const bug = await newTestBug('Confirm me');
    await vscode.commands.executeCommand('bugLevels.addHypothesis', { bugId: bug.id, text: 'the pip call starts uwsgi', prediction: '' });
    const hypothesisId = bugOnDisk(bug.id).hypotheses[0]!.id;
    const journal = (await extensionApi()).journals.all[0]!;
    // From the tree the note is asked in an input box; Enter leaves it empty.
    await runAnsweringDefaults('bugLevels.markConfirmed', { kind: 'hypothesis', journal, bugId: bug.id, hypothesisId });
    assert.equal(bugOnDisk(bug.id).hypotheses[0]?.status, 'confirmed');
  });

  it('Delete Hypothesis removes it and Undo Last Delete puts it back in its place', async () => {
    const bug = await newTestBug('Three guesses');
    for (const text of ['first guess', 'second guess', 'third guess']) {
      await vscode.commands.executeCommand('bugLevels.addHypothesis', { bugId: bug.id, text, prediction: '' });
    }
    const second = bugOnDisk(bug.id).hypotheses[1]!;
    await vscode.commands.executeCommand('bugLevels.deleteHypothesis', { bugId: bug.id, hypothesisId: second.id, quiet: true });
    assert.deepEqual(
      bugOnDisk(bug.id).hypotheses.map((h) => h.text),
      ['first guess', 'third guess'],
    );
    await vscode.commands.executeCommand('bugLevels.undoLastDelete');
    assert.deepEqual(
      bugOnDisk(bug.id).hypotheses.map((h) => h.text),
      ['first guess', 'second guess', 'third guess'],
    );
  });
});

describe('Add Assumption: since when it was believed (issue 13)', () => {
  it('dates the assumption at the given time, so a wrong assumption logged late still has its cost', async () => {
    const bug = await newTestBug('Believed it all week');
    await vscode.commands.executeCommand('bugLevels.addAssumption', { bugId: bug.id, text: 'the cache is per process', since: '2026-02-20T10:00:00Z' });
    const [h] = bugOnDisk(bug.id).hypotheses;
    assert.equal(h?.kind, 'assumption');
    assert.equal(h?.created, '2026-02-20T10:00:00Z');
  });

  it('takes a plain date as midnight UTC', async () => {
    const bug = await newTestBug('Since a date');
    await vscode.commands.executeCommand('bugLevels.addAssumption', { bugId: bug.id, text: 'DNS is not the problem', since: '2026-02-25' });
    assert.equal(bugOnDisk(bug.id).hypotheses[0]?.created, '2026-02-25T00:00:00Z');
  });

  it('"now" (the default) dates it now', async () => {
    const bug = await newTestBug('Believed from now on');
    const before = Date.now() - 1000;
    await vscode.commands.executeCommand('bugLevels.addAssumption', { bugId: bug.id, text: 'the queue is FIFO', since: 'now' });
    const created = Date.parse(bugOnDisk(bug.id).hypotheses[0]!.created);
    assert.ok(created >= before && created <= Date.now() + 1000, `created ${created} is not now`);
  });

  it('refuses a time in the future, and text that is no date, writing nothing', async () => {
    const bug = await newTestBug('No beliefs from the future');
    const future = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    for (const since of [future, 'last tuesday']) {
      const result = await vscode.commands.executeCommand('bugLevels.addAssumption', { bugId: bug.id, text: 'time travel works', since });
      assert.equal(result, undefined, since);
      assert.deepEqual(bugOnDisk(bug.id).hypotheses, [], since);
    }
  });

  it('checks the "since when?" box the same way: now, a date or a time up to now', () => {
    const now = '2026-03-01T12:00:00Z' as Timestamp;
    for (const fine of ['now', '', '  ', 'NOW', '2026-02-25', '2026-03-01T12:00:00Z']) assert.equal(sinceProblem(fine, now), undefined, fine);
    assert.match(sinceProblem('2026-03-01T12:00:01Z', now) ?? '', /future/);
    assert.match(sinceProblem('yesterday', now) ?? '', /2026-02-25/);
  });
});
