import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { strict as assert } from 'node:assert';
import type { Bug } from '../../src/core/model/types';
import type { OverviewPanelHandle } from '../../src/host/overviewPanel';
import { extensionApi, treeChildren, waitFor } from './helpers';

/** The workspace is two folders: formfyxer (the demo journal) and uwsgi-image (one bug). */
describe('A multi-root workspace: one journal per folder', () => {
  it('shows each folder by name with its own level groups and bugs', async () => {
    const api = await extensionApi();
    assert.deepEqual(
      api.journals.all.map((journal) => journal.folder.name),
      ['formfyxer', 'uwsgi-image'],
    );
    const folders = await treeChildren();
    assert.deepEqual(
      folders.map((shown) => shown.label),
      ['formfyxer', 'uwsgi-image'],
    );
    const second = await treeChildren(folders[1]!.node);
    assert.deepEqual(
      second.slice(0, 3).map((shown) => shown.label),
      ['Level 1 · Random walk', 'Level 2 · Understanding', 'Level 3 · Root fix'],
    );
    const level3 = await treeChildren(second[2]!.node);
    assert.deepEqual(
      level3.map((shown) => shown.title),
      ['Server image pins uwsgi below 2.0.20 (sys.executable fix)'],
    );
    const firstLevel3 = await treeChildren((await treeChildren(folders[0]!.node))[2]!.node);
    assert.deepEqual(firstLevel3, []);
  });

  it("New Bug writes into the chosen folder's journal only", async () => {
    const bug = await vscode.commands.executeCommand<Bug>('bugLevels.newBug', { title: 'Image build is slow', folder: 'uwsgi-image' });
    const second = vscode.workspace.workspaceFolders![1]!.uri.fsPath;
    const first = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    assert.ok(fs.readdirSync(path.join(second, '.bug-levels')).some((name) => name.endsWith(`-${bug.id}.yaml`)));
    assert.ok(!fs.readdirSync(path.join(first, '.bug-levels')).some((name) => name.endsWith(`-${bug.id}.yaml`)));
    const api = await extensionApi();
    assert.equal(api.journals.find(bug.id)?.journal.folder.name, 'uwsgi-image');
  });

  it('the scheduler picks across both journals', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('bugLevels.stopWorking');
    const picked = await vscode.commands.executeCommand<Bug>('bugLevels.nextBug');
    // The new bug in uwsgi-image has 0 min at level 1, less than the demo's level-1 bug.
    assert.equal(api.journals.find(picked.id)?.journal.folder.name, 'uwsgi-image');
  });

  it('reports a broken file under its own folder', async () => {
    const second = vscode.workspace.workspaceFolders![1]!.uri.fsPath;
    const broken = path.join(second, '.bug-levels', 'broken.yaml');
    fs.writeFileSync(broken, 'schema: bug-levels/v1\nid: [\n');
    try {
      const api = await extensionApi();
      await waitFor(() => api.journals.all[1]!.problems.length > 0, 'the problem in uwsgi-image');
      assert.equal(api.journals.all[0]!.problems.length, 0);
      const folders = await treeChildren();
      await waitFor(async () => (await treeChildren(folders[1]!.node)).some((shown) => shown.contextValue === 'problem'), 'a problem row under uwsgi-image');
    } finally {
      fs.rmSync(broken);
    }
  });

  it("Show Overview lays out the open bugs of both folders' journals, by level", async () => {
    const api = await extensionApi();
    const { panel, overview } = await vscode.commands.executeCommand<OverviewPanelHandle>('bugLevels.showOverview');
    try {
      const open = api.journals.allBugs().filter((ref) => ref.loaded.bug.status === 'open');
      assert.deepEqual(new Set(open.map((ref) => ref.journal.folder.name)), new Set(['formfyxer', 'uwsgi-image']));
      assert.deepEqual(
        overview.lanes.map((lane) => lane.cards.map((card) => card.id).sort()),
        [1, 2, 3].map((level) =>
          open
            .filter((ref) => ref.loaded.bug.level === level)
            .map((ref) => ref.loaded.bug.id)
            .sort(),
        ),
      );
      assert.ok(panel.webview.html.includes('Server image pins uwsgi below 2.0.20 (sys.executable fix)'));
      assert.ok(panel.webview.html.includes('Image build is slow'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
