/**
 * A lock per bug file, as git does it: `<file>.lock` created exclusively, removed when done. Two
 * windows (or a window and the CLI) editing the same bug take turns, so neither loses the other's
 * change. The lock file says who holds it (process id, host, a random token), which lets a
 * waiter break a lock at once when its owner is known to be dead (a crash, a kill), and lets the
 * owner remove only its own lock when done.
 */
import type { JournalFileSystem, LockOwner } from './journalFileSystem';
import { sameBytes } from './sameBytes';

export interface LockOptions {
  /** How long to wait for another writer's lock before giving up. */
  readonly timeoutMs: number;
  /** A lock older than this is left over from a crash and is broken, whoever holds it. */
  readonly staleMs: number;
  /**
   * An empty lock older than this is broken: its owner died between creating it and writing
   * its first bytes (a live owner writes them at once).
   */
  readonly emptyGraceMs?: number;
}

/** Thrown when the lock stays held by a live writer past `timeoutMs`. */
export class LockTimeoutError extends Error {
  constructor(readonly lock: string) {
    super(`${lock} is held by another writer.`);
    this.name = 'LockTimeoutError';
  }
}

const DEFAULT_EMPTY_GRACE_MS = 2_000;
/** Lock files are a few dozen bytes; a big one is not ours and is never parsed. */
const MAX_LOCK_BYTES = 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The lock file that guards `file`. */
export function lockFileOf(file: string): string {
  return `${file}.lock`;
}

/**
 * A writer that finds the lock held leaves this file while it waits, so the holder learns on
 * release that someone is waiting: a holder saving in a loop never finds the lock held itself,
 * and would otherwise re-take it at once, every time, until the waiter gives up.
 */
export function waitingFileOf(file: string): string {
  return `${file}.waiting`;
}

/** Longest pause between two tries of a held lock (plus up to as much jitter). */
const MAX_RETRY_MS = 16;
/**
 * A writer that just released a lock others were waiting for pauses this long before taking it
 * again, longer than a waiter's pause between tries: without it, a process saving in a loop
 * re-takes the lock within a millisecond every time and the other window waits until it gives up.
 */
const COURTESY_MS = 2 * MAX_RETRY_MS + 4;
/** "Just released" and "others were waiting", for the courtesy pause. */
const RECENT_RELEASE_MS = 100;
const RECENT_CONTENTION_MS = 2_000;

/**
 * The locks one store takes: remembers, per file, when it last released the lock and when it
 * last found it held by another writer, for the courtesy pause above.
 */
export class FileLocks {
  private readonly history = new Map<string, { released: number; contended: number }>();

  constructor(
    private readonly fs: JournalFileSystem,
    private readonly options: LockOptions,
  ) {}

  /** Runs `work` while holding the lock of `file`. */
  async run<T>(file: string, work: () => Promise<T>): Promise<T> {
    const lock = lockFileOf(file);
    const fs = this.fs;
    const seen = this.history.get(file) ?? { released: 0, contended: 0 };
    const now = Date.now();
    if (now - seen.released < RECENT_RELEASE_MS && now - seen.contended < RECENT_CONTENTION_MS) await sleep(COURTESY_MS);
    const content = lockContent(fs.lockOwner);
    const deadline = Date.now() + this.options.timeoutMs;
    let delay = 2;
    let waitingMarked = false;
    while (!(await fs.createExclusive(lock, encoder.encode(content), { durable: false }))) {
      seen.contended = Date.now();
      // Every try: the writer that got the lock before us removed the marker when it did.
      waitingMarked = true;
      await fs.createExclusive(waitingFileOf(file), encoder.encode(content), { durable: false }).catch(() => false);
      const judged = await judgeLock(fs, lock, this.options);
      if (judged.stale) {
        await breakLock(fs, lock, judged.bytes);
        continue;
      }
      if (Date.now() > deadline) throw new LockTimeoutError(lock);
      if (judged.gone) continue;
      // Jitter, so two waiters do not retry in lock step.
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
    // Our wait is over; another waiter that still waits leaves the marker again on its next try.
    if (waitingMarked) await fs.delete(waitingFileOf(file)).catch(() => undefined);
    try {
      return await work();
    } finally {
      await releaseLock(fs, lock, content);
      seen.released = Date.now();
      if (await fs.stat(waitingFileOf(file)).catch(() => undefined)) seen.contended = seen.released;
      this.history.set(file, seen);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface LockJudgement {
  /** The lock disappeared while we looked. */
  readonly gone: boolean;
  /** Its owner is dead or it is too old: it may be broken. */
  readonly stale: boolean;
  /** Its bytes when judged (breaking it checks they have not changed). */
  readonly bytes?: Uint8Array;
}

/** Whether the lock at `lock` is stale (see LockOptions), given its age and its owner. */
export async function judgeLock(fs: JournalFileSystem, lock: string, options: LockOptions): Promise<LockJudgement> {
  const stat = await fs.stat(lock).catch(() => undefined);
  if (!stat) return { gone: true, stale: false };
  if (stat.kind !== 'file') return { gone: false, stale: false }; // not a lock we made: never removed
  const age = Date.now() - stat.mtimeMs;
  if (age > options.staleMs) return { gone: false, stale: true };
  if (stat.size > MAX_LOCK_BYTES) return { gone: false, stale: false };
  const bytes = await fs.read(lock).catch(() => undefined);
  if (!bytes) return { gone: true, stale: false };
  if (bytes.byteLength === 0) return { gone: false, stale: age > (options.emptyGraceMs ?? DEFAULT_EMPTY_GRACE_MS), bytes };
  // A lock without an owner (another file system, an older version) goes stale by age only.
  const owner = ownerOf(bytes);
  return { gone: false, stale: owner !== undefined && fs.isProcessAlive?.(owner) === false, bytes };
}

/**
 * Removes a stale lock, unless it changed since it was judged (another waiter broke it and took
 * the lock meanwhile). The window between that check and the delete is small, not zero.
 */
async function breakLock(fs: JournalFileSystem, lock: string, judged: Uint8Array | undefined): Promise<void> {
  if (judged) {
    const now = await fs.read(lock).catch(() => undefined);
    if (!now || !sameBytes(now, judged)) return;
  }
  await fs.delete(lock).catch(() => undefined);
}

/** Removes our lock, but not one that replaced it after ours was broken as stale. */
async function releaseLock(fs: JournalFileSystem, lock: string, content: string): Promise<void> {
  const bytes = await fs.read(lock).catch(() => undefined);
  if (bytes && decoder.decode(bytes) === content) await fs.delete(lock).catch(() => undefined);
}

function lockContent(owner: LockOwner | undefined): string {
  const token = Math.random().toString(36).slice(2, 12);
  return `${JSON.stringify({ ...(owner ? { pid: owner.pid, host: owner.host } : {}), token, at: new Date().toISOString() })}\n`;
}

/** The owner written in a lock file, if it names a valid one. */
function ownerOf(bytes: Uint8Array): LockOwner | undefined {
  try {
    const value: unknown = JSON.parse(decoder.decode(bytes));
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, host } = value as { pid?: unknown; host?: unknown };
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 && typeof host === 'string' ? { pid, host } : undefined;
  } catch {
    return undefined;
  }
}
