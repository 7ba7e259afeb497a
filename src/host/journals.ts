import * as vscode from 'vscode';
import type { Bug, BugId } from '../core/model/types';
import type { TimeboxDefaults } from '../core/model/timebox';
import type { LoadedBug } from '../core/store/journalStore';
import { JournalService, type JournalChange } from './journalService';
import { readConfig } from './config';
import type { IndexLocation } from './workspaceIndexStorage';

/** A bug together with the journal it lives in. */
export interface BugRef {
  readonly journal: JournalService;
  readonly loaded: LoadedBug;
}

/**
 * One JournalService per workspace folder (multi-root), kept in step with the folders and the
 * `bugLevels.journalFolder` setting. Re-fires every journal's changes as one event.
 */
export class Journals implements vscode.Disposable {
  private services: JournalService[] = [];
  private serviceListeners: vscode.Disposable[] = [];
  /** Undefined: the set of journals itself changed. */
  private readonly changed = new vscode.EventEmitter<JournalChange | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Settles when the first load of every journal is done. */
  ready: Promise<void> = Promise.resolve();
  /** When (Date.now()) the journals began to load and when that load was done: for the Output log and npm run bench:host. */
  loadTimes: { readonly started: number; ready?: number } = { started: Date.now() };

  /** `indexLocation`: where each journal keeps its index of parsed files (none: no index). */
  constructor(private readonly indexLocation?: IndexLocation) {
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rebuild()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('bugLevels.journalFolder') || event.affectsConfiguration('bugLevels.snippetAttachmentThresholdKiB')) this.rebuild();
      }),
    );
    this.rebuild();
  }

  get all(): readonly JournalService[] {
    return this.services;
  }

  /** Every loaded bug of every journal, in folder then file order. */
  allBugs(): BugRef[] {
    return this.services.flatMap((journal) => journal.bugs.map((loaded) => ({ journal, loaded })));
  }

  /**
   * Each bug's timebox defaults: the settings of its own workspace folder, read once per call of
   * this function (the scheduler asks for every bug).
   */
  timeboxDefaultsOf(): (bug: Bug) => TimeboxDefaults {
    const byJournal = new Map<JournalService, TimeboxDefaults>();
    return (bug) => {
      const journal = this.find(bug.id)?.journal;
      if (!journal) return readConfig().timeboxMinutes;
      let defaults = byJournal.get(journal);
      if (!defaults) byJournal.set(journal, (defaults = readConfig(journal.folder).timeboxMinutes));
      return defaults;
    };
  }

  find(id: string): BugRef | undefined {
    for (const journal of this.services) {
      const loaded = journal.find(id);
      if (loaded) return { journal, loaded };
    }
    return undefined;
  }

  forFolder(folder: vscode.WorkspaceFolder): JournalService | undefined {
    return this.services.find((service) => service.folder.uri.toString() === folder.uri.toString());
  }

  /** The journal a bug id lives in, or throws with a message for the user. */
  require(id: BugId): BugRef {
    const found = this.find(id);
    if (!found) throw new Error(`No bug with id ${id} in this workspace.`);
    return found;
  }

  async reload(): Promise<void> {
    await Promise.all(this.services.map((service) => service.load()));
  }

  private rebuild(): void {
    for (const disposable of [...this.serviceListeners, ...this.services]) disposable.dispose();
    this.services = (vscode.workspace.workspaceFolders ?? []).map((folder) => {
      const config = readConfig(folder);
      return new JournalService(folder, config.journalFolder, config.attachmentThresholdBytes, this.indexLocation);
    });
    this.serviceListeners = this.services.map((service) => service.onDidChange((change) => this.changed.fire(change)));
    const loadTimes: { readonly started: number; ready?: number } = { started: Date.now() };
    this.loadTimes = loadTimes;
    this.ready = this.reload()
      .then(
        () => undefined,
        (error: unknown) => void vscode.window.showErrorMessage(vscode.l10n.t('Bug Levels could not load the journal: {0}', (error as Error).message)),
      )
      .finally(() => (loadTimes.ready = Date.now()));
    this.changed.fire(undefined);
  }

  dispose(): void {
    for (const disposable of [...this.serviceListeners, ...this.services, ...this.disposables]) disposable.dispose();
  }
}
