import * as vscode from 'vscode';
import { strict as assert } from 'node:assert';
import type { Bug } from '../../src/core/model/types';
import { bugOnDisk, newTestBug } from './helpers';

/** A new level-1 bug with one open hypothesis; returns the bug and the hypothesis id. */
async function bugWithHypothesis(title: string, text: string): Promise<{ bug: Bug; hypothesisId: string }> {
  const bug = await newTestBug(title);
  await vscode.commands.executeCommand('bugLevels.addHypothesis', { bugId: bug.id, text, prediction: '' });
  const hypothesisId = bugOnDisk(bug.id).hypotheses.at(-1)?.id;
  assert.ok(hypothesisId);
  return { bug, hypothesisId };
}

describe('Confirming a hypothesis on a level-1 bug offers the promotion to level 2', () => {
  it('accepted: the bug reaches level 2, with the confirmed hypothesis as the reason', async () => {
    const { bug, hypothesisId } = await bugWithHypothesis('Confirmed cause', 'sys.executable is uwsgi, not python');
    await vscode.commands.executeCommand('bugLevels.markConfirmed', { bugId: bug.id, hypothesisId, note: 'printed it', promote: true });
    const onDisk = bugOnDisk(bug.id);
    assert.equal(onDisk.hypotheses.at(-1)?.status, 'confirmed');
    assert.equal(onDisk.level, 2);
    assert.equal(onDisk.levels.at(-1)?.reason, 'sys.executable is uwsgi, not python');
  });

  it('declined: the verdict is written and the bug stays at level 1', async () => {
    const { bug, hypothesisId } = await bugWithHypothesis('Confirmed, not yet understood', 'the pip call kills the worker');
    await vscode.commands.executeCommand('bugLevels.markConfirmed', { bugId: bug.id, hypothesisId, note: '', promote: false });
    const onDisk = bugOnDisk(bug.id);
    assert.equal(onDisk.hypotheses.at(-1)?.status, 'confirmed');
    assert.equal(onDisk.level, 1);
  });
});

describe('Resolving below level 3', () => {
  it('"understood and fixed at the cause" takes the bug to level 3 with the resolution', async () => {
    const bug = await newTestBug('Fixed at the cause');
    await vscode.commands.executeCommand('bugLevels.resolve', { bugId: bug.id, layer: 'upstream', summary: 'fixed in uwsgi 2.0.20', reached: 3, quiet: true });
    const onDisk = bugOnDisk(bug.id);
    assert.deepEqual([onDisk.level, onDisk.status, onDisk.levels.at(-1)?.reason], [3, 'resolved', 'Resolved: fixed in uwsgi 2.0.20']);
  });

  it('a workaround stays at its level', async () => {
    const bug = await newTestBug('Worked around');
    await vscode.commands.executeCommand('bugLevels.resolve', { bugId: bug.id, layer: 'workaround', summary: 'pinned uwsgi', quiet: true });
    assert.deepEqual([bugOnDisk(bug.id).level, bugOnDisk(bug.id).status], [1, 'resolved']);
  });
});
