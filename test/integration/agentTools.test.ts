/**
 * Issue 18 in a real extension host: what VS Code's agents (Copilot agent mode) are offered. The
 * MCP server definition provider is registered under the id package.json contributes (VS Code
 * refuses any other), and the server it offers starts and answers; the language-model tools
 * registered are exactly the manifest's, and invoking one attaches a snippet to the bug's file.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { MCP_PROVIDER_ID } from '../../src/host/mcpServerProvider';
import { LANGUAGE_MODEL_TOOLS } from '../../src/host/languageModelTools';
import { bugOnDisk, EXTENSION_ID, extensionApi, journalDir, newTestBug, treeChildren, waitFor, workspaceRoot } from './helpers';

interface Manifest {
  readonly contributes: { readonly mcpServerDefinitionProviders: Array<{ id: string }>; readonly languageModelTools: Array<{ name: string }> };
}

/** The parts of vscode.lm this test uses (newer than the @types/vscode the extension builds against). */
interface LmApi {
  readonly registerMcpServerDefinitionProvider?: unknown;
  readonly tools?: ReadonlyArray<{ readonly name: string }>;
  readonly invokeTool?: (name: string, options: { input: object; toolInvocationToken: undefined }) => Promise<{ content: Array<{ value?: unknown }> }>;
}

const lm = vscode.lm as unknown as LmApi;

function manifest(): Manifest {
  return vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as Manifest;
}

/**
 * Fails with why the check cannot run here. The test VS Code is pinned to a version that has
 * these APIs, so a host without them is a changed test setup, never a pass or a silent skip.
 */
function notInThisHost(why: string): never {
  assert.fail(`VS Code ${vscode.version}: ${why} (the extension feature-detects it; the test VS Code must have it). See README, Agents.`);
}

/** Runs the offered server: initialize, then the tool calls (id 2, 3, ...); resolves to its answers, by id. */
async function askServer(
  command: string,
  args: readonly string[],
  calls: ReadonlyArray<readonly [string, object]> = [['list_bugs', {}]],
): Promise<Map<number, { result?: { content?: Array<{ text?: string }>; isError?: boolean } }>> {
  const child = spawn(command, [...args], { cwd: workspaceRoot(), env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const messages = [
    {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'in-host-test', version: '1' } },
    },
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    ...calls.map(([name, input], index) => ({ jsonrpc: '2.0', id: index + 2, method: 'tools/call', params: { name, arguments: input } })),
  ];
  child.stdin.end(messages.map((message) => `${JSON.stringify(message)}\n`).join(''));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, `the offered server exited with ${String(code)}`);
  const answers = out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: number; result?: { content?: Array<{ text?: string }>; isError?: boolean } });
  return new Map(answers.map((answer) => [answer.id, answer]));
}

describe('Agents in VS Code (issue 18)', () => {
  it('registers its MCP server definition provider under the contributed id, and the server it offers answers', async function () {
    this.timeout(60_000);
    const api = await extensionApi();
    assert.deepEqual(
      manifest().contributes.mcpServerDefinitionProviders.map((provider) => provider.id),
      [MCP_PROVIDER_ID],
    );
    if (typeof lm.registerMcpServerDefinitionProvider !== 'function') {
      assert.match(api.agents.mcp.notRegistered ?? '', /no vscode\.lm\.registerMcpServerDefinitionProvider/);
      notInThisHost('this host has no vscode.lm.registerMcpServerDefinitionProvider, so the MCP server definition is not registered');
    }
    // VS Code throws when the id is not contributed; registered means the two ids are equal.
    assert.equal(api.agents.mcp.notRegistered, undefined, api.agents.mcp.notRegistered);
    assert.ok(api.agents.mcp.disposable);
    const offered = api.agents.mcp.offered();
    assert.equal(offered.length, 1, 'one server per workspace folder on disk');
    const [server] = offered;
    assert.equal(server?.label, `bug-levels:${path.basename(workspaceRoot())}`);
    assert.deepEqual(server?.args.slice(1), ['mcp', '--journal', journalDir(), '--idle-minutes', '10', '--timebox-minutes', '30,60,120']);
    assert.ok(fs.existsSync(server?.args[0] ?? ''), `the CLI it runs exists: ${server?.args[0] ?? ''}`);
    const answers = await askServer(server?.command ?? '', server?.args ?? []);
    assert.match(answers.get(2)?.result?.content?.[0]?.text ?? '', /^\d+ bugs? in /);
  });

  it("an agent's write through the offered server shows under the bug in the tree", async function () {
    this.timeout(60_000);
    const api = await extensionApi();
    if (api.agents.mcp.disposable === undefined) notInThisHost('no MCP server definition was registered in this host');
    const bug = await newTestBug('Agent writes a hypothesis');
    const [server] = api.agents.mcp.offered();
    const text = 'The agent wrote this hypothesis through bug-levels mcp';
    const answers = await askServer(server?.command ?? '', server?.args ?? [], [
      ['add_hypothesis', { bugId: bug.id, text, prediction: 'it shows in the tree' }],
    ]);
    assert.match(answers.get(2)?.result?.content?.[0]?.text ?? '', /^Added hypothesis h-/);
    // The tree watches the files: the row appears under the bug with no command run in VS Code.
    await waitFor(
      async () => {
        // The bug's node as the tree makes it (its group may show it on a later page).
        const journal = api.journals.find(bug.id)?.journal;
        const rows = journal ? await treeChildren({ kind: 'bug', journal, bugId: bug.id }) : [];
        return rows.some((shown) => shown.label === text && shown.contextValue.startsWith('hypothesis.'));
      },
      'the hypothesis row under the bug in the tree',
      15_000,
    );
  });

  it("registers exactly the manifest's language-model tools, and VS Code lists them", async function () {
    const api = await extensionApi();
    const contributed = manifest().contributes.languageModelTools.map((tool) => tool.name);
    assert.deepEqual(contributed, Object.keys(LANGUAGE_MODEL_TOOLS));
    if (lm.tools === undefined) notInThisHost('this host has no vscode.lm.tools');
    assert.deepEqual([...api.agents.tools].sort(), [...contributed].sort());
    assert.deepEqual(
      (lm.tools ?? [])
        .map((tool) => tool.name)
        .filter((name) => name.startsWith('bugLevels_'))
        .sort(),
      [...contributed].sort(),
    );
  });

  it("invoking bugLevels_attachSelection attaches the editor's selection as a snippet to the bug's file", async function () {
    if (typeof lm.invokeTool !== 'function') notInThisHost('this host has no vscode.lm.invokeTool');
    const bug = await newTestBug('Agent attaches a selection');
    const log = vscode.Uri.file(path.join(workspaceRoot(), 'logs', 'uwsgi.log'));
    const editor = await vscode.window.showTextDocument(log);
    editor.selection = new vscode.Selection(2, 0, 3, editor.document.lineAt(3).text.length);
    const result = await lm.invokeTool?.('bugLevels_attachSelection', { input: { bugId: bug.id }, toolInvocationToken: undefined });
    const [snippet] = bugOnDisk(bug.id).snippets;
    assert.ok(snippet, 'a snippet in the file');
    assert.equal(snippet.source, 'editor');
    assert.equal(snippet.file, 'logs/uwsgi.log');
    assert.equal(snippet.lines, '3-4');
    assert.equal(snippet.text, 'unable to load configuration from pip\nDAMN ! worker 1 (pid: 35527) died :( trying respawn ...');
    const text = (result?.content ?? []).map((part) => String(part.value ?? '')).join('');
    assert.equal(text, `Attached snippet ${snippet.id} to 'Agent attaches a selection' (${bug.id}); cite it as evidence in a verdict.`);
  });
});
