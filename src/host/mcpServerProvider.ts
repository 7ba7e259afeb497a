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

/** Registers the provider when the host has the API; undefined when it does not. */
export function registerMcpServerProvider(context: vscode.ExtensionContext): vscode.Disposable | undefined {
  const api = vscode as unknown as McpApi;
  const Definition = api.McpStdioServerDefinition;
  if (extensionHostKind() === 'web' || typeof api.lm.registerMcpServerDefinitionProvider !== 'function' || Definition === undefined) return undefined;
  const changed = new vscode.EventEmitter<void>();
  const script = context.asAbsolutePath('dist/cli.js');
  const provider = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () =>
      (vscode.workspace.workspaceFolders ?? [])
        .filter((folder) => folder.uri.scheme === 'file')
        .map((folder) => {
          const journal = vscode.Uri.joinPath(folder.uri, readConfig(folder).journalFolder).fsPath;
          // VS Code's own executable runs as Node.js with ELECTRON_RUN_AS_NODE (code-server's is Node.js already).
          return new Definition(`bug-levels:${folder.name}`, process.execPath, [script, 'mcp', '--journal', journal], { ELECTRON_RUN_AS_NODE: '1' });
        }),
  };
  const registration = api.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider);
  const folders = vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire());
  const settings = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('bugLevels.journalFolder')) changed.fire();
  });
  return vscode.Disposable.from(registration, folders, settings, changed);
}
