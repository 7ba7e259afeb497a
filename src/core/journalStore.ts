/**
 * One YAML file per bug in the journal folder. Loading reports every bad file (and keeps
 * loading the rest); an edit is applied as an operation on the file's current content under a
 * lock, so two windows or processes editing the same bug never lose each other's changes, and a
 * file that does not parse is never written.
 */
import type { Bug, BugId, Snippet } from './types';
import type { Problem } from './problems';
import type { JournalFileSystem } from './journalFileSystem';
import { parseBugBytes, stringifyBug, updateBugText } from './format';
import { attachmentPath, bugFileName, isSafeRelativePath } from './paths';

export interface LoadedBug {
  readonly bug: Bug;
  /** The file's path relative to the journal folder. */
  readonly file: string;
  /** A newer schema, or an id another file already has: shown, never written. */
  readonly readOnly: boolean;
}

export interface JournalLoad {
  readonly bugs: LoadedBug[];
  /** Errors (the file did not load) and warnings, in file order. */
  readonly problems: Problem[];
}

export type StoreErrorCode = 'unparseable' | 'read-only' | 'not-found' | 'locked' | 'exists' | 'unsafe-path';

export class StoreError extends Error {
  constructor(readonly code: StoreErrorCode, message: string, readonly problems: Problem[] = []) {
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
  /** A lock file older than this is left over from a crash and is broken. */
  readonly staleLockMs?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class JournalStore {
  private readonly displayPath: (file: string) => string;
  readonly attachmentThresholdBytes: number;
  private readonly lockTimeoutMs: number;
  private readonly staleLockMs: number;
  /** Where each bug was found by the last load or write; file names are never relied on beyond that. */
  private readonly fileById = new Map<string, string>();

  constructor(readonly fs: JournalFileSystem, options: StoreOptions = {}) {
    this.displayPath = options.displayPath ?? ((file) => file);
    this.attachmentThresholdBytes = options.attachmentThresholdBytes ?? 64 * 1024;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.staleLockMs = options.staleLockMs ?? 30_000;
  }

  /** Every `*.yaml` file directly in the journal folder, parsed; bad files become problems. */
  async load(): Promise<JournalLoad> {
    const entries = (await this.fs.list('')).filter((entry) => entry.name.endsWith('.yaml')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const bugs: LoadedBug[] = [];
    const problems: Problem[] = [];
    const firstFileOf = new Map<string, string>();
    this.fileById.clear();
    for (const entry of entries) {
      const file = entry.name;
      const shown = this.displayPath(file);
      if (entry.kind === 'directory' || entry.kind === 'other') {
        problems.push(problemAt(shown, 'not-a-file', `'${file}' is a ${entry.kind === 'directory' ? 'folder' : 'special file'}, not a bug file.`));
        continue;
      }
      let bytes: Uint8Array;
      try {
        bytes = await this.fs.read(file);
      } catch (error) {
        problems.push(problemAt(shown, 'read-error', `Could not read the file: ${(error as Error).message}`));
        continue;
      }
      const parsed = parseBugBytes(bytes, shown);
      problems.push(...parsed.problems);
      if (!parsed.ok) continue;
      const other = firstFileOf.get(parsed.bug.id);
      if (other !== undefined) {
        problems.push(problemAt(shown, 'duplicate-id', `Bug id '${parsed.bug.id}' is also used by ${this.displayPath(other)}; this copy is not loaded. Give one of them a new id.`));
        problems.push({ ...problemAt(this.displayPath(other), 'duplicate-id', `Bug id '${parsed.bug.id}' is also used by ${shown}; this file is shown read-only until that is fixed.`), severity: 'warning' });
        const index = bugs.findIndex((loaded) => loaded.file === other);
        if (index >= 0) bugs[index] = { ...(bugs[index] as LoadedBug), readOnly: true };
        continue;
      }
      firstFileOf.set(parsed.bug.id, file);
      this.fileById.set(parsed.bug.id, file);
      bugs.push({ bug: parsed.bug, file, readOnly: parsed.readOnly });
    }
    return { bugs, problems };
  }

  /** Loads one file (after an outside change); the result of parsing it, problems included. */
  async loadFile(file: string): Promise<{ loaded?: LoadedBug; problems: Problem[] }> {
    const shown = this.displayPath(file);
    const stat = await this.fs.stat(file);
    if (!stat) return { problems: [] };
    if (stat.kind !== 'file' && stat.kind !== 'symlink') return { problems: [problemAt(shown, 'not-a-file', `'${file}' is not a regular file.`)] };
    const parsed = parseBugBytes(await this.fs.read(file), shown);
    if (!parsed.ok) return { problems: parsed.problems };
    this.fileById.set(parsed.bug.id, file);
    return { loaded: { bug: parsed.bug, file, readOnly: parsed.readOnly }, problems: parsed.problems };
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
   * Applies `change` to the bug as it is on disk now (not as it was when loaded), under the
   * file's lock, and writes the result atomically. Only the changed parts of the YAML are
   * rewritten. Throws StoreError when the file no longer parses or is read-only.
   */
  async update(id: BugId, change: (bug: Bug) => Bug): Promise<LoadedBug> {
    const file = await this.locate(id);
    return this.withLock(file, async () => {
      const shown = this.displayPath(file);
      const parsed = parseBugBytes(await this.fs.read(file), shown);
      if (!parsed.ok) {
        throw new StoreError('unparseable', `${shown} does not parse, so it was not changed: ${parsed.problems[0]?.message ?? ''}`, parsed.problems);
      }
      if (parsed.readOnly) throw new StoreError('read-only', `${shown} uses a newer format than this version of Bug Levels; it is read-only.`);
      if (parsed.bug.id !== id) {
        this.fileById.delete(id);
        throw new StoreError('not-found', `${shown} now holds bug ${parsed.bug.id}, not ${id}; reload the journal.`);
      }
      const after = change(parsed.bug);
      if (after === parsed.bug) return { bug: after, file, readOnly: false };
      await this.fs.writeAtomic(file, encoder.encode(updateBugText(parsed.document, parsed.bug, after)));
      return { bug: after, file, readOnly: false };
    });
  }

  /** Deletes the bug's file and its attachments; returns the file's bytes so it can be restored (Undo). */
  async delete(id: BugId): Promise<{ file: string; bytes: Uint8Array }> {
    const file = await this.locate(id);
    return this.withLock(file, async () => {
      const bytes = await this.fs.read(file);
      await this.fs.delete(file);
      this.fileById.delete(id);
      return { file, bytes };
    });
  }

  /** Puts a deleted file back (Undo of delete); refuses to overwrite a file that came back meanwhile. */
  async restore(file: string, bytes: Uint8Array): Promise<void> {
    if (!isSafeRelativePath(file)) throw new StoreError('unsafe-path', `Refusing to write outside the journal: ${file}`);
    if (!(await this.fs.createExclusive(file, bytes))) throw new StoreError('exists', `${this.displayPath(file)} exists again; nothing was overwritten.`);
  }

  /** Stores a large snippet's text beside the bug and returns the path to record in the snippet. */
  async writeAttachment(bugId: BugId, snippetId: string, text: string): Promise<string> {
    const path = attachmentPath(bugId, snippetId);
    await this.fs.makeDirectory(path.slice(0, path.lastIndexOf('/')));
    await this.fs.writeAtomic(path, encoder.encode(text));
    return path;
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

  /**
   * Runs `work` while holding `<file>.lock`, created exclusively as git does. A lock older than
   * staleLockMs was left by a crashed writer and is broken.
   */
  private async withLock<T>(file: string, work: () => Promise<T>): Promise<T> {
    const lock = `${file}.lock`;
    const deadline = Date.now() + this.lockTimeoutMs;
    let delay = 2;
    while (!(await this.fs.createExclusive(lock, encoder.encode(`${Date.now()}\n`)))) {
      const stat = await this.fs.stat(lock);
      if (stat && Date.now() - stat.mtimeMs > this.staleLockMs) {
        await this.fs.delete(lock).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) throw new StoreError('locked', `${this.displayPath(file)} is locked by another writer (${lock}); try again.`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 50);
    }
    try {
      return await work();
    } finally {
      await this.fs.delete(lock).catch(() => undefined);
    }
  }
}

function problemAt(file: string, code: Problem['code'], message: string): Problem {
  return { file, line: 1, column: 1, code, message, severity: 'error' };
}
