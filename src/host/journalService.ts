import * as vscode from 'vscode';
import type { Bug, BugId } from '../core/model/types';
import type { EditOperationName, OperationContext, OperationName } from '../core/model/operations';
import { performCreate, performEdit } from '../core/store/performOperation';
import type { Problem } from '../core/format/problems';
import type { ConflictSide } from '../core/format/mergeConflict';
import { JournalStore, type DeletedBug, type EditedBug, type JournalLoad, type LoadedBug } from '../core/store/journalStore';
import type { JournalIndex } from '../core/store/journalIndex';
import { deepEqual } from '../core/format/yamlDocument';
import type { JournalFileSystem } from '../core/store/journalFileSystem';
import { WorkspaceJournalFileSystem } from './workspaceJournalFileSystem';
import { workspaceJournalIndex, type IndexLocation } from './workspaceIndexStorage';
import { nodeBugParser } from '../node/bugParser';
import { localJournalFileSystem } from '../node/hostFileSystems';

/**
 * While a load is under way, its progress is shown at most this often. Each change event redraws
 * the tree and the status bar, and the status bar's scheduler reads every bug (10,000 bugs: about
 * 100 ms): shown every 100 files, as the loader reports, a cold load of 10,000 bugs spent most of
 * its time redrawing (issue 15).
 */
const PROGRESS_MS = 1000;

/** An operation this window applied: which one, and the bug before and after it. */
export interface JournalEdit {
  readonly operation: OperationName;
  readonly before?: Bug;
  readonly after?: Bug;
}

/** What changed in a journal: only these bugs, each keeping its place, status and level; or anything. */
export interface JournalChange {
  readonly journal: JournalService;
  /**
   * Set when only these bugs changed (none added, removed or newly broken), each with its state
   * before and after: a view redraws their rows, or the groups they moved between.
   */
  readonly bugs?: ReadonlyArray<{ readonly before: Bug; readonly after: Bug }>;
  /** Set when the change is an operation applied here (not a change found on disk). */
  readonly edit?: JournalEdit;
}

/**
 * The journal of one workspace folder: the bugs that loaded, the files that did not, and every
 * change, applied through the store (one file per edit). Fires onDidChange after each change,
 * whether made here or outside VS Code (a hand edit, a git pull); its own writes do not echo.
 */
export class JournalService implements vscode.Disposable {
  private loadedBugs: LoadedBug[] = [];
  private problemsByFile = new Map<string, Problem[]>();
  /** find()'s map, valid while loadedBugs is the same array (it is replaced, never mutated). */
  private byId: { of: readonly LoadedBug[]; map: Map<string, LoadedBug> } = { of: [], map: new Map() };
  private readonly changed = new vscode.EventEmitter<JournalChange>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  readonly onDidChange = this.changed.event;
  readonly store: JournalStore;
  /**
   * node:fs for a journal on this machine's disk in a Node extension host (hostFileSystems.ts: a
   * workspace.fs call costs a round trip each); workspace.fs otherwise (web, remote, virtual).
   */
  readonly fileSystem: JournalFileSystem;
  /** The journal's URIs (and its files over workspace.fs, when that is the file system). */
  private readonly workspaceFileSystem: WorkspaceJournalFileSystem;
  private readonly index: Promise<JournalIndex | undefined>;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    /** The journal folder, relative to the workspace folder (`.bug-levels`). */
    readonly journalPath: string,
    attachmentThresholdBytes: number,
    /** Where the index of parsed files is kept; none: every load parses every file. */
    indexLocation?: IndexLocation,
  ) {
    this.workspaceFileSystem = new WorkspaceJournalFileSystem(vscode.Uri.joinPath(folder.uri, journalPath));
    this.fileSystem = localJournalFileSystem(this.workspaceFileSystem.root) ?? this.workspaceFileSystem;
    this.index = indexLocation ? workspaceJournalIndex(indexLocation, this.workspaceFileSystem.root).catch(() => undefined) : Promise.resolve(undefined);
    this.store = new JournalStore(this.fileSystem, { displayPath: (file) => `${journalPath}/${file}`, attachmentThresholdBytes });
    // Bug files, and the additions beside them (issue 17): `<stem>/<addition>.yaml` belongs to `<stem>.yaml`.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `${journalPath}/{*.yaml,*/*.yaml}`));
    const root = vscode.Uri.joinPath(folder.uri, journalPath).path;
    const onFile = (uri: vscode.Uri): void => {
      const relative = uri.path.startsWith(`${root}/`) ? uri.path.slice(root.length + 1) : uri.path.slice(uri.path.lastIndexOf('/') + 1);
      const slash = relative.indexOf('/');
      if (slash < 0) return void this.reloadFile(relative);
      const folderName = relative.slice(0, slash);
      if (folderName === 'attachments' || folderName.startsWith('.')) return;
      void this.reloadFile(`${folderName}.yaml`);
    };
    this.disposables.push(watcher, watcher.onDidChange(onFile), watcher.onDidCreate(onFile), watcher.onDidDelete(onFile));
  }

  get bugs(): readonly LoadedBug[] {
    return this.loadedBugs;
  }

  /** Problems of every file that did not load cleanly, in file order. */
  get problems(): Problem[] {
    return [...this.problemsByFile.values()].flat();
  }

  get journalUri(): vscode.Uri {
    return this.workspaceFileSystem.root;
  }

  /** The URI of a file in the journal (journal-relative path). */
  uriOf(file: string): vscode.Uri {
    return this.workspaceFileSystem.uriOf(file);
  }

  /** The file a problem's display path names. */
  uriOfProblem(problem: Problem): vscode.Uri {
    return vscode.Uri.joinPath(this.folder.uri, problem.file);
  }

  /** O(1): the tree looks up every row's bug by id, thousands per paint. */
  find(id: string): LoadedBug | undefined {
    if (this.byId.of !== this.loadedBugs) {
      const map = new Map<string, LoadedBug>();
      for (const loaded of this.loadedBugs) if (!map.has(loaded.bug.id)) map.set(loaded.bug.id, loaded);
      this.byId = { of: this.loadedBugs, map };
    }
    return this.byId.map.get(id);
  }

  /**
   * Loads every file. The index's previews are shown first (onDidChange; LoadedBug.preview set),
   * then files unchanged since the index was written come from it without parsing, the others
   * are parsed, and the full bugs are shown; then the index is saved.
   */
  async load(): Promise<void> {
    const index = await this.index;
    const show = ({ bugs, problems }: JournalLoad): void => {
      this.loadedBugs = bugs;
      this.problemsByFile = groupByFile(problems);
      this.changed.fire({ journal: this });
    };
    // The first report (the index's previews, or the first files parsed) is shown at once, later
    // ones at most every PROGRESS_MS: each redraws the views, which read every bug.
    let shownAt: number | undefined;
    const progress = (partial: JournalLoad): void => {
      const now = Date.now();
      if (shownAt !== undefined && now - shownAt < PROGRESS_MS) return;
      shownAt = now;
      show(partial);
    };
    // Files the index cannot vouch for are parsed on worker threads (desktop; the web build has none).
    show(await this.store.load({ index, onProgress: progress, parser: nodeBugParser() }));
    // Not awaited: the journal is ready before its cache is written. Only a cache: a failed save
    // costs the next start a parse, nothing else.
    void index?.save().catch(() => undefined);
  }

  /** Operation newBug: writes the new bug's file and shows it (one event). */
  async create(input: Readonly<Record<string, unknown>>, context: OperationContext): Promise<LoadedBug> {
    const loaded = await performCreate(this.store, input, context);
    this.loadedBugs = [...this.loadedBugs, loaded];
    this.changed.fire({ journal: this, edit: { operation: 'newBug', after: loaded.bug } });
    return loaded;
  }

  /**
   * Applies an operation to the bug as it is on disk now: one lock, one write, then one change
   * event carrying the bug before and after.
   */
  async apply(operation: EditOperationName, id: BugId, input: Readonly<Record<string, unknown>>, context: OperationContext): Promise<EditedBug> {
    const edited = await performEdit(this.store, operation, id, input, context);
    // Kept without `before`: the journal holds each bug once.
    if (edited.bug !== edited.before)
      this.replace({ bug: edited.bug, file: edited.file, readOnly: edited.readOnly }, false, { operation, before: edited.before, after: edited.bug });
    return edited;
  }

  async delete(id: BugId): Promise<DeletedBug> {
    const before = this.find(id)?.bug;
    const removed = await this.store.delete(id);
    this.loadedBugs = this.loadedBugs.filter((loaded) => loaded.bug.id !== id);
    this.changed.fire({ journal: this, edit: { operation: 'deleteBug', ...(before ? { before } : {}) } });
    return removed;
  }

  async restore(file: string, bytes: Uint8Array, additions: DeletedBug['additions'] = []): Promise<void> {
    await this.store.restore(file, bytes, additions);
    await this.reloadFile(file);
  }

  /** Resolves git's conflict markers in `file` (store.resolveConflict), then shows the bug as written. */
  async resolveConflict(file: string, take?: ConflictSide): Promise<void> {
    await this.store.resolveConflict(file, take);
    await this.reloadFile(file);
  }

  /** Re-reads one file after an outside change; fires only if what it shows changed. */
  async reloadFile(file: string): Promise<void> {
    const { loaded, problems } = await this.store.loadFile(file).catch((error: unknown) => ({
      loaded: undefined,
      problems: [
        {
          file: `${this.journalPath}/${file}`,
          line: 1,
          column: 1,
          code: 'read-error' as const,
          message: String((error as Error).message ?? error),
          severity: 'error' as const,
        },
      ],
    }));
    const shown = `${this.journalPath}/${file}`;
    const problemsBefore = this.problemsByFile.get(shown) ?? [];
    const before = this.loadedBugs.find((existing) => existing.file === file);
    if (problems.length) this.problemsByFile.set(shown, problems);
    else this.problemsByFile.delete(shown);
    const problemsChanged = !deepEqual(problemsBefore, problems);
    if (!loaded) {
      if (before) this.loadedBugs = this.loadedBugs.filter((existing) => existing !== before);
      if (before || problemsChanged) this.changed.fire({ journal: this });
      return;
    }
    if (before && deepEqual(before.bug, loaded.bug) && before.readOnly === loaded.readOnly && !problemsChanged) return;
    this.replace(loaded, problemsChanged);
  }

  /** Puts `loaded` in place of the bug with its id or file; `listsChanged`: more than that bug changed. */
  private replace(loaded: LoadedBug, listsChanged = false, edit?: JournalEdit): void {
    const index = this.loadedBugs.findIndex((existing) => existing.bug.id === loaded.bug.id || existing.file === loaded.file);
    const before = this.loadedBugs[index];
    this.loadedBugs = index < 0 ? [...this.loadedBugs, loaded] : this.loadedBugs.map((existing, i) => (i === index ? loaded : existing));
    // The same bug changed: views can redraw just its row (or the groups it moved between). A new
    // bug, or another bug in the same file, changes the lists.
    const sameBug = before !== undefined && before.bug.id === loaded.bug.id && !listsChanged;
    this.changed.fire({ journal: this, ...(sameBug ? { bugs: [{ before: before.bug, after: loaded.bug }] } : {}), ...(edit ? { edit } : {}) });
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function groupByFile(problems: readonly Problem[]): Map<string, Problem[]> {
  const byFile = new Map<string, Problem[]>();
  for (const problem of problems) byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem]);
  return byFile;
}
