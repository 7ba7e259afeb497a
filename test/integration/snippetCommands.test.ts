import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { bugOnDisk, extensionApi, newTestBug, waitFor, workspaceRoot } from './helpers';

interface GitApi {
  getRepository(uri: vscode.Uri): { state: { HEAD?: { commit?: string } } } | null;
}

describe('Snippets: evidence from the editor and the clipboard', () => {
  it('Attach Selection as Snippet keeps the text, the workspace-relative file, the lines and the git commit', async () => {
    const bug = await newTestBug('Worker log evidence');
    const log = vscode.Uri.file(path.join(workspaceRoot(), 'logs', 'uwsgi.log'));
    const expectedCommit = execFileSync('git', ['rev-parse', '--short=7', 'HEAD'], { cwd: workspaceRoot(), encoding: 'utf8' }).trim();
    const git = (await vscode.extensions.getExtension<{ getAPI(v: 1): GitApi }>('vscode.git')!.activate()).getAPI(1);
    await waitFor(() => git.getRepository(log)?.state.HEAD?.commit, 'the git extension to open the fixture repository', 15_000);
    const editor = await vscode.window.showTextDocument(log);
    editor.selection = new vscode.Selection(2, 0, 3, editor.document.lineAt(3).text.length);
    await vscode.commands.executeCommand('bugLevels.attachSelection', { bugId: bug.id });
    const [snippet] = bugOnDisk(bug.id).snippets;
    assert.equal(snippet?.source, 'editor');
    assert.equal(snippet?.file, 'logs/uwsgi.log');
    assert.equal(snippet?.lines, '3-4');
    assert.equal(snippet?.commit, expectedCommit);
    assert.equal(snippet?.text, 'unable to load configuration from pip\nDAMN ! worker 1 (pid: 35527) died :( trying respawn ...');
    assert.ok(snippet?.captured);
  });

  it('Attach Clipboard as Snippet stores what is on the clipboard', async () => {
    const bug = await newTestBug('Clipboard evidence');
    const text = 'Downloading word2vec model en_core_web_lg\nunable to load configuration from pip\n';
    await vscode.env.clipboard.writeText(text);
    assert.equal(await vscode.env.clipboard.readText(), text, 'the test VS Code must have a working clipboard');
    await vscode.commands.executeCommand('bugLevels.attachClipboard', { bugId: bug.id });
    const [snippet] = bugOnDisk(bug.id).snippets;
    assert.equal(snippet?.source, 'clipboard');
    assert.equal(snippet?.text, text);
  });

  it('stores a snippet over the size threshold as an attachment file beside the bug', async () => {
    const bug = await newTestBug('Huge log');
    const text = 'x'.repeat(70 * 1024);
    await vscode.commands.executeCommand('bugLevels.attachClipboard', { bugId: bug.id, text });
    const [snippet] = bugOnDisk(bug.id).snippets;
    assert.equal(snippet?.text, undefined);
    assert.equal(snippet?.path, `attachments/${bug.id}/${snippet?.id}.txt`);
    const stored = await vscode.workspace.fs.readFile(vscode.Uri.file(path.join(workspaceRoot(), '.bug-levels', snippet!.path!)));
    assert.equal(Buffer.from(stored).toString('utf8'), text);
  });
});

describe('Snippets from a file with uncommitted changes (issue 13)', () => {
  // The integration workspace is a git repository (scripts/integrationWorkspace.mjs commits the demo).
  const headCommit = (): string => execFileSync('git', ['rev-parse', '--short=7', 'HEAD'], { cwd: workspaceRoot(), encoding: 'utf8' }).trim();

  async function gitReady(uri: vscode.Uri): Promise<void> {
    const git = (await vscode.extensions.getExtension<{ getAPI(v: 1): GitApi }>('vscode.git')!.activate()).getAPI(1);
    await waitFor(() => git.getRepository(uri)?.state.HEAD?.commit, 'the git extension to open the fixture repository', 15_000);
  }

  async function attachFirstLine(uri: vscode.Uri, title: string): Promise<{ bugId: string; commit: string | undefined; tooltip: string }> {
    const bug = await newTestBug(title);
    const editor = await vscode.window.showTextDocument(uri);
    editor.selection = new vscode.Selection(0, 0, 0, editor.document.lineAt(0).text.length);
    await vscode.commands.executeCommand('bugLevels.attachSelection', { bugId: bug.id });
    const [snippet] = bugOnDisk(bug.id).snippets;
    assert.equal(snippet?.lines, '1');
    const api = await extensionApi();
    const journal = api.journals.all[0]!;
    const item = api.tree.getTreeItem({ kind: 'snippet', journal, bugId: bug.id, snippetId: snippet.id });
    // appendText escapes spaces as &nbsp; for markdown.
    const tooltip = (item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip)).replace(/&nbsp;/g, ' ');
    return { bugId: bug.id, commit: snippet.commit, tooltip };
  }

  it('a saved but uncommitted change: the commit is recorded as <commit>-dirty, and the tooltip says the lines are from the working tree', async () => {
    const file = path.join(workspaceRoot(), 'app.py');
    const original = fs.readFileSync(file, 'utf8');
    try {
      fs.writeFileSync(file, `${original}# a local experiment\n`);
      const uri = vscode.Uri.file(file);
      await gitReady(uri);
      const { commit, tooltip } = await attachFirstLine(uri, 'Evidence from an edited file');
      assert.equal(commit, `${headCommit()}-dirty`);
      assert.match(tooltip, new RegExp(`working tree.*${headCommit()}`));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.writeFileSync(file, original);
    }
    // Clean again: the plain commit, and the tooltip names it.
    const { commit, tooltip } = await attachFirstLine(vscode.Uri.file(file), 'Evidence from a committed file');
    assert.equal(commit, headCommit());
    assert.match(tooltip, new RegExp(`commit ${headCommit()}`));
    assert.doesNotMatch(tooltip, /working tree/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('an unsaved change in the editor counts as uncommitted too', async () => {
    const uri = vscode.Uri.file(path.join(workspaceRoot(), 'repro', 'worker.js'));
    await gitReady(uri);
    const editor = await vscode.window.showTextDocument(uri);
    try {
      await editor.edit((edit) => edit.insert(new vscode.Position(editor.document.lineCount, 0), '# not saved\n'));
      assert.ok(editor.document.isDirty);
      const { commit } = await attachFirstLine(uri, 'Evidence from an unsaved editor');
      assert.equal(commit, `${headCommit()}-dirty`);
    } finally {
      await vscode.window.showTextDocument(uri);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    assert.equal(editor.document.isDirty, false);
  });

  it('a file the commit does not have (untracked) is from the working tree', async () => {
    const file = path.join(workspaceRoot(), 'scratch-notes.txt');
    fs.writeFileSync(file, 'a note that was never committed\n');
    try {
      const uri = vscode.Uri.file(file);
      await gitReady(uri);
      const { commit } = await attachFirstLine(uri, 'Evidence from an untracked file');
      assert.equal(commit, `${headCommit()}-dirty`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(file, { force: true });
    }
  });
});
