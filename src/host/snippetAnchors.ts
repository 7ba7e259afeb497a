import * as vscode from 'vscode';
import type { Bug, Snippet } from '../core/model/types';
import { anchorSnippetOf, resolveSnippetAnchor, type AnchorSources } from '../core/model/anchors/anchorEntries';
import type { AnchorResolution } from '../core/model/anchors/resolveAnchor';
import { GIT_HISTORY_AVAILABLE, gitAnchorHistory } from '../node/gitAnchorHistory';
import type { JournalService } from './journalService';
import { output } from './log';

/**
 * A file larger than this is not read to resolve anchors in the extension host (the search would
 * hold up the host): its snippets keep their recorded place and show no state. The CLI reads up
 * to 16 MB.
 */
export const MAX_HOST_ANCHOR_FILE_BYTES = 4 * 1024 * 1024;
/** Tree redraws after live edits are gathered for this long. */
const REDRAW_DELAY_MS = 150;

interface Cached {
  readonly journal: JournalService;
  readonly bugId: string;
  /** What the resolution was made from: a re-anchor or a hand edit of the snippet makes it stale. */
  readonly signature: string;
  resolution: AnchorResolution | undefined;
  /** An edit touched the lines: resolve again when next asked. */
  stale: boolean;
}

/**
 * Where each snippet's code is now (core/model/anchors), for the tree and Open Snippet. Resolved
 * lazily, when a row is drawn or a snippet opened, off the tree's own call (the row redraws when
 * the answer comes), and kept as a cache that follows edits live: while a file is open and edited,
 * the cached lines shift with each change above them, and a change inside them has them resolved
 * again from the editor's text. Resolution never writes the journal.
 */
export class SnippetAnchors implements vscode.Disposable {
  private readonly cache = new Map<string, Cached>();
  private readonly running = new Map<string, Promise<AnchorResolution | undefined>>();
  private readonly resolved = new vscode.EventEmitter<{ readonly journal: JournalService; readonly bugIds: readonly string[] }>();
  /** Fires when anchors of these bugs got a new answer (their rows should be drawn again). */
  readonly onDidResolve = this.resolved.event;
  private readonly toRedraw = new Map<JournalService, Set<string>>();
  private redrawTimer: ReturnType<typeof setTimeout> | undefined;
  private saidNoHistory = false;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) => this.follow(event)),
      vscode.workspace.onDidSaveTextDocument((document) => this.forgetFile(document.uri)),
      vscode.workspace.onDidRenameFiles((event) => event.files.forEach((file) => this.forgetFile(file.oldUri))),
      vscode.workspace.onDidDeleteFiles((event) => event.files.forEach((uri) => this.forgetFile(uri))),
      this.resolved,
    ];
  }

  dispose(): void {
    if (this.redrawTimer) clearTimeout(this.redrawTimer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** The cached answer for a snippet (undefined until resolved); asks for one in the background when there is none. */
  peek(journal: JournalService, bug: Bug, snippet: Snippet): AnchorResolution | undefined {
    const cached = this.cache.get(keyOf(journal, bug, snippet));
    if (cached && cached.signature === signatureOf(bug, snippet) && !cached.stale) return cached.resolution;
    void this.resolve(journal, bug, snippet);
    return cached?.signature === signatureOf(bug, snippet) ? cached.resolution : undefined;
  }

  /** Resolves a snippet's anchor now (from the editors' text where a file is open, else the disk). */
  resolve(journal: JournalService, bug: Bug, snippet: Snippet): Promise<AnchorResolution | undefined> {
    const key = keyOf(journal, bug, snippet);
    const inFlight = this.running.get(key);
    if (inFlight) return inFlight;
    const signature = signatureOf(bug, snippet);
    const work = resolveSnippetAnchor(bug, snippet, this.sources(journal))
      .catch((error: unknown) => {
        output.warn(`Could not resolve the anchor of snippet ${snippet.id}: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      })
      .then((resolution) => {
        const before = this.cache.get(key)?.resolution;
        this.cache.set(key, { journal, bugId: bug.id, signature, resolution, stale: false });
        // A click or a retro may find the code elsewhere than the row shows: draw it again.
        if (JSON.stringify(before) !== JSON.stringify(resolution)) this.redraw(journal, bug.id);
        return resolution;
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, work);
    return work;
  }

  /** Forgets every answer (Refresh). */
  clear(): void {
    this.cache.clear();
  }

  private sources(journal: JournalService): AnchorSources {
    const folder = journal.folder;
    const local = folder.uri.scheme === 'file' && GIT_HISTORY_AVAILABLE;
    if (!local && !this.saidNoHistory) {
      this.saidNoHistory = true;
      output.info(
        'Snippet anchors: git is not available here (a browser, or a workspace that is not on this machine), so snippets are found by their lines and by searching their files, without git history.',
      );
    }
    return {
      readText: (file) => readText(vscode.Uri.joinPath(folder.uri, ...file.split('/'))),
      ...(local ? { history: (file: string, commit: string) => gitAnchorHistory(folder.uri.fsPath, file, commit) } : {}),
      snippetText: (s) => journal.store.snippetText(s).catch(() => undefined),
    };
  }

  /** Live follow: cached lines below an edit shift with it; lines the edit touches are resolved again. */
  private follow(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return;
    const file = vscode.workspace.getWorkspaceFolder(event.document.uri) ? vscode.workspace.asRelativePath(event.document.uri, false) : undefined;
    if (!file) return;
    // Last change first: each range is in the document as it was before the event.
    const changes = [...event.contentChanges].sort((a, b) => b.range.start.line - a.range.start.line);
    for (const cached of this.cache.values()) {
      const resolution = cached.resolution;
      if (!resolution?.span || resolution.state === 'outdated' || resolution.file !== file || !this.inFolder(cached.journal, event.document.uri)) continue;
      let { start, end } = resolution.span;
      for (const change of changes) {
        const removed = change.range.end.line - change.range.start.line;
        const delta = (change.text.match(/\n/g)?.length ?? 0) - removed;
        const above =
          change.range.end.line + 1 < start || (change.range.end.line + 1 === start && change.range.end.character === 0 && change.range.start.line + 1 < start);
        if (above) {
          start += delta;
          end += delta;
        } else if (change.range.start.line + 1 <= end) {
          cached.stale = true;
        }
      }
      const shifted = start !== resolution.span.start;
      if (!shifted) continue;
      cached.resolution = { ...resolution, span: { start, end }, state: resolution.state === 'exact' ? 'moved' : resolution.state };
      this.redraw(cached.journal, cached.bugId);
    }
  }

  private inFolder(journal: JournalService, uri: vscode.Uri): boolean {
    return vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() === journal.folder.uri.toString();
  }

  private forgetFile(uri: vscode.Uri): void {
    const file = vscode.workspace.asRelativePath(uri, false);
    for (const cached of this.cache.values()) {
      if (cached.resolution?.file === file || cached.resolution?.originalFile === file) {
        cached.stale = true;
        this.redraw(cached.journal, cached.bugId);
      }
    }
  }

  private redraw(journal: JournalService, bugId: string): void {
    const bugs = this.toRedraw.get(journal) ?? new Set<string>();
    bugs.add(bugId);
    this.toRedraw.set(journal, bugs);
    this.redrawTimer ??= setTimeout(() => {
      this.redrawTimer = undefined;
      const batches = [...this.toRedraw];
      this.toRedraw.clear();
      for (const [journal, ids] of batches) this.resolved.fire({ journal, bugIds: [...ids] });
    }, REDRAW_DELAY_MS);
  }
}

function keyOf(journal: JournalService, bug: Bug, snippet: Snippet): string {
  return `${journal.folder.uri.toString()}\n${bug.id}\n${snippet.id}`;
}

/** The fields the answer depends on, of the snippet whose place stands for this one (a re-anchor). */
function signatureOf(bug: Bug, snippet: Snippet): string {
  const anchor = anchorSnippetOf(bug, snippet);
  return JSON.stringify([anchor.id, anchor.file, anchor.lines, anchor.commit, anchor.text?.length, anchor.path, anchor.context]);
}

/**
 * An editor's unsaved text, else the file's; undefined when it is missing.
 * A file over MAX_HOST_ANCHOR_FILE_BYTES throws: the anchor is left unresolved, not outdated.
 */
async function readText(uri: vscode.Uri): Promise<string | undefined> {
  // An editor's unsaved text is what the user sees; a saved document is the file (whose copy in
  // memory may lag behind a change on disk, a checkout say, for a moment).
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString() && document.isDirty);
  if (open) return open.lineCount > 200_000 ? tooLarge(uri) : open.getText();
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
  if (stat.type & vscode.FileType.Directory) return undefined;
  if (stat.size > MAX_HOST_ANCHOR_FILE_BYTES) return tooLarge(uri);
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

function tooLarge(uri: vscode.Uri): never {
  throw new Error(`${vscode.workspace.asRelativePath(uri, false)} is too large to search in the editor (bug-levels anchors reads it)`);
}
