/**
 * Export Retro: the markdown retro in an editor beside its preview, for all bugs, one bug or a
 * time range, with Save As (links rewritten for where the file goes) and, for one bug, Copy as
 * Markdown for a pull request's description.
 */
import * as vscode from 'vscode';
import type { Timestamp } from '../core/model/types';
import { relativeRoot } from '../core/model/retro/links';
import { retroData } from '../core/model/retro/data';
import { retroMarkdown } from '../core/model/retro/markdown';
import { type RetroJournal, type RetroOptions } from '../core/model/retro/options';
import { isTimestamp, toTimestamp } from '../core/model/time';
import { pickBug } from './prompts';
import { isTreeNode, optionsOf, type CommandOptions, type CommandTarget } from './commandTarget';
import type { CommandContext } from './commandContext';
import type { JournalService } from './journalService';

/** Options of the retro commands beyond CommandOptions' scope, bugId, since and quiet (automation). */
interface RetroCommandOptions extends CommandOptions {
  readonly until?: string;
  readonly includeParked?: boolean;
  readonly noSnippets?: boolean;
}

/** What the retro covers, once asked. */
interface RetroRequest {
  readonly options: Omit<RetroOptions, 'now' | 'running'>;
  /** The one bug's title, when the retro is of one bug. */
  readonly bugTitle?: string;
}

const SAVE_AS = 'Save As…';
const COPY = 'Copy as Markdown';

/** Export Retro: asks the scope (unless given), opens the markdown beside its preview and returns the document. */
export async function exportRetro(ctx: CommandContext, target: CommandTarget): Promise<vscode.TextDocument | undefined> {
  const request = await askScope(ctx, target);
  if (!request) return undefined;
  const markdown = render(ctx, request, journalsOf(ctx));
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand('markdown.showPreviewToSide', document.uri).then(undefined, () => undefined);
  if (!optionsOf(target).quiet) void offerActions(ctx, request, markdown);
  return document;
}

/** Copy as Markdown: the retro of one bug on the clipboard, for a pull request's description. */
export async function copyRetroMarkdown(ctx: CommandContext, target: CommandTarget): Promise<string | undefined> {
  const ref = await pickBug(ctx.journals, ctx.active, target, { title: 'Copy Retro as Markdown' });
  if (!ref) return undefined;
  const markdown = render(ctx, { options: { bugIds: [ref.loaded.bug.id] }, bugTitle: ref.loaded.bug.title }, journalsOf(ctx));
  await vscode.env.clipboard.writeText(markdown);
  if (!optionsOf(target).quiet) void vscode.window.showInformationMessage(`Retro of '${ref.loaded.bug.title}' copied as markdown.`);
  return markdown;
}

async function askScope(ctx: CommandContext, target: CommandTarget): Promise<RetroRequest | undefined> {
  const given = optionsOf(target) as RetroCommandOptions;
  const common = {
    ...(given.until !== undefined && parseDate(given.until) ? { until: parseDate(given.until) } : {}),
    ...(given.includeParked === false ? { includeParked: false } : {}),
    ...(given.noSnippets ? { noSnippets: true } : {}),
  };
  let scope: 'this' | 'bug' | 'all' | 'since' | undefined =
    (isTreeNode(target) && target.kind === 'bug') || given.bugId ? 'bug' : given.scope ?? (given.since !== undefined ? 'all' : undefined);
  if (!scope) scope = await pickScope(ctx);
  if (!scope) return undefined;
  if (scope === 'this' || scope === 'bug') {
    const ref = scope === 'this' && ctx.active.bugId ? ctx.journals.find(ctx.active.bugId) : await pickBug(ctx.journals, ctx.active, target, { title: 'Export Retro' });
    if (!ref) return undefined;
    return { options: { ...common, bugIds: [ref.loaded.bug.id] }, bugTitle: ref.loaded.bug.title };
  }
  const sinceText = scope === 'since' ? await askSince(ctx.now()) : given.since;
  if (scope === 'since' && sinceText === undefined) return undefined;
  const since = sinceText === undefined ? undefined : parseDate(sinceText);
  return { options: { ...common, ...(since ? { since } : {}) } };
}

async function pickScope(ctx: CommandContext): Promise<'this' | 'bug' | 'all' | 'since' | undefined> {
  const active = ctx.active.bugId ? ctx.journals.find(ctx.active.bugId)?.loaded.bug : undefined;
  const items: Array<vscode.QuickPickItem & { value: 'this' | 'bug' | 'all' | 'since' }> = [
    ...(active ? [{ label: 'This bug', description: active.title, value: 'this' as const }] : []),
    { label: 'All bugs', description: 'every bug, all time worked', value: 'all' },
    { label: 'All bugs since a date…', description: 'only time worked since then', value: 'since' },
    { label: 'One bug…', value: 'bug' },
  ];
  return (await vscode.window.showQuickPick(items, { title: 'Export Retro', placeHolder: 'What should the retro cover?' }))?.value;
}

async function askSince(now: Timestamp): Promise<string | undefined> {
  const weekAgo = toTimestamp(Date.parse(now) - 7 * 24 * 3600 * 1000).slice(0, 10);
  return vscode.window.showInputBox({
    title: 'Export Retro',
    prompt: 'Time worked since (UTC): a date, 2026-02-25, or a time, 2026-02-25T17:00:00Z',
    value: weekAgo,
    ignoreFocusOut: true,
    validateInput: (value) => (parseDate(value) ? undefined : 'A date like 2026-02-25 or 2026-02-25T17:00:00Z.'),
  });
}

/** Save As and, for one bug, Copy as Markdown, from a notification that does not hold the command up. */
async function offerActions(ctx: CommandContext, request: RetroRequest, markdown: string): Promise<void> {
  const what = request.bugTitle ? `'${request.bugTitle}'` : 'the journal';
  const choice = await vscode.window.showInformationMessage(`Retro of ${what} is open beside its preview.`, SAVE_AS, ...(request.bugTitle ? [COPY] : []));
  if (choice === COPY) {
    await vscode.env.clipboard.writeText(markdown);
    void vscode.window.showInformationMessage('Retro copied as markdown.');
  } else if (choice === SAVE_AS) {
    await saveAs(ctx, request);
  }
}

/** Writes the retro where the user picks, with file links made relative to that place. */
async function saveAs(ctx: CommandContext, request: RetroRequest): Promise<void> {
  const folder = ctx.journals.all[0]?.folder.uri;
  const name = `retro-${ctx.now().slice(0, 10)}.md`;
  const uri = await vscode.window.showSaveDialog({ title: 'Save Retro As', filters: { Markdown: ['md'] }, ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}) });
  if (!uri) return;
  const markdown = render(ctx, request, journalsOf(ctx, uri));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(markdown));
  await vscode.window.showTextDocument(uri, { preview: false });
}

function render(ctx: CommandContext, request: RetroRequest, journals: RetroJournal[]): string {
  const running = ctx.active.running;
  return retroMarkdown(retroData(journals, { ...request.options, now: ctx.now(), ...(running ? { running } : {}) }));
}

/**
 * Every workspace folder's journal. Links are relative to the workspace folder, or to `savedAt`
 * when the retro is saved in the same file system (else they stay workspace-relative).
 */
function journalsOf(ctx: CommandContext, savedAt?: vscode.Uri): RetroJournal[] {
  return ctx.journals.all.map((service: JournalService) => ({
    name: service.folder.name,
    bugs: service.bugs.map((loaded) => loaded.bug),
    journalFolder: service.journalPath,
    root: savedAt && sameFileSystem(savedAt, service.folder.uri) ? relativeRoot(savedAt.path, service.folder.uri.path) : '',
  }));
}

function sameFileSystem(a: vscode.Uri, b: vscode.Uri): boolean {
  return a.scheme === b.scheme && a.authority === b.authority;
}

/** `2026-02-25` (midnight UTC) or a full ISO timestamp; undefined for anything else. */
function parseDate(value: string): Timestamp | undefined {
  const candidate = /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? `${value.trim()}T00:00:00Z` : value.trim();
  return isTimestamp(candidate) ? toTimestamp(Date.parse(candidate)) : undefined;
}
