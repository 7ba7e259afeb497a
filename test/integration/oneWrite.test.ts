import * as vscode from 'vscode';
import * as path from 'node:path';
import { strict as assert } from 'node:assert';
import { parseAdditionBytes } from '../../src/core/format/additionFormat';
import { bugFilePath, bugOnDisk, extensionApi, newTestBug, sleep, waitFor } from './helpers';

describe('One edit, one write, one event', () => {
  it('Promote to Level 2 on the active bug writes once (one addition beside its file), with the session closed at level 1, and redraws the tree at most once', async () => {
    const api = await extensionApi();
    const bug = await newTestBug('One write per promote');
    assert.equal(api.active.bugId, bug.id);
    assert.equal(api.active.running?.level, 1);
    // Timestamps have whole seconds: let the running session last at least one.
    await sleep(1100);

    const { journal } = api.journals.require(bug.id);
    const file = path.basename(bugFilePath(bug.id));
    const folder = file.replace(/\.yaml$/, '');
    const writes: { path: string; text: string }[] = [];
    const fileSystem = journal.fileSystem;
    const writeAtomic = fileSystem.writeAtomic;
    const createExclusive = fileSystem.createExclusive;
    // A spy on the journal's real file system: every write of this bug's file (atomic rewrite)
    // and every file created in its additions folder (issue 17) is counted, and its bytes kept.
    fileSystem.writeAtomic = async (target, bytes) => {
      if (target === file) writes.push({ path: target, text: new TextDecoder().decode(bytes) });
      return writeAtomic.call(fileSystem, target, bytes);
    };
    fileSystem.createExclusive = async (target, bytes, options) => {
      if (target.startsWith(`${folder}/`)) writes.push({ path: target, text: new TextDecoder().decode(bytes) });
      return createExclusive.call(fileSystem, target, bytes, options);
    };
    let redraws = 0;
    const listening = api.tree.onDidChangeTreeData(() => redraws++);
    try {
      await vscode.commands.executeCommand('bugLevels.promoteToLevel2', { bugId: bug.id, reason: 'the uwsgi log line' });
      // Time for anything late: the watcher's echo of the write, a status bar tick.
      await sleep(1500);
    } finally {
      fileSystem.writeAtomic = writeAtomic;
      fileSystem.createExclusive = createExclusive;
      listening.dispose();
    }

    assert.equal(writes.length, 1, `written ${writes.length} times: ${writes.map((write) => write.path).join(', ')}`);
    assert.ok(writes[0]?.path.startsWith(`${folder}/`), 'one new addition; the bug file keeps its bytes');
    const written = parseAdditionBytes(new TextEncoder().encode(writes[0]?.text ?? ''), writes[0]?.path ?? '');
    assert.ok(written.ok);
    assert.equal(written.addition.op, 'promote');
    assert.equal(written.addition.input.to, 2);
    const session = written.addition.closedSession;
    assert.equal(session?.level, 1, 'the running session is closed at the old level in the same write');
    assert.ok(session?.end && session.end > session.start);
    const onDisk = bugOnDisk(bug.id);
    assert.equal(onDisk.level, 2);
    assert.deepEqual(onDisk.sessions.at(-1), session);
    assert.ok(redraws <= 1, `the tree redrew ${redraws} times`);
    assert.equal(api.active.running?.level, 2, 'work goes on at the new level');
  });

  it('A promote the journal refuses (the file no longer parses) writes nothing and keeps the session running at its level', async () => {
    const api = await extensionApi();
    const bug = await newTestBug('Refused promote keeps the session');
    await sleep(1100);
    const running = api.active.running;
    const { journal } = api.journals.require(bug.id);
    const fs = await import('node:fs');
    const file = bugFilePath(bug.id);
    const broken = `${fs.readFileSync(file, 'utf8')}\nlevel: [unclosed\n`;
    fs.writeFileSync(file, broken);
    await vscode.commands.executeCommand('bugLevels.promoteToLevel2', { bugId: bug.id, reason: 'will not land' });
    assert.equal(fs.readFileSync(file, 'utf8'), broken, 'the broken file is left byte for byte');
    assert.deepEqual(api.active.running, running, 'the session was not closed: no time is lost');
    // Other tests count the journal's broken files: this one goes.
    fs.rmSync(file);
    await waitFor(() => !journal.problems.some((problem) => problem.file.endsWith(path.basename(file))), 'the broken file to leave the Problems');
  });
});
