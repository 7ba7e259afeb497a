import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BugLevelsApi } from '../../src/extension';
import type { Bug } from '../../src/core/model/types';
import { parseBug } from '../../src/core/format/format';
import { parseAdditionBytes } from '../../src/core/format/additionFormat';
import { foldAdditions } from '../../src/core/model/additions';
import type { TreeNode } from '../../src/host/treeNodes';

export const EXTENSION_ID = 'bug-levels.bug-levels';

/** The demo journal's bugs (the fixture workspace is a copy of demo/). */
export const DEMO = {
  uwsgi502: 'V1StGXR8Zq',
  spacyHang: 'k3Jd9QpL2x',
  uwsgiPin: 'Qw8Zr5Tn1m',
  postgresNoise: 'Pg4Lx7Vb2c',
} as const;

let cachedApi: BugLevelsApi | undefined;

/** The running extension's API, once its journals have loaded. */
export async function extensionApi(): Promise<BugLevelsApi> {
  if (!cachedApi) {
    const extension = vscode.extensions.getExtension<BugLevelsApi>(EXTENSION_ID);
    if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
    cachedApi = extension.isActive ? extension.exports : await extension.activate();
  }
  await cachedApi.journals.ready;
  return cachedApi;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The tests need a workspace folder');
  return folder.uri.fsPath;
}

export function journalDir(): string {
  return path.join(workspaceRoot(), '.bug-levels');
}

/** The path of the file that holds bug `id` on disk (found by content, as the store does). */
export function bugFilePath(id: string): string {
  for (const name of fs.readdirSync(journalDir())) {
    if (!name.endsWith('.yaml')) continue;
    const full = path.join(journalDir(), name);
    if (fs.statSync(full).isFile() && new RegExp(`^id: ${id}$`, 'm').test(fs.readFileSync(full, 'utf8'))) return full;
  }
  throw new Error(`No file holds bug ${id}`);
}

/**
 * The bug as written on disk now, parsed independently of the extension's memory: its file
 * folded with the additions beside it (issue 17), each parsed by the core's parsers.
 */
export function bugOnDisk(id: string): Bug {
  const file = bugFilePath(id);
  const parsed = parseBug(fs.readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(`${file} does not parse: ${parsed.problems.map((p) => p.message).join('; ')}`);
  const folder = file.replace(/\.yaml$/, '');
  const additions = fs.existsSync(folder)
    ? fs
        .readdirSync(folder)
        .filter((name) => name.endsWith('.yaml'))
        .map((name) => {
          const addition = parseAdditionBytes(fs.readFileSync(path.join(folder, name)), name);
          if (!addition.ok) throw new Error(`${name} does not parse: ${addition.problems.map((p) => p.message).join('; ')}`);
          return { file: name, addition: addition.addition };
        })
    : [];
  return foldAdditions(parsed.bug, additions).bug;
}

export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A labelled view of the tree: each node with its label, description and context value. */
export interface ShownNode {
  readonly node: TreeNode;
  readonly label: string;
  readonly description: string;
  /** A bug row's whole title (its label may be shortened); other rows: the label. */
  readonly title: string;
  readonly contextValue: string;
}

export async function treeChildren(parent?: TreeNode): Promise<ShownNode[]> {
  const api = await extensionApi();
  return api.tree.getChildren(parent).map((node) => {
    const item = api.tree.getTreeItem(node);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    const title = node.kind === 'bug' ? (node.journal.find(node.bugId)?.bug.title ?? label) : label;
    return { node, label, title, description: String(item.description ?? ''), contextValue: item.contextValue ?? '' };
  });
}

/** Titles of the bugs under the group whose label starts with `groupLabel`. */
export async function bugsInGroup(groupLabel: string): Promise<string[]> {
  const group = (await treeChildren()).find((shown) => shown.label.startsWith(groupLabel));
  return group ? (await treeChildren(group.node)).map((shown) => shown.title) : [];
}

/**
 * Runs a command the way a palette user does, answering each quick pick and input box with its
 * default (the first item; the empty or prefilled text), until the command finishes.
 */
export async function runAnsweringDefaults<T>(command: string, ...args: unknown[]): Promise<T> {
  return answerDefaultsUntil(Promise.resolve(vscode.commands.executeCommand<T>(command, ...args)));
}

/** Accepts whatever quick pick or input box is open, repeatedly, until `work` settles. */
export async function answerDefaultsUntil<T>(work: Promise<T>): Promise<T> {
  let settled = false;
  const result = work.finally(() => {
    settled = true;
  });
  const deadline = Date.now() + 10_000;
  while (!settled && Date.now() < deadline) {
    await sleep(200);
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  return result;
}

/** A fresh bug for a test that changes it, so tests do not depend on each other's order. */
export async function newTestBug(title: string): Promise<Bug> {
  const bug = await vscode.commands.executeCommand<Bug | undefined>('bugLevels.newBug', { title, activate: true });
  if (!bug) throw new Error('New Bug returned nothing');
  return bug;
}
