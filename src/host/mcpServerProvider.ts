/**
 * Issue 18: VS Code's agents (Copilot agent mode) see the journal's MCP server with no setup.
 * The extension offers `bug-levels mcp` (dist/cli.js, the CLI it ships) for each workspace folder
 * on disk, through the MCP server definition provider API of VS Code 1.101+. Feature-detected:
 * on an older VS Code, or in the browser (no process to start), nothing is registered.
 */
import * as vscode from 'vscode';
import { readConfig } from './config';
import { extensionHostKind } from './log';

/** The provider id, as contributed in package.json (`contributes.mcpServerDefinitionProviders`). */
export const MCP_PROVIDER_ID = 'bugLevels.mcpServer';

/** What this extension uses of the 1.101 API (absent from the @types/vscode it builds against). */
interface McpApi {
  readonly lm: {
    registerMcpServerDefinitionProvider?: (
      id: string,
      provider: { readonly onDidChangeMcpServerDefinitions?: vscode.Event<void>; provideMcpServerDefinitions(): unknown[] },
    ) => vscode.Disposable;
  };
  readonly McpStdioServerDefinition?: new (label: string, command: string, args?: string[], env?: Record<string, string>) => unknown;
}

/** A server the provider offers, as VS Code gets it (for tests and the log). */
export interface OfferedMcpServer {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
}

/** The registration: undefined when the host has no API (the reason says why). */
export interface McpRegistration {
  readonly disposable?: vscode.Disposable;
  /** Why nothing was registered, when nothing was. */
  readonly notRegistered?: string;
  /** The servers offered now, one per workspace folder on disk. */
  readonly offered: () => OfferedMcpServer[];
}

/** Registers the provider when the host has the API; says why not when it does not. */
export function registerMcpServerProvider(context: vscode.ExtensionContext): McpRegistration {
  const api = vscode as unknown as McpApi;
  const Definition = api.McpStdioServerDefinition;
  const script = context.asAbsolutePath('dist/cli.js');
  const offered = (): OfferedMcpServer[] =>
    (vscode.workspace.workspaceFolders ?? [])
      .filter((folder) => folder.uri.scheme === 'file')
      .map((folder) => {
        const config = readConfig(folder);
        const journal = vscode.Uri.joinPath(folder.uri, config.journalFolder).fsPath;
        // The agent's idle limit and timeboxes are the person's (bugLevels.idleMinutes, bugLevels.timeboxMinutes.*): one rule for both.
        const boxes = config.timeboxMinutes;
        const args = [
          script,
          'mcp',
          '--journal',
          journal,
          '--idle-minutes',
          String(Math.max(1, Math.round(config.idleSeconds / 60))),
          '--timebox-minutes',
          [boxes[1], boxes[2], boxes[3]].map((minutes) => Math.min(10_000, Math.max(1, Math.round(minutes)))).join(','),
        ];
        return { label: `bug-levels:${folder.name}`, command: process.execPath, args }; // l10n-ignore: a server's name
      });
  if (extensionHostKind() === 'web') return { notRegistered: 'a browser extension host cannot start a process', offered: () => [] }; // l10n-ignore: the log
  if (typeof api.lm.registerMcpServerDefinitionProvider !== 'function' || Definition === undefined)
    return { notRegistered: `VS Code ${vscode.version} has no vscode.lm.registerMcpServerDefinitionProvider (1.101+)`, offered: () => [] }; // l10n-ignore: the log
  const changed = new vscode.EventEmitter<void>();
  const provider = {
    onDidChangeMcpServerDefinitions: changed.event,
    // VS Code's own executable runs as Node.js with ELECTRON_RUN_AS_NODE (code-server's is Node.js already).
    provideMcpServerDefinitions: () => offered().map((server) => new Definition(server.label, server.command, [...server.args], { ELECTRON_RUN_AS_NODE: '1' })),
  };
  // Throws unless package.json contributes this id (contributes.mcpServerDefinitionProviders).
  const registration = api.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider);
  const folders = vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire());
  const settings = vscode.workspace.onDidChangeConfiguration((event) => {
    if (['journalFolder', 'idleMinutes', 'timeboxMinutes'].some((setting) => event.affectsConfiguration(`bugLevels.${setting}`))) changed.fire();
  });
  return { disposable: vscode.Disposable.from(registration, folders, settings, changed), offered };
}
