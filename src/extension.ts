import * as vscode from 'vscode';
import { randomIds } from './core/ids';
import { toTimestamp } from './core/time';
import { Journals } from './host/journals';
import { ActiveBug } from './host/activeBug';
import { JournalTree, VIEW_IDS } from './host/tree';
import { registerCommands } from './host/commands';
import { moveBugsToGroup } from './host/bugCommands';
import { StatusBar } from './host/statusBar';
import { showProblemsAsDiagnostics } from './host/diagnostics';
import type { CommandContext } from './host/commandContext';
import type { TreeNode } from './host/treeNodes';

/** What the extension exports: read-only views for tests and other extensions. */
export interface BugLevelsApi {
  readonly journals: Journals;
  readonly active: ActiveBug;
  readonly tree: JournalTree;
  readonly statusBar: StatusBar;
}

let activeBug: ActiveBug | undefined;

export function activate(context: vscode.ExtensionContext): BugLevelsApi {
  const journals = new Journals();
  const active = new ActiveBug(context.workspaceState, journals);
  activeBug = active;
  const views: vscode.TreeView<TreeNode>[] = [];
  const ctx: CommandContext = {
    journals,
    active,
    ids: randomIds,
    now: () => toTimestamp(new Date()),
    reveal: async (node) => {
      const visible = views.find((view) => view.visible) ?? views[0];
      await visible?.reveal(node, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
    },
    extensionContext: context,
  };
  const tree = new JournalTree(journals, active, (nodes, group) => moveBugsToGroup(ctx, nodes, group));
  for (const id of VIEW_IDS) {
    views.push(vscode.window.createTreeView(id, { treeDataProvider: tree, dragAndDropController: tree, showCollapseAll: true, canSelectMany: true }));
  }
  const statusBar = new StatusBar(journals, active);
  const onChange = (): void => {
    tree.refresh();
    statusBar.update();
    void vscode.commands.executeCommand('setContext', 'bugLevels.journalEmpty', journals.allBugs().length === 0 && journals.all.every((j) => j.problems.length === 0));
    void vscode.commands.executeCommand('setContext', 'bugLevels.hasActiveBug', active.bugId !== undefined);
  };
  context.subscriptions.push(
    journals,
    active,
    statusBar,
    ...views,
    journals.onDidChange(onChange),
    active.onDidChange(onChange),
    showProblemsAsDiagnostics(journals),
    ...registerCommands(ctx),
  );
  onChange();
  return { journals, active, tree, statusBar };
}

/** Closes the running session into its bug file, so no worked time is lost on window close. */
export async function deactivate(): Promise<void> {
  await activeBug?.stop().catch(() => undefined);
}
