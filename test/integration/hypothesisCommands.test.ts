import * as vscode from 'vscode';
import { strict as assert } from 'node:assert';
import { bugOnDisk, extensionApi, newTestBug, runAnsweringDefaults, treeChildren } from './helpers';

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
