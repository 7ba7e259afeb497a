import * as vscode from 'vscode';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { bugOnDisk, newTestBug, waitFor, workspaceRoot } from './helpers';

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
