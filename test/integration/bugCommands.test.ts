import * as vscode from 'vscode';
import * as fs from 'node:fs';
import { strict as assert } from 'node:assert';
import type { Bug } from '../../src/core/model/types';
import { answerDefaultsUntil, bugFilePath, bugOnDisk, bugsInGroup, extensionApi, journalDir, newTestBug, sleep, waitFor } from './helpers';

describe('Bug commands write the bug file and move the bug in the tree', () => {
  it('New Bug writes <slug>-<id>.yaml at level 1 and makes the bug active', async () => {
    const bug = await newTestBug('Worker dies after pip install');
    const file = bugFilePath(bug.id);
    assert.ok(file.endsWith(`worker-dies-after-pip-install-${bug.id}.yaml`));
    const onDisk = bugOnDisk(bug.id);
    assert.equal(onDisk.title, 'Worker dies after pip install');
    assert.equal(onDisk.level, 1);
    assert.equal(onDisk.status, 'open');
    assert.deepEqual((await extensionApi()).active.bugId, bug.id);
    assert.ok((await bugsInGroup('Level 1')).includes('Worker dies after pip install'));
  });

  it('Promote to Level 2 records the reason in the level history', async () => {
    const bug = await newTestBug('Promote me to two');
    await vscode.commands.executeCommand('bugLevels.promoteToLevel2', { bugId: bug.id, reason: 'uwsgi log: worker died after the pip call' });
    const onDisk = bugOnDisk(bug.id);
    assert.equal(onDisk.level, 2);
    assert.deepEqual(onDisk.levels.at(-1)?.reason, 'uwsgi log: worker died after the pip call');
    assert.ok((await bugsInGroup('Level 2')).includes('Promote me to two'));
  });

  it('Promote to Level 2 from the palette acts on the active bug without asking which', async () => {
    await newTestBug('Not this one');
    const bug = await newTestBug('Palette promotion');
    const done = vscode.commands.executeCommand('bugLevels.promoteToLevel2', { reason: 'the log line' });
    assert.equal(await Promise.race([done.then(() => 'done'), sleep(5000).then(() => 'waiting for a picker')]), 'done');
    assert.equal(bugOnDisk(bug.id).level, 2);
  });

  it('with bugLevels.askWhichBug on, the palette asks which bug again, offering the active bug first', async () => {
    const settings = vscode.workspace.getConfiguration('bugLevels');
    await settings.update('askWhichBug', true, vscode.ConfigurationTarget.Global);
    try {
      await newTestBug('Not this one either');
      const bug = await newTestBug('Asked for');
      const done = vscode.commands.executeCommand('bugLevels.promoteToLevel2', { reason: 'the repro' });
      assert.equal(await Promise.race([done.then(() => 'done'), sleep(1500).then(() => 'asking')]), 'asking');
      await answerDefaultsUntil(Promise.resolve(done));
      assert.equal(bugOnDisk(bug.id).level, 2);
    } finally {
      await settings.update('askWhichBug', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('New Bug while another bug is active keeps it active when the setting says never, and switches when it says always', async () => {
    const api = await extensionApi();
    const settings = vscode.workspace.getConfiguration('bugLevels');
    const working = await newTestBug('Being debugged');
    try {
      await settings.update('newBugBecomesActive', 'never', vscode.ConfigurationTarget.Global);
      const noted = await vscode.commands.executeCommand<Bug>('bugLevels.newBug', { title: 'Noted in passing' });
      assert.equal(api.active.bugId, working.id, 'the bug being debugged keeps its time');
      assert.equal(bugOnDisk(noted.id).title, 'Noted in passing');
      await settings.update('newBugBecomesActive', 'always', vscode.ConfigurationTarget.Global);
      const next = await vscode.commands.executeCommand<Bug>('bugLevels.newBug', { title: 'Worked on at once' });
      assert.equal(api.active.bugId, next.id);
    } finally {
      await settings.update('newBugBecomesActive', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Start Working on Bug never offers the bug that is already active', async () => {
    const api = await extensionApi();
    const bug = await newTestBug('Already active');
    const picked = vscode.commands.executeCommand('bugLevels.startWorking');
    await answerDefaultsUntil(Promise.resolve(picked));
    assert.notEqual(api.active.bugId, bug.id, 'the default pick is another bug');
  });

  it('Promote to Level 3 and Demote move one bug down and back up', async () => {
    const bug = await newTestBug('Three and back');
    await vscode.commands.executeCommand('bugLevels.promoteToLevel3', { bugId: bug.id, reason: 'fixed upstream' });
    assert.equal(bugOnDisk(bug.id).level, 3);
    assert.ok((await bugsInGroup('Level 3')).includes('Three and back'));
    await vscode.commands.executeCommand('bugLevels.demote', { bugId: bug.id, reason: 'the upstream fix was not it' });
    const onDisk = bugOnDisk(bug.id);
    assert.equal(onDisk.level, 2);
    assert.deepEqual(
      onDisk.levels.map((change) => change.level),
      [1, 3, 2],
    );
  });

  it('Set Timebox stores minutes for the current level, and for a level ahead', async () => {
    const bug = await newTestBug('Timeboxed');
    await vscode.commands.executeCommand('bugLevels.setTimebox', { bugId: bug.id, minutes: 20 });
    await vscode.commands.executeCommand('bugLevels.setTimebox', { bugId: bug.id, minutes: 90, level: 2 });
    assert.deepEqual(bugOnDisk(bug.id).timeboxes, [
      { level: 1, minutes: 20 },
      { level: 2, minutes: 90 },
    ]);
  });

  it('Set Timebox from the palette asks the level first, offering the current one', async () => {
    const bug = await newTestBug('Timeboxed ahead');
    await answerDefaultsUntil(Promise.resolve(vscode.commands.executeCommand('bugLevels.setTimebox')));
    // The defaults: the current level, and its current box (the setting's 30 minutes).
    assert.deepEqual(bugOnDisk(bug.id).timeboxes, [{ level: 1, minutes: 30 }]);
  });

  it('Add Link appends the URL', async () => {
    const bug = await newTestBug('Linked');
    await vscode.commands.executeCommand('bugLevels.addLink', { bugId: bug.id, url: 'https://github.com/unbit/uwsgi/issues/670' });
    assert.deepEqual(bugOnDisk(bug.id).links, ['https://github.com/unbit/uwsgi/issues/670']);
  });

  it('Park moves the bug to Parked and Reopen brings it back', async () => {
    const bug = await newTestBug('Set aside');
    await vscode.commands.executeCommand('bugLevels.park', { bugId: bug.id, reason: 'waiting for the 502' });
    assert.equal(bugOnDisk(bug.id).status, 'parked');
    assert.ok((await bugsInGroup('Parked')).includes('Set aside'));
    await vscode.commands.executeCommand('bugLevels.reopen', { bugId: bug.id });
    assert.equal(bugOnDisk(bug.id).status, 'open');
  });

  it('Resolve records the fix layer and summary and files the bug under Resolved', async () => {
    const bug = await newTestBug('Fix me upstream');
    await vscode.commands.executeCommand('bugLevels.resolve', { bugId: bug.id, layer: 'upstream', summary: 'fixed in uwsgi 2.0.20' });
    const onDisk = bugOnDisk(bug.id);
    assert.equal(onDisk.status, 'resolved');
    assert.deepEqual(onDisk.resolution, { layer: 'upstream', summary: 'fixed in uwsgi 2.0.20' });
    assert.ok((await bugsInGroup('Resolved')).includes('Fix me upstream'));
  });

  it('Open Bug File opens the bug YAML in an editor', async () => {
    const bug = await newTestBug('Open my file');
    await vscode.commands.executeCommand('bugLevels.openBugFile', { bugId: bug.id });
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, bugFilePath(bug.id));
  });

  it('Delete Bug removes the file and Undo Last Delete restores it byte for byte', async () => {
    const bug = await newTestBug('Delete and undo');
    // Deleting the active bug first closes its session into the file; stop now so the bytes
    // read here are the bytes at the moment of the delete.
    await vscode.commands.executeCommand('bugLevels.stopWorking');
    const file = bugFilePath(bug.id);
    const bytes = fs.readFileSync(file);
    assert.equal(await vscode.commands.executeCommand('bugLevels.deleteBug', { bugId: bug.id, quiet: true }), true);
    assert.equal(fs.existsSync(file), false);
    await waitFor(async () => !(await bugsInGroup('Level 1')).includes('Delete and undo'), 'the bug to leave the tree');
    await vscode.commands.executeCommand('bugLevels.undoLastDelete');
    assert.deepEqual(fs.readFileSync(file), bytes);
    await waitFor(async () => (await bugsInGroup('Level 1')).includes('Delete and undo'), 'the bug to come back');
  });

  it('dragging a bug onto the Level 2 group promotes it (asking why)', async () => {
    const bug = await newTestBug('Dragged deeper');
    const api = await extensionApi();
    const journal = api.journals.all[0]!;
    const transfer = new vscode.DataTransfer();
    await api.tree.handleDrag([{ kind: 'bug', journal, bugId: bug.id }], transfer);
    await answerDefaultsUntil(Promise.resolve(api.tree.handleDrop({ kind: 'group', journal, group: 2 }, transfer)));
    assert.equal(bugOnDisk(bug.id).level, 2);
  });

  it('refuses to write a bug whose file was broken by hand, and leaves it untouched', async () => {
    const bug: Bug = await newTestBug('Broken later');
    const file = bugFilePath(bug.id);
    const broken = fs.readFileSync(file, 'utf8').replace('status: open', 'status: [open');
    fs.writeFileSync(file, broken);
    await vscode.commands.executeCommand('bugLevels.addLink', { bugId: bug.id, url: 'https://example.org/x' });
    assert.equal(fs.readFileSync(file, 'utf8'), broken);
    assert.ok(fs.readdirSync(journalDir()).every((name) => !name.endsWith('.tmp') && !name.endsWith('.lock')));
    fs.rmSync(file);
  });
});
