import * as vscode from 'vscode';
import { strict as assert } from 'node:assert';
import { EXTENSION_ID, waitFor } from './helpers';

interface Keybinding {
  readonly command: string;
  readonly key: string;
  readonly when?: string;
}

describe('Keyboard shortcuts', () => {
  it("do not clash with any of this VS Code's default keybindings", async () => {
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const text = await waitFor(() => {
      const document = vscode.window.activeTextEditor?.document;
      return document && document.getText().includes('"key"') ? document.getText() : undefined;
    }, 'the default keybindings file');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // The file lists every registered binding, this extension's too: leave ours out.
    const defaults = [...text.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)]
      .filter((match) => !match[2]!.startsWith('bugLevels.'))
      .map((match) => match[1]!);
    assert.ok(defaults.length > 500, `read ${defaults.length} default keybindings`);
    const ours = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { keybindings: Keybinding[] } }).contributes.keybindings;
    // Keys scoped to our own tree (Delete) only fire there, where no default binding applies.
    const global = ours.filter((binding) => !binding.when?.includes('focusedView =~ /^bugLevels'));
    assert.ok(global.length >= 4);
    for (const { key, command } of global) {
      // A chord's first key must not start or be any default binding, or the chord never fires.
      const first = key.split(' ')[0]!;
      const clash = defaults.find((other) => other === key || other === first || (other.split(' ')[0] === first && key === first));
      assert.equal(clash, undefined, `${command} (${key}) clashes with the default binding ${clash}`);
    }
  });
});
