/**
 * Issue 17 in the real extension host: a write made elsewhere (another window, a `git pull`) is a
 * new addition file beside the bug file, and the watcher sees it; a bug file git left with
 * conflict markers stays in the tree marked "merge conflict", the Problems panel says so at the
 * marker's line, and Resolve Merge Conflict keeps both sides' entries.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { JournalStore } from '../../src/core/store/journalStore';
import { performEdit } from '../../src/core/store/performOperation';
import { randomIds } from '../../src/core/store/randomIds';
import { DEFAULT_TIMEBOX_MINUTES } from '../../src/core/model/timebox';
import type { BugId, Timestamp } from '../../src/core/model/types';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';
import { bugFilePath, bugOnDisk, extensionApi, journalDir, newTestBug, treeChildren, waitFor } from './helpers';

describe('Shared journals (issue 17)', () => {
  it('an addition written outside VS Code (another window, a git pull) is seen by the watcher', async () => {
    const bug = await newTestBug('Changed in another clone');
    await vscode.commands.executeCommand('bugLevels.stopWorking');
    const store = new JournalStore(new NodeJournalFileSystem(journalDir()));
    await store.load();
    await performEdit(
      store,
      'logAttempt',
      bug.id as BugId,
      { text: 'pulled from a teammate' },
      { now: '2026-03-02T10:00:00Z' as Timestamp, ids: randomIds, timeboxDefaults: DEFAULT_TIMEBOX_MINUTES },
    );
    const api = await extensionApi();
    await waitFor(
      () => api.journals.find(bug.id)?.loaded.bug.timeline.some((event) => event.text === 'pulled from a teammate'),
      'the extension to show the addition',
    );
    // Its own writes are additions too, and the bug file keeps its bytes.
    const header = fs.readFileSync(bugFilePath(bug.id));
    await vscode.commands.executeCommand('bugLevels.addLink', { bugId: bug.id, url: 'https://example.com/shared' });
    assert.deepEqual(fs.readFileSync(bugFilePath(bug.id)), header);
    assert.deepEqual(bugOnDisk(bug.id).links, ['https://example.com/shared']);
  });

  describe('a bug file with conflict markers', () => {
    async function conflictedBug(title: string, theirsTitle?: string): Promise<{ id: string; file: string; markerLine: number }> {
      const bug = await newTestBug(title);
      await vscode.commands.executeCommand('bugLevels.stopWorking');
      const file = bugFilePath(bug.id);
      const text = fs.readFileSync(file, 'utf8');
      // As git leaves a v1 file both sides appended to (and, with theirsTitle, both retitled).
      const lines = text.replace(/^timeline: \[\]\n/m, '').split('\n');
      const body = lines.filter((line) => line !== '' && !line.startsWith('title:'));
      const conflicted = [
        ...(theirsTitle ? ['<<<<<<< HEAD', `title: ${title}`, '=======', `title: ${theirsTitle}`, '>>>>>>> theirs'] : [`title: ${title}`]),
        ...body,
        'timeline:',
        '<<<<<<< HEAD',
        '  - { at: 2026-03-02T10:01:00Z, kind: attempt, text: mine }',
        '=======',
        '  - { at: 2026-03-02T10:02:00Z, kind: attempt, text: theirs }',
        '>>>>>>> theirs',
        '',
      ];
      fs.writeFileSync(file, conflicted.join('\n'));
      return { id: bug.id, file, markerLine: conflicted.indexOf('<<<<<<< HEAD') + 1 };
    }

    it('stays in the tree marked merge conflict; Problems says merge conflict at the line; Resolve Merge Conflict keeps both sides', async () => {
      const { id, file, markerLine } = await conflictedBug('Edited on two branches');
      const api = await extensionApi();
      await waitFor(() => api.journals.find(id)?.loaded.conflicted, 'the bug to be shown as conflicted');
      const row = await waitFor(async () => {
        for (const group of await treeChildren())
          for (const shown of await treeChildren(group.node)) if (shown.title === 'Edited on two branches') return shown;
        return undefined;
      }, 'the conflicted bug in the tree');
      assert.match(row.label, /merge conflict/);
      assert.match(row.contextValue, /\.conflicted$/);
      const diagnostics = await waitFor(() => {
        const found = vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.message.includes('merge conflict'));
        return found.length ? found : undefined;
      }, 'a merge-conflict diagnostic');
      assert.equal(diagnostics[0]?.range.start.line, markerLine - 1);
      assert.match(diagnostics[0]?.message ?? '', /Resolve Merge Conflict/);
      assert.equal(await vscode.commands.executeCommand('bugLevels.resolveConflict', { bugId: id, quiet: true }), true);
      assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /^(<{7}|={7}|>{7})/m);
      assert.deepEqual(
        bugOnDisk(id).timeline.map((event) => event.text),
        ['mine', 'theirs'],
      );
      await waitFor(() => api.journals.find(id) && !api.journals.find(id)?.loaded.conflicted, 'the bug to be writable again');
      await waitFor(() => !vscode.languages.getDiagnostics(vscode.Uri.file(file)).some((d) => d.message.includes('merge conflict')), 'the diagnostic to go');
    });

    it("a value both sides set differently: the side given is taken for it, both sides' entries are kept", async () => {
      const { id, file } = await conflictedBug('Retitled on one branch', 'Retitled on the other branch');
      const api = await extensionApi();
      await waitFor(() => api.journals.find(id)?.loaded.conflicted, 'the bug to be shown as conflicted');
      assert.equal(await vscode.commands.executeCommand('bugLevels.resolveConflict', { bugId: id, take: 'theirs', quiet: true }), true);
      const bug = bugOnDisk(id);
      assert.equal(bug.title, 'Retitled on the other branch');
      assert.deepEqual(
        bug.timeline.map((event) => event.text),
        ['mine', 'theirs'],
      );
      assert.ok(!path.basename(file).includes('<'));
    });
  });
});
