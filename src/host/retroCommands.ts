/**
 * Export Retro: the markdown retro in an editor beside its preview, for all bugs, one bug or a
 * time range, with Save As (links rewritten for where the file goes) and, for one bug, Copy as
 * Markdown for a pull request's description.
 */
import * as vscode from 'vscode';
import type { Timestamp } from '../core/model/types';
import { isError } from '../core/format/problems';
import { relativeRoot } from '../core/model/retro/links';
import { retroData } from '../core/model/retro/data';
import { retroMarkdown } from '../core/model/retro/markdown';
import { type RetroJournal, type RetroOptions } from '../core/model/retro/options';
import { anchorEntry, anchorsByKey, type AnchorEntry } from '../core/model/anchors/anchorEntries';
import { parseDate, toTimestamp } from '../core/model/time';
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

/** Export Retro: asks the scope (unless given), opens the markdown beside its preview and returns the document. */
export async function exportRetro(ctx: CommandContext, target: CommandTarget): Promise<vscode.TextDocument | undefined> {
  const request = await askScope(ctx, target);
  if (!request) return undefined;
  const markdown = render(ctx, request, await journalsOf(ctx));
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand('markdown.showPreviewToSide', document.uri).then(undefined, () => undefined);
  if (!optionsOf(target).quiet) void offerActions(ctx, request, markdown);
  return document;
}

/** Copy as Markdown: the retro of one bug on the clipboard, for a pull request's description. */
export async function copyRetroMarkdown(ctx: CommandContext, target: CommandTarget): Promise<string | undefined> {
  const ref = await pickBug(ctx.journals, ctx.active, target, { title: vscode.l10n.t('Copy Retro as Markdown') });
  if (!ref) return undefined;
  const markdown = render(ctx, { options: { bugIds: [ref.loaded.bug.id] }, bugTitle: ref.loaded.bug.title }, await journalsOf(ctx));
  await vscode.env.clipboard.writeText(markdown);
  if (!optionsOf(target).quiet) void vscode.window.showInformationMessage(vscode.l10n.t("Retro of '{0}' copied as markdown.", ref.loaded.bug.title));
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
    (isTreeNode(target) && target.kind === 'bug') || given.bugId ? 'bug' : (given.scope ?? (given.since !== undefined ? 'all' : undefined));
  if (!scope) scope = await pickScope(ctx);
  if (!scope) return undefined;
  if (scope === 'this' || scope === 'bug') {
    const ref =
      scope === 'this' && ctx.active.bugId
        ? ctx.journals.find(ctx.active.bugId)
        : await pickBug(ctx.journals, ctx.active, target, { title: vscode.l10n.t('Export Retro') });
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
    ...(active ? [{ label: vscode.l10n.t('This bug'), description: active.title, value: 'this' as const }] : []),
    { label: vscode.l10n.t('All bugs'), description: vscode.l10n.t('every bug, all time worked'), value: 'all' },
    { label: vscode.l10n.t('All bugs since a date…'), description: vscode.l10n.t('only time worked since then'), value: 'since' },
    { label: vscode.l10n.t('One bug…'), value: 'bug' },
  ];
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Export Retro'), placeHolder: vscode.l10n.t('What should the retro cover?') }))
    ?.value;
}

async function askSince(now: Timestamp): Promise<string | undefined> {
  const weekAgo = toTimestamp(Date.parse(now) - 7 * 24 * 3600 * 1000).slice(0, 10);
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Export Retro'),
    prompt: vscode.l10n.t('Time worked since (UTC): a date, 2026-02-25, or a time, 2026-02-25T17:00:00Z'),
    value: weekAgo,
    ignoreFocusOut: true,
    validateInput: (value) => (parseDate(value) ? undefined : vscode.l10n.t('A date like 2026-02-25 or 2026-02-25T17:00:00Z.')),
  });
}

/** Save As and, for one bug, Copy as Markdown, from a notification that does not hold the command up. */
async function offerActions(ctx: CommandContext, request: RetroRequest, markdown: string): Promise<void> {
  const saveAsLabel = vscode.l10n.t('Save As…');
  const copyLabel = vscode.l10n.t('Copy as Markdown');
  const message = request.bugTitle
    ? vscode.l10n.t("Retro of '{0}' is open beside its preview.", request.bugTitle)
    : vscode.l10n.t('Retro of the journal is open beside its preview.');
  const choice = await vscode.window.showInformationMessage(message, saveAsLabel, ...(request.bugTitle ? [copyLabel] : []));
  if (choice === copyLabel) {
    await vscode.env.clipboard.writeText(markdown);
    void vscode.window.showInformationMessage(vscode.l10n.t('Retro copied as markdown.'));
  } else if (choice === saveAsLabel) {
    await saveAs(ctx, request);
  }
}

/** Writes the retro where the user picks, with file links made relative to that place. */
async function saveAs(ctx: CommandContext, request: RetroRequest): Promise<void> {
  const folder = ctx.journals.all[0]?.folder.uri;
  const name = `retro-${ctx.now().slice(0, 10)}.md`;
  const uri = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save Retro As'),
    filters: { Markdown: ['md'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
  });
  if (!uri) return;
  const markdown = render(ctx, request, await journalsOf(ctx, uri));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(markdown));
  await vscode.window.showTextDocument(uri, { preview: false });
}

function render(ctx: CommandContext, request: RetroRequest, journals: RetroJournal[]): string {
  const running = ctx.active.running;
  // Each bug's timebox defaults are its own folder's settings (the breadth-first score's timebox rule).
  const timeboxDefaults = ctx.journals.timeboxDefaultsOf();
  return retroMarkdown(retroData(journals, { ...request.options, now: ctx.now(), timeboxDefaults, ...(running ? { running } : {}) }, skippedFiles(ctx)));
}

/** Bug files that did not load (an error, no bug): the retro says at its top that they are missing. */
function skippedFiles(ctx: CommandContext): string[] {
  return ctx.journals.all.flatMap((service: JournalService) => {
    const loaded = new Set(service.bugs.map((bug) => `${service.journalPath}/${bug.file}`));
    return [...new Set(service.problems.filter(isError).map((problem) => problem.file))].filter((file) => !loaded.has(file));
  });
}

/**
 * Every workspace folder's journal, with where each snippet's code is now (its links go there).
 * Links are relative to the workspace folder, or to `savedAt` when the retro is saved in the same
 * file system (else they stay workspace-relative).
 */
async function journalsOf(ctx: CommandContext, savedAt?: vscode.Uri): Promise<RetroJournal[]> {
  return Promise.all(
    ctx.journals.all.map(async (service: JournalService) => {
      const bugs = service.bugs.map((loaded) => loaded.bug);
      const entries: AnchorEntry[] = [];
      for (const bug of bugs) {
        for (const snippet of bug.snippets) {
          const resolution = snippet.file ? await ctx.anchors.resolve(service, bug, snippet) : undefined;
          if (resolution) entries.push(anchorEntry(bug, snippet, resolution));
        }
      }
      return {
        name: service.folder.name,
        bugs,
        journalFolder: service.journalPath,
        root: savedAt && sameFileSystem(savedAt, service.folder.uri) ? relativeRoot(savedAt.path, service.folder.uri.path) : '',
        anchors: anchorsByKey(entries),
      };
    }),
  );
}

function sameFileSystem(a: vscode.Uri, b: vscode.Uri): boolean {
  return a.scheme === b.scheme && a.authority === b.authority;
}
