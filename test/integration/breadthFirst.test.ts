import * as vscode from 'vscode';
import * as path from 'node:path';
import { strict as assert } from 'node:assert';
import type { Bug } from '../../src/core/model/types';
import type { Nudge } from '../../src/host/nudges';
import { next } from '../../src/core/model/scheduler';
import { toTimestamp } from '../../src/core/model/time';
import { operationContext } from '../../src/host/journalEditor';
import { bugOnDisk, extensionApi, newTestBug, runAnsweringDefaults, sleep, waitFor, workspaceRoot } from './helpers';

/** A bash terminal with VS Code's shell integration that has run `commandLine` to its end. */
async function runInShellTerminal(commandLine: string): Promise<vscode.Terminal> {
  const terminal = vscode.window.createTerminal({ name: 'bug-levels-test', shellPath: '/bin/bash' });
  terminal.show();
  const integration = await waitFor(() => terminal.shellIntegration, 'shell integration in the test terminal', 15_000);
  const ended = new Promise<void>((resolve) => {
    const listener = vscode.window.onDidEndTerminalShellExecution((event) => {
      if (event.terminal === terminal) {
        listener.dispose();
        resolve();
      }
    });
  });
  integration.executeCommand(commandLine);
  await ended;
  return terminal;
}

/**
 * A new active bug with two minutes already worked at level 1 (a session recorded as Stop
 * Working would), given a 1-minute timebox: over at once, and the nudge that follows.
 */
async function workPastTimebox(title: string): Promise<{ bug: Bug; nudge: Nudge }> {
  const api = await extensionApi();
  const bug = await newTestBug(title);
  const { journal } = api.journals.require(bug.id);
  const end = Date.now() - 60_000;
  const session = { level: 1, start: toTimestamp(end - 120_000), end: toTimestamp(end) };
  await journal.apply('recordSession', bug.id, { session }, operationContext(journal, toTimestamp(Date.now())));
  await vscode.commands.executeCommand('bugLevels.setTimebox', { bugId: bug.id, minutes: 1 });
  const nudge = await waitFor(
    () => (api.nudges.last?.kind === 'timebox-over' && api.nudges.last.message.includes(`'${title}'`) ? api.nudges.last : undefined),
    'the timebox nudge',
    15_000,
  );
  return { bug, nudge };
}

describe('Working breadth-first: nudges, and evidence from the terminal, the debugger and log files', () => {
  it("raises the timebox nudge with Switch / +15 min / Keep drilling, and Switch activates the scheduler's pick", async () => {
    const api = await extensionApi();
    const { bug, nudge } = await workPastTimebox('Drilling too long');
    assert.deepEqual(nudge.actions, ['Switch', '+15 min', 'Keep drilling']);
    assert.match(nudge.message, /^Timebox over: 'Drilling too long' has had \d+ min at level 1\. Next: '.+' \(at level 1\)\.$/);
    assert.match(api.statusBar.shown.text, /over$/);
    const bugs = api.journals.allBugs().map((ref) => ref.loaded.bug);
    const expected = next({ bugs }, new Date().toISOString().replace(/\.\d+Z$/, 'Z') as Bug['created'], { exclude: [bug.id] });
    assert.equal(api.nudges.unanswered, nudge, 'the nudge waits in the status bar until answered');
    await nudge.choose('Switch');
    assert.equal(api.nudges.unanswered, undefined, 'answered: it leaves the status bar');
    assert.equal(api.active.bugId, expected?.bug.id);
    // Leaving the bug closed its session into the file.
    assert.ok(bugOnDisk(bug.id).sessions.length >= 1);
  });

  it('+15 min from the timebox nudge extends the timebox and notes it in the timeline', async () => {
    const { bug, nudge } = await workPastTimebox('Needs a bit more');
    await nudge.choose('+15 min');
    const onDisk = bugOnDisk(bug.id);
    assert.deepEqual(onDisk.timebox, { level: 1, minutes: 16 });
    assert.equal(onDisk.timeline.at(-1)?.kind, 'timebox-extended');
  });

  it('Keep drilling records the one-line reason in the bug', async () => {
    const { bug, nudge } = await workPastTimebox('Worth drilling');
    await nudge.choose('Keep drilling', 'the repro is one step away');
    const last = bugOnDisk(bug.id).timeline.at(-1);
    assert.deepEqual([last?.kind, last?.text], ['keep-drilling', 'the repro is one step away']);
  });

  it('nudges when a bug is promoted deeper while another open bug is still at a lower level', async () => {
    const api = await extensionApi();
    const bug = await newTestBug('Racing ahead');
    await vscode.commands.executeCommand('bugLevels.promoteToLevel2', { bugId: bug.id, reason: 'understood' });
    await vscode.commands.executeCommand('bugLevels.promoteToLevel3', { bugId: bug.id, reason: 'fixing upstream' });
    assert.equal(api.nudges.last?.kind, 'promote-deeper');
    assert.match(api.nudges.last.message, /still at level 1 while 'Racing ahead' goes to level 3/);
    assert.equal(api.nudges.last.actions.length, 2);
  });

  it('after three level-1 attempts without a hypothesis, nudges to write one', async () => {
    const api = await extensionApi();
    const bug = await newTestBug('Guessing');
    for (const text of ['revert the pip call', 'restart the server', 'pin spacy']) {
      await vscode.commands.executeCommand('bugLevels.logAttempt', { bugId: bug.id, text });
    }
    assert.deepEqual(
      bugOnDisk(bug.id)
        .timeline.filter((e) => e.kind === 'attempt')
        .map((e) => e.text),
      ['revert the pip call', 'restart the server', 'pin spacy'],
    );
    assert.equal(api.nudges.last?.kind, 'random-walk');
    assert.match(api.nudges.last.message, /^3 attempts on 'Guessing' without a written hypothesis/);
  });

  it('Attach Debug Console Output captures a real debug session of a Node program, and the timeline logs it', async () => {
    const bug = await newTestBug('Worker dies under the debugger');
    const ended = new Promise<void>((resolve) => {
      const listener = vscode.debug.onDidTerminateDebugSession((session) => {
        if (session.parentSession) return;
        listener.dispose();
        resolve();
      });
    });
    const folder = vscode.workspace.workspaceFolders![0]!;
    assert.ok(await vscode.debug.startDebugging(folder, 'Run the worker repro'));
    await ended;
    await sleep(300);
    await vscode.commands.executeCommand('bugLevels.attachDebugOutput', { bugId: bug.id, quiet: true });
    const onDisk = await waitFor(() => {
      const b = bugOnDisk(bug.id);
      return b.snippets.length && b.timeline.some((e) => e.kind === 'debug-end') ? b : undefined;
    }, 'the snippet and the debug-end event');
    const snippet = onDisk.snippets[0]!;
    assert.equal(snippet.source, 'debug');
    assert.match(snippet.text ?? '', /unable to load configuration from pip/);
    assert.match(snippet.text ?? '', /DAMN ! worker 1 \(pid: 35527\) died/);
    assert.deepEqual(
      onDisk.timeline.filter((e) => e.kind.startsWith('debug-')).map((e) => e.kind),
      ['debug-start', 'debug-end'],
    );
  });

  it('Attach Last Terminal Command Output keeps the command line, exit code and output (shell integration)', async () => {
    const bug = await newTestBug('What did the shell say?');
    // Shell integration streams output only from the moment VS Code reports the command's start;
    // the pause keeps this test's output after that moment.
    const terminal = await runInShellTerminal('sleep 1; echo "worker says $((6 * 7))"; false');
    await vscode.commands.executeCommand('bugLevels.attachLastTerminalOutput', { bugId: bug.id });
    terminal.dispose();
    const snippet = bugOnDisk(bug.id).snippets[0]!;
    assert.equal(snippet.source, 'terminal');
    assert.equal(snippet.command, 'sleep 1; echo "worker says $((6 * 7))"; false');
    assert.equal(snippet.exitCode, 1);
    assert.match(snippet.text ?? '', /worker says 42/);
  });

  it('Attach Terminal Selection takes what is selected in the terminal and leaves the clipboard as it was', async () => {
    const bug = await newTestBug('Selected in the terminal');
    const terminal = await runInShellTerminal('echo "uwsgi: sys.executable=/usr/bin/uwsgi"');
    await vscode.env.clipboard.writeText('what the user had copied');
    await vscode.commands.executeCommand('workbench.action.terminal.selectAll');
    await vscode.commands.executeCommand('bugLevels.attachTerminalSelection', { bugId: bug.id });
    terminal.dispose();
    const snippet = bugOnDisk(bug.id).snippets[0]!;
    assert.equal(snippet.source, 'terminal');
    assert.match(snippet.text ?? '', /uwsgi: sys\.executable=\/usr\/bin\/uwsgi/);
    assert.equal(await vscode.env.clipboard.readText(), 'what the user had copied');
  });

  it('Attach Log File Tail (Explorer context menu) takes the last lines of the file with their numbers', async () => {
    const bug = await newTestBug('Tail the log');
    await vscode.commands.executeCommand('bugLevels.startWorking', { bugId: bug.id });
    const log = vscode.Uri.file(path.join(workspaceRoot(), 'logs', 'uwsgi.log'));
    await runAnsweringDefaults('bugLevels.attachLogTail', log);
    const snippet = bugOnDisk(bug.id).snippets[0]!;
    assert.equal(snippet.source, 'file');
    assert.equal(snippet.file, 'logs/uwsgi.log');
    assert.equal(snippet.lines, '1-4');
    assert.match(snippet.text ?? '', /^localhost \[pid: 35527/);
  });
});
