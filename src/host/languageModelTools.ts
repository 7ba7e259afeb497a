/**
 * Issue 18: language-model tools for what only the editor has: an agent in VS Code (Copilot
 * agent mode) attaches the current selection, the last terminal command's output or the debug
 * console output to a bug. Each tool runs the command a person would (the same capture, the same
 * operation), for the bug the agent names. Feature-detected (vscode.lm.registerTool, VS Code
 * 1.95+); the tools are contributed in package.json (`contributes.languageModelTools`).
 */
import * as vscode from 'vscode';
import type { Bug } from '../core/model/types';
import type { CommandId } from './commandIds';

/** Tool name (package.json) -> the command it runs. */
export const LANGUAGE_MODEL_TOOLS: Readonly<Record<string, CommandId>> = {
  bugLevels_attachSelection: 'bugLevels.attachSelection',
  bugLevels_attachTerminalOutput: 'bugLevels.attachLastTerminalOutput',
  bugLevels_attachDebugOutput: 'bugLevels.attachDebugOutput',
};

/** What this extension uses of the language-model tool API (absent from the @types/vscode it builds against). */
interface ToolApi {
  readonly lm: {
    registerTool?: (
      name: string,
      tool: { invoke(options: { readonly input: unknown }, token: vscode.CancellationToken): Promise<unknown> },
    ) => vscode.Disposable;
  };
  readonly LanguageModelToolResult?: new (content: unknown[]) => unknown;
  readonly LanguageModelTextPart?: new (value: string) => unknown;
}

/** Registers the tools when the host has the API; none otherwise. Returns the registrations by tool name. */
export function registerLanguageModelTools(): Map<string, vscode.Disposable> {
  const api = vscode as unknown as ToolApi;
  const { LanguageModelToolResult: Result, LanguageModelTextPart: Text } = api;
  const register = api.lm.registerTool;
  if (typeof register !== 'function' || Result === undefined || Text === undefined) return new Map();
  const answer = (text: string): unknown => new Result([new Text(text)]);
  const registered = new Map<string, vscode.Disposable>();
  for (const [name, command] of Object.entries(LANGUAGE_MODEL_TOOLS)) {
    const registration = register(name, {
      invoke: async ({ input }) => {
        const bugId = typeof (input as { bugId?: unknown } | undefined)?.bugId === 'string' ? (input as { bugId: string }).bugId : undefined;
        // quiet: the most recent debug session, without asking which.
        const bug = await vscode.commands.executeCommand<Bug | undefined>(command, { ...(bugId === undefined ? {} : { bugId }), quiet: true });
        const snippet = bug?.snippets[bug.snippets.length - 1];
        // Tool results are read by the model (like the MCP tools' results): English, as the journal is.
        return bug && snippet
          ? answer(`Attached snippet ${snippet.id} to '${bug.title}' (${bug.id}); cite it as evidence in a verdict.`) // l10n-ignore: read by the model
          : answer('Nothing was attached: there was nothing to capture (no selection, no terminal command, no debug output), or no bug was chosen.'); // l10n-ignore: read by the model
      },
    });
    registered.set(name, registration);
  }
  return registered;
}
