import * as vscode from 'vscode';
import type { Bug, Timestamp } from '../core/types';
import { renderRetroMarkdown } from '../core/retro';
import { isTimestamp } from '../core/time';
import { pickBug } from './prompts';
import { isTreeNode, optionsOf, type CommandTarget } from './commandTarget';
import type { CommandContext } from './commandContext';

/** Export Retro: the markdown retro of all bugs (or the clicked bug) in an editor, with its preview. */
export async function exportRetro(ctx: CommandContext, target: CommandTarget): Promise<vscode.TextDocument | undefined> {
  const options = optionsOf(target);
  let bugs: Bug[] = ctx.journals.allBugs().map((ref) => ref.loaded.bug);
  const fromBugNode = isTreeNode(target) && target.kind === 'bug';
  let scope = fromBugNode || options.bugId ? 'bug' : options.scope;
  let since: Timestamp | undefined;
  if (options.since !== undefined) {
    const candidate = /^\d{4}-\d{2}-\d{2}$/.test(options.since) ? `${options.since}T00:00:00Z` : options.since;
    if (isTimestamp(candidate)) since = candidate;
  }
  if (!scope) {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'All bugs', value: 'all' as const },
        { label: 'One bug…', value: 'bug' as const },
      ],
      { title: 'Export Retro', placeHolder: 'What should the retro cover?' },
    );
    if (!picked) return undefined;
    scope = picked.value;
  }
  if (scope === 'bug') {
    const ref = await pickBug(ctx.journals, ctx.active, target, { title: 'Export Retro' });
    if (!ref) return undefined;
    bugs = [ref.loaded.bug];
  }
  const markdown = renderRetroMarkdown({ bugs }, { now: ctx.now(), running: ctx.active.running, ...(since ? { since } : {}) });
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand('markdown.showPreviewToSide', document.uri).then(undefined, () => undefined);
  return document;
}
