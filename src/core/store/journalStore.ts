/**
 * One YAML file per bug in the journal folder. Loading reports every bad file (and keeps
 * loading the rest); an edit is applied as an operation on the file's current content under a
 * lock, so two windows or processes editing the same bug never lose each other's changes, and a
 * file that does not parse is never written.
 */
import type { Bug, BugId, Snippet } from '../model/types';
import type { Problem } from '../format/problems';
import { FileTooLargeError, type JournalFileSystem } from './journalFileSystem';
import { editBugFile, fileTooLarge, MAX_BUG_FILE_BYTES, parseBugBytes, stringifyBug, type CheckedEdit, type ParseResult } from '../format/format';
import { RecentParses } from './recentParses';
import { attachmentPath, bugFileName, isSafeRelativePath } from '../model/paths';
import { loadJournalFolder, orphanAdditionsProblem, type LoadOptions } from './journalLoader';
import { FileLocks, LockTimeoutError } from './fileLock';
import { removeStaleFiles, STALE_FILE_MS } from './staleFiles';
import { sameBytes } from './sameBytes';
import { RACY_MTIME_MS } from './journalIndex';
import { AdditionCache, foldWithProblems, readAdditions, type FolderAdditions } from './additionFiles';
import {
  additionFileName,
  additionsFolderOf,
  foldAdditions,
  needsTimeboxContext,
  nextSequence,
  pinInput,
  recordingIds,
  type Addition,
} from '../model/additions';
import { additionBytes } from '../format/additionFormat';
import { applyEdit, type EditOperationName, type InputOf, type OperationContext } from '../model/operations';
import { deepEqual } from '../format/yamlDocument';
import { randomAdditionSuffix } from './randomIds';
import { resolveConflictText } from '../format/resolveConflict';
import type { ConflictSide } from '../format/mergeConflict';

export interface LoadedBug {
  readonly bug: Bug;
  /** The file's path relative to the journal folder. */
  readonly file: string;
  /** A newer schema, or an id another file already has: shown, never written. */
  readonly readOnly: boolean;
  /**
   * Set while the bug is only the index's preview (bugPreview.ts), in the first progress report
   * of a load: the row's fields are there, its hypotheses, snippets and timeline are not yet.
   */
  readonly preview?: { readonly children: number };
  /**
   * Set when the bug file holds git's conflict markers (issue 17): the bug is shown from the
   * file's first side, read-only, until the conflict is resolved (resolveConflict.ts).
   */
  readonly conflicted?: { readonly line: number };
}

/** What an edit did: the bug as it was on disk, and as written. */
export interface EditedBug extends LoadedBug {
  readonly before: Bug;
}

export interface JournalLoad {
  readonly bugs: LoadedBug[];
  /** Errors (the file did not load) and warnings, in file order. */
  readonly problems: Problem[];
}

export type StoreErrorCode = 'unparseable' | 'read-only' | 'not-found' | 'locked' | 'exists' | 'unsafe-path' | 'unwritable' | 'needs-choice' | 'not-resolved';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface StoreOptions {
  /** How a journal-relative path is shown in problems (the CLI: relative to the cwd). */
  readonly displayPath?: (file: string) => string;
  /** Snippets larger than this many bytes go to an attachment file. */
  readonly attachmentThresholdBytes?: number;
  /** How long to wait for another writer's lock before giving up. */
  readonly lockTimeoutMs?: number;
  /** A lock file older than this is left over from a crash and is broken (sooner when its owner is known dead). */
  readonly staleLockMs?: number;
  /** Temporary and lock files older than this are removed on the first load (STALE_FILE_MS). */
  readonly staleFileMs?: number;
  /** Bug files larger than this are not parsed, so not edited either (MAX_BUG_FILE_BYTES). */
  readonly maxFileBytes?: number;
}

const encoder = new TextEncoder();
/** Files whose last written parse is kept: enough for a few bugs worked on in turn. */
const RECENT_PARSES = 4;
const decoder = new TextDecoder();

export class JournalStore {
  private readonly displayPath: (file: string) => string;
  readonly attachmentThresholdBytes: number;
  private readonly locks: FileLocks;
  private readonly staleFileMs: number;
  private readonly maxFileBytes: number | undefined;
  /** Bugs the last load showed read-only (an id another file also has, a newer schema): never written. */
  private readonly readOnlyIds = new Set<string>();
  /** Leftovers of crashed writers are removed once per store, on its first load. */
  private staleFilesRemoved = false;
  /** Where each bug was found by the last load or write; file names are never relied on beyond that. */
  private readonly fileById = new Map<string, string>();
  /** The parse of what this store last wrote to a few files, for the next edit of the same bug. */
  private readonly recentParses = new RecentParses(RECENT_PARSES);
  /** Parsed addition files (immutable once written), reused while their bytes are the same. */
  private readonly additionCache = new AdditionCache();

  constructor(
    readonly fs: JournalFileSystem,
    options: StoreOptions = {},
  ) {
    this.displayPath = options.displayPath ?? ((file) => file);
    this.attachmentThresholdBytes = options.attachmentThresholdBytes ?? 64 * 1024;
    this.locks = new FileLocks(fs, {
      timeoutMs: options.lockTimeoutMs ?? 10_000,
      staleMs: options.staleLockMs ?? 30_000,
      onDeadOwner: (file, lockedAtMs) => this.rollBackAttachments(file, lockedAtMs),
    });
    this.staleFileMs = options.staleFileMs ?? STALE_FILE_MS;
    this.maxFileBytes = options.maxFileBytes;
  }

  /**
   * Every `*.yaml` file directly in the journal folder, parsed; bad files become problems. With
   * `options.index`, files unchanged since they were indexed are not parsed (journalLoader.ts).
   */
  async load(options: LoadOptions = {}): Promise<JournalLoad> {
    if (!this.staleFilesRemoved) await this.removeStaleFiles();
    const { load, fileById } = await loadJournalFolder(this.fs, this.displayPath, { additionCache: this.additionCache, ...options });
    this.fileById.clear();
    for (const [id, file] of fileById) this.fileById.set(id, file);
    this.readOnlyIds.clear();
    for (const { bug, readOnly } of load.bugs) if (readOnly) this.readOnlyIds.add(bug.id);
    return load;
  }

  /**
   * Removes temporary and lock files left by crashed writers (staleFiles.ts); returns their
   * paths. Done on the first load; never fails a load.
   */
  async removeStaleFiles(): Promise<string[]> {
    this.staleFilesRemoved = true;
    return removeStaleFiles(this.fs, this.staleFileMs, (file, lockedAtMs) => this.rollBackAttachments(file, lockedAtMs)).catch(() => []);
  }

  /** Loads one file (after an outside change); the result of parsing it, problems included. */
  async loadFile(file: string): Promise<{ loaded?: LoadedBug; problems: Problem[] }> {
    const shown = this.displayPath(file);
    const stat = await this.fs.stat(file);
    if (!stat) {
      // Its additions may still be there (the bug deleted on one side of a merge): reported.
      const folder = additionsFolderOf(file);
      const count = (await this.fs.list(folder).catch(() => [])).filter((entry) => entry.name.endsWith('.yaml')).length;
      return { problems: count ? [orphanAdditionsProblem(this.displayPath(folder), folder, count)] : [] };
    }
    if (stat.kind !== 'file' && stat.kind !== 'symlink') return { problems: [problemAt(shown, 'not-a-file', `'${file}' is not a regular file.`)] };
    // After our own write (VS Code's watcher reports it), the bytes are ones we already parsed.
    const bytes = await this.readBugFile(file, shown);
    const parsed = bytes instanceof Uint8Array ? this.parseKnown(file, bytes, shown) : bytes;
    if (!parsed.ok) return { problems: parsed.problems };
    this.fileById.set(parsed.bug.id, file);
    const folder = additionsFolderOf(file);
    const read = await readAdditions(this.fs, folder, this.displayPath, this.additionCache);
    if (!read.names.length && !read.problems.length) return { loaded: loadedOf(parsed.bug, file, parsed.readOnly, parsed.problems), problems: parsed.problems };
    const folded = foldWithProblems(parsed.bug, folder, read, this.displayPath);
    const problems = [...parsed.problems, ...folded.problems];
    return { loaded: loadedOf(folded.bug, file, parsed.readOnly || read.newer, parsed.problems), problems };
  }

  /** The file the bug was last seen in. */
  fileOf(id: BugId): string | undefined {
    return this.fileById.get(id);
  }

  /** Writes a new bug to a new file `<slug>-<id>.yaml`; never overwrites an existing file. */
  async create(bug: Bug): Promise<LoadedBug> {
    const file = bugFileName(bug.title, bug.id);
    await this.fs.makeDirectory('');
    if (!(await this.fs.createExclusive(file, encoder.encode(stringifyBug(bug))))) {
      throw new StoreError('exists', `${this.displayPath(file)} already exists.`);
    }
    this.fileById.set(bug.id, file);
    return { bug, file, readOnly: false };
  }

  /**
   * The product's write (issue 17): applies operation `name` to the bug as it is on disk now (its
   * header folded with its additions, read under the header's lock so this machine's writers see
   * each other), and records it as one new immutable addition file in the bug's additions folder,
   * created exclusively; the header is not touched. Nothing is written when the operation changes
   * nothing or refuses (its error is thrown). The addition is checked to replay to exactly the
   * bug the operation gave before it is written. A large snippet's attachment is written first,
   * under the same lock, as update() does.
   */
  async append<Name extends EditOperationName>(
    id: BugId,
    name: Name,
    input: InputOf<Name>,
    context: OperationContext,
    attachment?: PendingAttachment,
  ): Promise<EditedBug> {
    const known = this.fileById.get(id);
    if (known !== undefined) {
      const appended = await this.appendUnlessGone(known, id, name, input, context, attachment);
      if (appended !== 'gone') return appended;
    }
    const file = await this.locate(id);
    const appended = await this.appendUnlessGone(file, id, name, input, context, attachment);
    if (appended === 'gone') throw new StoreError('not-found', `${this.displayPath(file)} was removed while bug ${id} was being changed.`);
    return appended;
  }

  private async appendUnlessGone<Name extends EditOperationName>(
    file: string,
    id: BugId,
    name: Name,
    input: InputOf<Name>,
    context: OperationContext,
    attachment?: PendingAttachment,
  ): Promise<EditedBug | 'gone'> {
    if (this.readOnlyIds.has(id))
      throw new StoreError(
        'read-only',
        `${this.displayPath(file)} is read-only: another file has the same id, it uses a newer format, or it holds a merge conflict.`,
      );
    try {
      return await this.withLock(file, () => this.appendLocked(file, id, name, input, context, attachment));
    } catch (error) {
      if (!(error instanceof StoreError) && !(await this.exists(file))) return 'gone';
      throw error;
    }
  }

  private async appendLocked<Name extends EditOperationName>(
    file: string,
    id: BugId,
    name: Name,
    input: InputOf<Name>,
    context: OperationContext,
    attachment?: PendingAttachment,
  ): Promise<EditedBug | 'gone'> {
    const current = await this.readFolded(file, id);
    if (current === 'gone') return 'gone';
    const { bug: before, read, folder } = current;
    const recording = recordingIds(context.ids);
    // The closed session as the format holds it: a session object from the host may carry more.
    const given = context.closedSession;
    const closed = given && {
      ...given,
      session: {
        level: given.session.level,
        start: given.session.start,
        end: given.session.end,
        // An agent's session keeps who worked (issue 18).
        ...(given.session.by !== undefined ? { by: given.session.by } : {}),
      },
    };
    const after = applyEdit(name, before, input, { ...context, ids: recording.ids, ...(closed ? { closedSession: closed } : {}) });
    if (after === before || deepEqual(after, before)) return { bug: before, before, file, readOnly: false };
    const running = context.running?.bugId === id ? context.running : undefined;
    const addition: Addition = {
      op: name,
      at: context.now,
      level: before.level,
      input: pinInput(name, input as Readonly<Record<string, unknown>>, before, after),
      ...(recording.recorded.length ? { ids: recording.recorded } : {}),
      ...(closed && closed.session.end && closed.session.end > closed.session.start ? { closedSession: closed.session } : {}),
      ...(closed?.leftOutNote && closed.session.end && closed.session.end > closed.session.start ? { leftOutNote: closed.leftOutNote } : {}),
      // Only the fields the transition reads: the host's running session carries more.
      ...(needsTimeboxContext(name)
        ? {
            timeboxDefaults: { 1: context.timeboxDefaults[1], 2: context.timeboxDefaults[2], 3: context.timeboxDefaults[3] },
            ...(running ? { running: { bugId: running.bugId, level: running.level, start: running.start } } : {}),
          }
        : {}),
    };
    let bytes: Uint8Array;
    let fileName = additionFileName(context.now, nextSequence(context.now, read.names), randomAdditionSuffix());
    try {
      // Replayed as every other machine will replay it: it must give the bug the operation gave.
      const replayed = foldAdditions(before, [{ file: fileName, addition }]);
      if (replayed.steps[0]?.superseded !== undefined || !deepEqual(replayed.bug, after)) throw new Error('it would replay differently');
      bytes = additionBytes(addition);
    } catch (error) {
      throw new StoreError('unwritable', `${this.displayPath(file)} was not changed: ${(error as Error).message}`);
    }
    const written = attachment && (await this.storeAttachment(id, attachment.snippetId, attachment.text));
    try {
      await this.fs.makeDirectory(folder);
      // A name is never reused: should it exist (the same second, sequence and random part), another is drawn.
      while (!(await this.fs.createExclusive(`${folder}/${fileName}`, bytes))) {
        fileName = additionFileName(context.now, nextSequence(context.now, [...read.names, fileName]), randomAdditionSuffix());
      }
    } catch (error) {
      if (written?.created) await this.fs.delete(written.path).catch(() => undefined);
      throw error;
    }
    this.additionCache.remember(`${folder}/${fileName}`, bytes, addition);
    return { bug: after, before, file, readOnly: false };
  }

  /** The bug in `file` as it is on disk now: its header folded with its additions ('gone' when the header is not there). */
  private async readFolded(file: string, id: BugId): Promise<{ bug: Bug; read: FolderAdditions; folder: string } | 'gone'> {
    const shown = this.displayPath(file);
    let bytes: Uint8Array | ParseResult;
    try {
      bytes = await this.readBugFile(file, shown);
    } catch (error) {
      if (!(await this.exists(file))) return 'gone';
      throw error;
    }
    const parsed = bytes instanceof Uint8Array ? this.parseKnown(file, bytes, shown) : bytes;
    if (!parsed.ok) {
      throw new StoreError('unparseable', `${shown} does not parse, so it was not changed: ${parsed.problems[0]?.message ?? ''}`, parsed.problems);
    }
    if (parsed.readOnly)
      throw new StoreError('read-only', `${shown} uses a newer format than this version of Bug Levels, or holds a merge conflict; it is read-only.`);
    if (parsed.bug.id !== id) {
      this.fileById.delete(id);
      throw new StoreError('not-found', `${shown} now holds bug ${parsed.bug.id}, not ${id}; reload the journal.`);
    }
    // The header is rarely written; its parse is kept for the next write to this bug.
    if (bytes instanceof Uint8Array) this.recentParses.remember(file, bytes, parsed);
    const folder = additionsFolderOf(file);
    const read = await readAdditions(this.fs, folder, this.displayPath, this.additionCache);
    if (read.newer) throw new StoreError('read-only', `${shown} has additions written by a newer version of Bug Levels; it is read-only.`);
    return { bug: read.additions.length ? foldAdditions(parsed.bug, read.additions).bug : parsed.bug, read, folder };
  }

  /**
   * Rewrites the bug's header file (its v1 file, without its additions: `change` gets and
   * returns the header's bug). The product writes additions (append); this is for rewriting the
   * header itself (resolving a merge conflict) and for code that edits v1 files as such.
   * Applies `change` to the header as it is on disk now (not as it was when loaded), under the
   * file's lock, and writes the result atomically. Only the changed parts of the YAML are
   * rewritten. Throws StoreError when the file no longer parses or is read-only. With
   * `attachment`, the snippet's text is written to its attachment file under the same lock, after
   * the change is known to apply and just before the bug file: the bug file never names an
   * attachment that is not there, and an attachment whose edit did not land is removed (by this
   * writer when the bug file's write fails, by the next one when this one died: rollBackAttachments).
   */
  async update(id: BugId, change: (bug: Bug) => Bug, attachment?: PendingAttachment): Promise<EditedBug> {
    // The file the bug was last seen in is tried without a stat first: reading it under the lock
    // tells whether it is still there. Gone (renamed, deleted): the journal is loaded again.
    const known = this.fileById.get(id);
    if (known !== undefined) {
      const updated = await this.updateUnlessGone(known, id, change, attachment);
      if (updated !== 'gone') return updated;
    }
    const file = await this.locate(id);
    const updated = await this.updateUnlessGone(file, id, change, attachment);
    if (updated === 'gone') throw new StoreError('not-found', `${this.displayPath(file)} was removed while bug ${id} was being changed.`);
    return updated;
  }

  /** update() on `file`; 'gone' when the file is not there (and nothing was written). */
  private async updateUnlessGone(file: string, id: BugId, change: (bug: Bug) => Bug, attachment?: PendingAttachment): Promise<EditedBug | 'gone'> {
    if (this.readOnlyIds.has(id))
      throw new StoreError('read-only', `${this.displayPath(file)} is read-only: another file has the same id, or it uses a newer format.`);
    try {
      return await this.withLock(file, () => this.updateLocked(file, id, change, attachment));
    } catch (error) {
      // Taking the lock fails too when the file's folder is gone.
      if (!(error instanceof StoreError) && !(await this.exists(file))) return 'gone';
      throw error;
    }
  }

  /** The read-change-write of update(), while holding the file's lock. */
  private async updateLocked(file: string, id: BugId, change: (bug: Bug) => Bug, attachment?: PendingAttachment): Promise<EditedBug | 'gone'> {
    const shown = this.displayPath(file);
    let bytes: Uint8Array | ParseResult;
    try {
      bytes = await this.readBugFile(file, shown);
    } catch (error) {
      if (!(await this.exists(file))) return 'gone';
      throw error;
    }
    const parsed = bytes instanceof Uint8Array ? this.parseKnown(file, bytes, shown) : bytes;
    if (!parsed.ok) {
      throw new StoreError('unparseable', `${shown} does not parse, so it was not changed: ${parsed.problems[0]?.message ?? ''}`, parsed.problems);
    }
    if (parsed.readOnly) throw new StoreError('read-only', `${shown} uses a newer format than this version of Bug Levels; it is read-only.`);
    if (parsed.bug.id !== id) {
      this.fileById.delete(id);
      throw new StoreError('not-found', `${shown} now holds bug ${parsed.bug.id}, not ${id}; reload the journal.`);
    }
    const after = change(parsed.bug);
    if (after === parsed.bug) return { bug: after, before: parsed.bug, file, readOnly: false };
    let edit: CheckedEdit;
    try {
      edit = editBugFile(parsed, after, shown);
    } catch (error) {
      throw new StoreError('unwritable', `${shown} was not changed: ${(error as Error).message}`);
    }
    const written = attachment && (await this.storeAttachment(id, attachment.snippetId, attachment.text));
    try {
      await this.fs.writeAtomic(file, edit.bytes);
    } catch (error) {
      if (written?.created) await this.fs.delete(written.path).catch(() => undefined);
      throw error;
    }
    // The check parsed exactly these bytes: the next edit of this file, if it finds them there
    // still, starts from that parse instead of parsing them again.
    this.recentParses.remember(file, edit.bytes, edit.parsed);
    return { bug: after, before: parsed.bug, file, readOnly: false };
  }

  /**
   * The parse of the bytes just read from `file`: remembered when they are exactly the bytes
   * this store last wrote there (recentParses.ts), else parsed. A file over the size limit is
   * parsed, so it is refused the same way whether remembered or not.
   */
  private parseKnown(file: string, bytes: Uint8Array, shown: string): ParseResult {
    const withinLimit = bytes.byteLength <= (this.maxFileBytes ?? MAX_BUG_FILE_BYTES);
    return (withinLimit ? this.recentParses.get(file, bytes) : undefined) ?? parseBugBytes(bytes, shown, this.parseOptions());
  }

  /** A bug file's bytes, or its refusal when it is over the size limit (never read then). */
  private async readBugFile(file: string, shown: string): Promise<Uint8Array | ParseResult> {
    const maxBytes = this.maxFileBytes ?? MAX_BUG_FILE_BYTES;
    try {
      return await this.fs.read(file, { maxBytes });
    } catch (error) {
      if (error instanceof FileTooLargeError) return fileTooLarge(shown, error.size, maxBytes);
      throw error;
    }
  }

  private async exists(file: string): Promise<boolean> {
    return (await this.fs.stat(file).catch(() => undefined)) !== undefined;
  }

  /**
   * Deletes the bug: its additions, then its header file. Returns their bytes so they can be
   * restored (Undo). An addition another clone makes meanwhile and merges in later has no header
   * then: the loader reports it (orphan-additions), it is never dropped silently.
   */
  async delete(id: BugId): Promise<DeletedBug> {
    const file = await this.locate(id);
    return this.withLock(file, async () => {
      const bytes = await this.fs.read(file);
      const folder = additionsFolderOf(file);
      const additions: { path: string; bytes: Uint8Array }[] = [];
      for (const entry of await this.fs.list(folder)) {
        if (entry.kind !== 'file' || !entry.name.endsWith('.yaml')) continue;
        const path = `${folder}/${entry.name}`;
        additions.push({ path, bytes: await this.fs.read(path) });
      }
      for (const { path } of additions) await this.fs.delete(path);
      await this.fs.delete(file);
      this.recentParses.forget(file);
      this.additionCache.forget(`${folder}/`);
      this.fileById.delete(id);
      return { file, bytes, additions };
    });
  }

  /** Puts a deleted bug back (Undo of delete): header and additions; refuses to overwrite a file that came back meanwhile. */
  async restore(file: string, bytes: Uint8Array, additions: readonly { readonly path: string; readonly bytes: Uint8Array }[] = []): Promise<void> {
    for (const path of [file, ...additions.map((addition) => addition.path)]) {
      if (!isSafeRelativePath(path)) throw new StoreError('unsafe-path', `Refusing to write outside the journal: ${path}`);
    }
    if (!(await this.fs.createExclusive(file, bytes))) throw new StoreError('exists', `${this.displayPath(file)} exists again; nothing was overwritten.`);
    if (additions.length) await this.fs.makeDirectory(additionsFolderOf(file));
    for (const addition of additions) await this.fs.createExclusive(addition.path, addition.bytes);
  }

  /**
   * Resolves git's conflict markers in bug file `file` (journal-relative), under its lock
   * (resolveConflict.ts): both sides' entries kept, the file rewritten whole. Values the sides set
   * differently are taken from side `take`; without it they are refused (StoreError
   * 'needs-choice', its message naming each) and nothing is written.
   */
  async resolveConflict(file: string, take?: ConflictSide): Promise<{ readonly bug: Bug; readonly taken: readonly string[] }> {
    if (!isSafeRelativePath(file)) throw new StoreError('unsafe-path', `Refusing to write outside the journal: ${file}`);
    const shown = this.displayPath(file);
    return this.withLock(file, async () => {
      const bytes = await this.fs.read(file, { maxBytes: this.maxFileBytes ?? MAX_BUG_FILE_BYTES });
      const text = decoder.decode(bytes);
      const resolved = resolveConflictText(text.startsWith('\uFEFF') ? text.slice(1) : text, shown, take);
      if (!resolved.ok) throw new StoreError(resolved.choices.length ? 'needs-choice' : 'not-resolved', resolved.message);
      await this.fs.writeAtomic(file, encoder.encode(resolved.text));
      this.recentParses.forget(file);
      this.fileById.set(resolved.bug.id, file);
      this.readOnlyIds.delete(resolved.bug.id);
      return { bug: resolved.bug, taken: resolved.taken };
    });
  }

  /** Stores a large snippet's text beside the bug and returns the path to record in the snippet (update() does it under the bug file's lock). */
  async writeAttachment(bugId: BugId, snippetId: string, text: string): Promise<string> {
    return (await this.storeAttachment(bugId, snippetId, text)).path;
  }

  /** writeAttachment, also saying whether this call created the file. */
  private async storeAttachment(bugId: BugId, snippetId: string, text: string): Promise<{ path: string; created: boolean }> {
    const path = attachmentPath(bugId, snippetId);
    await this.fs.makeDirectory(path.slice(0, path.lastIndexOf('/')));
    // Attachments are written once. Never over another one: on a case-insensitive disk, bugs
    // `Ab12cd` and `ab12CD` share a folder. Writing the same text again (a retry) is fine.
    const bytes = encoder.encode(text);
    if (await this.fs.stat(path)) {
      const existing = await this.fs.read(path);
      if (sameBytes(existing, bytes)) return { path, created: false };
      throw new StoreError('exists', `${this.displayPath(path)} already holds another attachment; nothing was overwritten.`);
    }
    await this.fs.writeAtomic(path, bytes);
    return { path, created: true };
  }

  /**
   * Undoes what a writer that died holding the lock of `file` (taken at `lockedAtMs`) left half
   * done: attachment files of its bug written since it took the lock and not named by the bug file
   * (its edit never reached the file) are removed. Runs while no one else can take the lock
   * (LockOptions.onDeadOwner). Older unnamed files are left alone: another branch's bug file may
   * name them. Hidden temporary files are the stale-file clean-up's.
   */
  private async rollBackAttachments(file: string, lockedAtMs: number): Promise<void> {
    const bytes = await this.readBugFile(file, file);
    if (!(bytes instanceof Uint8Array)) return;
    const parsed = parseBugBytes(bytes, file, this.parseOptions());
    if (!parsed.ok) return;
    const folder = `attachments/${parsed.bug.id}`;
    // Named by the header or by one of its additions (a snippet added since issue 17 is an addition).
    const read = await readAdditions(this.fs, additionsFolderOf(file), (path) => path);
    const bug = read.additions.length ? foldAdditions(parsed.bug, read.additions).bug : parsed.bug;
    const named = new Set(bug.snippets.map((snippet) => snippet.path));
    for (const entry of await this.fs.list(folder)) {
      const path = `${folder}/${entry.name}`;
      if (entry.kind !== 'file' || entry.name.startsWith('.') || named.has(path)) continue;
      const stat = await this.fs.stat(path);
      // Coarse file system clocks (FAT: 2 s) may date the attachment a little before the lock.
      if (stat && stat.mtimeMs >= lockedAtMs - RACY_MTIME_MS) await this.fs.delete(path);
    }
  }

  /** The snippet's text, inline or from its attachment file (checked to stay inside the journal). */
  async snippetText(snippet: Snippet): Promise<string> {
    if (snippet.text !== undefined) return snippet.text;
    if (snippet.path === undefined || !isSafeRelativePath(snippet.path)) throw new StoreError('unsafe-path', `Snippet ${snippet.id} has no readable text.`);
    return decoder.decode(await this.fs.read(snippet.path));
  }

  /** True when a snippet of this many bytes goes to an attachment file. */
  needsAttachment(text: string): boolean {
    return encoder.encode(text).byteLength > this.attachmentThresholdBytes;
  }

  private async locate(id: BugId): Promise<string> {
    const known = this.fileById.get(id);
    if (known !== undefined && (await this.fs.stat(known))) return known;
    await this.load();
    const found = this.fileById.get(id);
    if (found === undefined) throw new StoreError('not-found', `No bug file holds bug ${id}.`);
    return found;
  }

  /** Runs `work` while holding the file's lock (fileLock.ts); a lock held past lockTimeoutMs is a StoreError. */
  private async withLock<T>(file: string, work: () => Promise<T>): Promise<T> {
    try {
      return await this.locks.run(file, work);
    } catch (error) {
      if (error instanceof LockTimeoutError)
        throw new StoreError('locked', `${this.displayPath(file)} is locked by another writer (${error.lock}); try again.`);
      throw error;
    }
  }

  private parseOptions(): { maxBytes?: number } {
    return this.maxFileBytes === undefined ? {} : { maxBytes: this.maxFileBytes };
  }
}

/** What delete() removed: the header's bytes and each addition's, for Undo. */
export interface DeletedBug {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly additions: readonly { readonly path: string; readonly bytes: Uint8Array }[];
}

/** A loaded bug, marked conflicted when its file's problems say merge conflict. */
export function loadedOf(bug: Bug, file: string, readOnly: boolean, headerProblems: readonly Problem[]): LoadedBug {
  const conflict = headerProblems.find((problem) => problem.code === 'merge-conflict');
  return conflict ? { bug, file, readOnly: true, conflicted: { line: conflict.line } } : { bug, file, readOnly };
}

/** A large snippet's text, written to its attachment file by update() under the bug file's lock. */
export interface PendingAttachment {
  readonly snippetId: string;
  readonly text: string;
}

function problemAt(file: string, code: Problem['code'], message: string): Problem {
  return { file, line: 1, column: 1, code, message, severity: 'error' };
}
