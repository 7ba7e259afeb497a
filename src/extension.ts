import * as vscode from 'vscode';
import { formatDuration, toTimestamp } from './core/model/time';
import { Journals } from './host/journals';
import { indexLocation } from './host/workspaceIndexStorage';
import { ActiveBug, type LeftOut } from './host/activeBug';
import { JournalTree, SHOW_MORE_COMMAND, VIEW_IDS } from './host/tree';
import type { JournalChange } from './host/journalService';
import { registerCommands } from './host/commands';
import { moveBugsToGroup } from './host/bugCommands';
import { StatusBar } from './host/statusBar';
import { showProblemsAsDiagnostics } from './host/diagnostics';
import { Nudges } from './host/nudges';
import { TerminalCapture } from './host/terminalCapture';
import { DebugCapture } from './host/debugCapture';
import { logDebugEventsToActiveBug } from './host/debugTimeline';
import { watchActivity } from './host/activityWatcher';
import { readConfig } from './host/config';
import type { CommandContext } from './host/commandContext';
import { JournalEditor } from './host/journalEditor';
import { UndoService } from './host/undo';
import { showEditsInTree } from './host/editFeedback';
import type { TreeNode } from './host/treeNodes';
import { extensionHostKind, output } from './host/log';
import { registerMcpServerProvider, type McpRegistration } from './host/mcpServerProvider';
import { registerLanguageModelTools } from './host/languageModelTools';
import { SnippetAnchors } from './host/snippetAnchors';
import { registerCommitDocuments } from './host/commitDocuments';

/** What the extension exports: its live parts, for tests and other extensions. */
export interface BugLevelsApi {
  readonly journals: Journals;
  readonly active: ActiveBug;
  readonly tree: JournalTree;
  readonly statusBar: StatusBar;
  readonly nudges: Nudges;
  /** What VS Code's agents were offered (issue 18): the MCP server definitions and the language-model tools registered. */
  readonly agents: AgentSurfaces;
  /** Where snippets' code is now (issue 19). */
  readonly anchors: SnippetAnchors;
}

export interface AgentSurfaces {
  /** The MCP provider registration: the servers it offers, or why nothing was registered. */
  mcp: McpRegistration;
  /** The language-model tools registered, by name. */
  tools: readonly string[];
}

let activeBug: ActiveBug | undefined;

export function activate(context: vscode.ExtensionContext): BugLevelsApi {
  const journals = new Journals(indexLocation(context));
  const active = new ActiveBug(context.workspaceState, journals, () => readConfig().idleSeconds);
  activeBug = active;
  const views: vscode.TreeView<TreeNode>[] = [];
  const now = () => toTimestamp(new Date());
  const reveal = async (node: TreeNode): Promise<void> => {
    const visible = views.find((view) => view.visible) ?? views[0];
    tree.pin(node);
    await visible?.reveal(node, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
  };
  const editor = new JournalEditor(active, now);
  const nudges = new Nudges({ journals, active, editor, now, reveal });
  const ctx: CommandContext = {
    journals,
    active,
    editor,
    undo: new UndoService(),
    nudges,
    now,
    reveal,
    terminalCapture: new TerminalCapture(),
    debugCapture: new DebugCapture(),
    anchors: new SnippetAnchors(),
  };
  const tree = new JournalTree(
    journals,
    active,
    (nodes, group) => moveBugsToGroup(ctx, nodes, group),
    () => new Date(),
    ctx.anchors,
  );
  for (const id of VIEW_IDS) {
    views.push(vscode.window.createTreeView(id, { treeDataProvider: tree, dragAndDropController: tree, showCollapseAll: true, canSelectMany: true }));
  }
  const statusBar = new StatusBar(journals, active);
  // Until the first load finishes, the journal is not known to be empty: no welcome flash.
  let loaded = false;
  const onChange = (change?: JournalChange): void => {
    tree.refresh(change);
    statusBar.update();
    void vscode.commands.executeCommand(
      'setContext',
      'bugLevels.journalEmpty',
      loaded && journals.allBugs().length === 0 && journals.all.every((j) => j.problems.length === 0),
    );
    void vscode.commands.executeCommand('setContext', 'bugLevels.hasActiveBug', active.bugId !== undefined);
  };
  context.subscriptions.push(
    output,
    journals,
    active,
    statusBar,
    nudges,
    ctx.terminalCapture,
    ctx.debugCapture,
    ctx.anchors,
    ctx.anchors.onDidResolve((change) => tree.refresh(change)),
    registerCommitDocuments(),
    ...views,
    journals.onDidChange(onChange),
    active.onDidChange(() => onChange()),
    // Timebox defaults and the like change what the tree and status bar show.
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('bugLevels')) onChange();
    }),
    active.onDidLeaveOutTime((event) => vscode.window.setStatusBarMessage(leftOutMessage(event), 10_000)),
    showProblemsAsDiagnostics(journals),
    showEditsInTree(journals, reveal),
    logDebugEventsToActiveBug(ctx),
    watchActivity(active, () => {
      statusBar.update();
      void nudges.checkTimebox();
    }),
    ...registerCommands(ctx),
    vscode.commands.registerCommand(SHOW_MORE_COMMAND, (node: Parameters<JournalTree['showMore']>[0]) => tree.showMore(node)),
  );
  // Issue 18: the journal's MCP server and tools for VS Code's agents (feature-detected; never fails activation).
  const agents: AgentSurfaces = { mcp: { notRegistered: 'not registered yet', offered: () => [] }, tools: [] }; // l10n-ignore: the log
  // Each on its own: one failing (a host without the API, a manifest VS Code refuses) leaves the other.
  try {
    agents.mcp = registerMcpServerProvider(context);
    if (agents.mcp.disposable) context.subscriptions.push(agents.mcp.disposable);
    else output.info(`The journal's MCP server is not offered to VS Code's agents: ${agents.mcp.notRegistered ?? ''}.`);
  } catch (error) {
    agents.mcp = { notRegistered: error instanceof Error ? error.message : String(error), offered: () => [] };
    output.warn(`The journal's MCP server is not offered to VS Code's agents: ${agents.mcp.notRegistered ?? ''}`);
  }
  try {
    const tools = registerLanguageModelTools();
    agents.tools = [...tools.keys()];
    context.subscriptions.push(...tools.values());
  } catch (error) {
    output.warn(`The language-model tools are not offered to VS Code's agents: ${error instanceof Error ? error.message : String(error)}`);
  }
  onChange();
  output.info(
    `Bug Levels ${String((context.extension.packageJSON as { version?: string }).version)} activated in the ${extensionHostKind() === 'web' ? 'web worker' : 'Node.js'} extension host (VS Code ${vscode.version}).`,
  );
  // A large journal takes seconds to parse the first time: say so in the status bar meanwhile.
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Loading the bug journal…') }, () => journals.ready);
  void journals.ready.then(() => {
    loaded = true;
    onChange();
    if (journals.all.some((journal) => journal.bugs.length > 0 && readConfig(journal.folder).showJournalOnOpen)) {
      void vscode.commands.executeCommand(`${VIEW_IDS[0]}.focus`);
    }
    output.info(
      `Loaded ${journals.allBugs().length} bug(s) from ${journals.all.length} journal folder(s); ${journals.all.flatMap((j) => j.problems).length} problem(s).`,
    );
    return active.resume();
  });
  return { journals, active, tree, statusBar, nudges, agents, anchors: ctx.anchors };
}

/** The status bar message for time left out: idle, sleep (a clock gap), or both, in the same words as the timeline note. */
export function leftOutMessage({ parts }: LeftOut): string {
  const idle = parts.find((part) => part.because === 'idle');
  const gap = parts.find((part) => part.because === 'clock-gap');
  if (idle && gap)
    return vscode.l10n.t(
      '$(clock) Bug Levels: {0} idle and {1} of sleep or suspend not counted as work',
      formatDuration(idle.seconds),
      formatDuration(gap.seconds),
    );
  if (gap) return vscode.l10n.t('$(clock) Bug Levels: {0} of sleep or suspend not counted as work', formatDuration(gap.seconds));
  return vscode.l10n.t('$(clock) Bug Levels: {0} idle not counted as work', formatDuration(idle?.seconds ?? 0));
}

/** Closes the running session into its bug file, so no worked time is lost on window close. */
export async function deactivate(): Promise<void> {
  await activeBug?.suspend().catch(() => undefined);
}
