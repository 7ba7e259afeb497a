import * as vscode from 'vscode';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { bugOnDisk, extensionApi, newTestBug, waitFor, workspaceRoot } from './helpers';

/**
 * Issue 19 in a real extension host: a snippet of app.py follows edits made above it in an open
 * editor (the tree shows it moved, and clicking it opens the new place), and Re-anchor Snippet
 * Here pins it to a new selection as a new snippet, leaving the old one as it was.
 */
describe('Snippet anchors follow the code (issue 19)', () => {
  const appPy = (): vscode.Uri => vscode.Uri.file(path.join(workspaceRoot(), 'app.py'));

  /** The snippet row's description, icon and tooltip as the tree draws them. */
  async function row(bugId: string, snippetId: string): Promise<{ description: string; icon: string; tooltip: string }> {
    const api = await extensionApi();
    const item = api.tree.getTreeItem({ kind: 'snippet', journal: api.journals.all[0]!, bugId: bugId as never, snippetId });
    // appendText escapes spaces as &nbsp; and parentheses with a backslash, for markdown.
    const tooltip = (item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip))
      .replace(/&nbsp;/g, ' ')
      .replace(/\\([()])/g, '$1');
    return { description: String(item.description), icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '', tooltip };
  }

  /**
   * Puts app.py back as committed: its text replaced by the file's and saved (the bytes on disk do
   * not change), so that no close asks whether to save an edited editor.
   */
  async function restore(editor: vscode.TextEditor): Promise<void> {
    const document = editor.document;
    const original = execFileSync('git', ['show', 'HEAD:app.py'], { cwd: workspaceRoot(), encoding: 'utf8' });
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), original);
    await vscode.workspace.applyEdit(edit);
    await document.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(
      execFileSync('git', ['status', '--porcelain', '--', 'app.py'], { cwd: workspaceRoot(), encoding: 'utf8' }),
      '',
      'app.py on disk is as committed',
    );
  }

  it('an edit above the lines in an open editor: the tree shows the snippet moved, and clicking it opens the new place', async () => {
    const bug = await newTestBug('Anchor follows an edit above');
    const editor = await vscode.window.showTextDocument(appPy());
    // Lines 5-7: the def line, its docstring and start_response.
    editor.selection = new vscode.Selection(4, 0, 6, editor.document.lineAt(6).text.length);
    await vscode.commands.executeCommand('bugLevels.attachSelection', { bugId: bug.id });
    const [snippet] = bugOnDisk(bug.id).snippets;
    assert.equal(snippet?.lines, '5-7');
    assert.deepEqual(snippet?.context?.before, ['import sys', '', '']);
    try {
      await waitFor(async () => (await row(bug.id, snippet.id)).description.endsWith('app.py:5-7'), 'the tree to show the snippet at its lines');
      assert.equal((await row(bug.id, snippet.id)).icon, 'code', 'an exact anchor keeps the source icon');

      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'import os\nimport json\nimport logging\n'));
      const moved = await waitFor(async () => {
        const shown = await row(bug.id, snippet.id);
        return shown.description.includes('app.py:8-10') && shown;
      }, 'the tree to show the snippet at its new lines');
      assert.match(moved.description, /moved/);
      assert.equal(moved.icon, 'arrow-swap');
      assert.match(moved.tooltip, /Moved: the code is now at app\.py:8-10 \(captured at app\.py:5-7\)/);

      const api = await extensionApi();
      await vscode.commands.executeCommand('bugLevels.openSnippet', { kind: 'snippet', journal: api.journals.all[0]!, bugId: bug.id, snippetId: snippet.id });
      const opened = vscode.window.activeTextEditor;
      assert.equal(opened?.document.uri.fsPath, appPy().fsPath);
      assert.equal(opened?.selection.start.line, 7);
      assert.equal(opened?.selection.end.line, 9);
      assert.equal(bugOnDisk(bug.id).snippets[0]?.lines, '5-7', 'resolution never rewrites the stored snippet');
    } finally {
      await restore(editor);
    }
  });

  it('an edit inside the lines: the tree shows the snippet changed', async () => {
    const bug = await newTestBug('Anchor sees an edit inside');
    const editor = await vscode.window.showTextDocument(appPy());
    editor.selection = new vscode.Selection(4, 0, 6, editor.document.lineAt(6).text.length);
    await vscode.commands.executeCommand('bugLevels.attachSelection', { bugId: bug.id });
    const [snippet] = bugOnDisk(bug.id).snippets;
    try {
      await waitFor(async () => (await row(bug.id, snippet!.id)).description.endsWith('app.py:5-7'), 'the tree to show the snippet at its lines');
      await editor.edit((edit) => edit.replace(editor.document.lineAt(6).range, "    start_response('404 Not Found', [('Content-Type', 'text/plain')])"));
      const changed = await waitFor(async () => {
        const shown = await row(bug.id, snippet!.id);
        return /changed/.test(shown.description) && shown;
      }, 'the tree to show the snippet changed');
      assert.equal(changed.icon, 'diff-modified');
      assert.match(changed.tooltip, /Changed: similar code \(score 0\.\d+\) is at app\.py:5-7/);
    } finally {
      await restore(editor);
    }
  });

  it('Re-anchor Snippet Here records a new snippet naming the old one, which stays as it was', async () => {
    const bug = await newTestBug('Re-anchored evidence');
    const editor = await vscode.window.showTextDocument(appPy());
    editor.selection = new vscode.Selection(7, 0, 7, editor.document.lineAt(7).text.length);
    await vscode.commands.executeCommand('bugLevels.attachSelection', { bugId: bug.id });
    const [old] = bugOnDisk(bug.id).snippets;
    editor.selection = new vscode.Selection(8, 0, 9, editor.document.lineAt(9).text.length);
    await vscode.commands.executeCommand('bugLevels.reanchorSnippet', { bugId: bug.id, snippetId: old!.id });
    const [kept, added] = bugOnDisk(bug.id).snippets;
    assert.deepEqual(kept, old);
    assert.equal(added?.reanchors, old!.id);
    assert.equal(added?.file, 'app.py');
    assert.equal(added?.lines, '9-10');
    assert.match(added?.text ?? '', /^ {4}subprocess\.run/);
    // The old snippet is found at the new one's place.
    await waitFor(async () => (await row(bug.id, old!.id)).description.includes('app.py:9-10'), 'the old snippet to show the new place');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the code deleted from the file: the tree shows the snippet outdated, and clicking it opens the file at its commit, read-only', async () => {
    const bug = await newTestBug('Anchor outdated after a deletion');
    const file = path.join(workspaceRoot(), 'app.py');
    const original = fs.readFileSync(file, 'utf8');
    const commit = execFileSync('git', ['rev-parse', '--short=7', 'HEAD'], { cwd: workspaceRoot(), encoding: 'utf8' }).trim();
    assert.equal(execFileSync('git', ['status', '--porcelain', '--', 'app.py'], { cwd: workspaceRoot(), encoding: 'utf8' }), '', 'app.py is as committed');
    const editor = await vscode.window.showTextDocument(appPy());
    editor.selection = new vscode.Selection(4, 0, 9, editor.document.lineAt(9).text.length);
    await vscode.commands.executeCommand('bugLevels.attachSelection', { bugId: bug.id });
    const [snippet] = bugOnDisk(bug.id).snippets;
    assert.equal(snippet?.commit, commit);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    try {
      // The whole function goes, on disk (as a pull or a checkout would do it).
      fs.writeFileSync(file, original.split('\n').slice(0, 4).join('\n'));
      const api = await extensionApi();
      await vscode.commands.executeCommand('bugLevels.openSnippet', { kind: 'snippet', journal: api.journals.all[0]!, bugId: bug.id, snippetId: snippet!.id });
      const opened = vscode.window.activeTextEditor;
      assert.equal(opened?.document.uri.scheme, 'bug-levels-commit');
      assert.equal(opened?.document.getText(), original);
      assert.equal(opened?.selection.start.line, 4);
      assert.equal(opened?.selection.end.line, 9);
      const outdated = await waitFor(async () => {
        const shown = await row(bug.id, snippet!.id);
        return /outdated/.test(shown.description) && shown;
      }, 'the tree to show the snippet outdated');
      assert.equal(outdated.icon, 'warning');
      assert.match(outdated.tooltip, new RegExp(`Outdated: the code is no longer in the file; it opens at its commit ${commit}\\.`));
    } finally {
      fs.writeFileSync(file, original);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
