/**
 * A lock per bug file, as git does it: `<file>.lock` created exclusively, removed when done. Two
 * windows (or a window and the CLI) editing the same bug take turns, so neither loses the other's
 * change. The lock file says who holds it (process id, host, a random token), which lets a
 * waiter break a lock at once when its owner is known to be dead (a crash, a kill), and lets the
 * owner remove only its own lock when done.
 *
 * Removing a lock (the owner when done, a waiter breaking a stale one, the clean-up of leftovers)
 * is a compare-and-delete, made atomic by a guard: whoever removes the lock that holds bytes X
 * first creates `<lock>.<fingerprint of X>.lock` exclusively, then deletes the lock only if it
 * still holds X, then removes the guard. Every remover of X needs that same guard, so between
 * the compare and the delete nobody else can remove X and no one can create a new lock (X is
 * still there): a waiter can never delete the lock another waiter has just taken. A guard left
 * by a killed remover is itself a stale lock, broken the same way (its own guard).
 */
import type { FileStat, JournalFileSystem, LockOwner } from './journalFileSystem';
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
  /**
   * Called when the lock of `file` is broken because its owner is known dead (not merely old), before
   * the lock goes and while no one else can take it: the dead owner's unfinished work can be undone
   * (journalStore.ts removes the attachment of an edit that never reached the bug file).
   * `lockedAtMs` is when the dead owner took the lock. A failure is ignored; the lock goes anyway.
   */
  readonly onDeadOwner?: (file: string, lockedAtMs: number) => Promise<void>;
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
    try {
      while (!(await fs.createExclusive(lock, encoder.encode(content), { durable: false }))) {
        seen.contended = Date.now();
        // Every try: the writer that got the lock before us removed the marker when it did.
        waitingMarked = true;
        await fs.createExclusive(waitingFileOf(file), encoder.encode(content), { durable: false }).catch(() => false);
        const judged = await judgeLock(fs, lock, this.options);
        // Not removed: another waiter is breaking it (or took it meanwhile); wait as for a held lock.
        const undo = judged.deadOwner && this.options.onDeadOwner;
        const recover = undo ? () => undo(file, judged.mtimeMs ?? 0) : undefined;
        if (judged.stale && (await removeLockIfStill(fs, lock, judged, this.options, 0, recover))) continue;
        if (Date.now() > deadline) throw new LockTimeoutError(lock);
        if (judged.gone) continue;
        // Jitter, so two waiters do not retry in lock step.
        await sleep(delay + Math.random() * delay);
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      }
    } finally {
      // Our wait is over, or we gave up; another waiter that still waits leaves the marker again
      // on its next try, so a writer that gives up leaves nothing behind.
      if (waitingMarked) await fs.delete(waitingFileOf(file)).catch(() => undefined);
    }
    try {
      return await work();
    } finally {
      await removeLockIfStill(fs, lock, { bytes: encoder.encode(content) }, this.options).catch(() => false);
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
  /** Stale because its owner is known dead (not only old: an old lock's owner may still be at work). */
  readonly deadOwner?: boolean;
  /** Its bytes when judged (removing it checks they have not changed); absent for a large file, never read. */
  readonly bytes?: Uint8Array;
  /** Its size and modification time when judged (checked too: an empty or foreign lock's bytes are not unique). */
  readonly size?: number;
  readonly mtimeMs?: number;
}

/**
 * Whether the lock at `lock` is stale (see LockOptions), given its age and its owner. The age
 * counts either way: a lock whose modification time is in the future (a clock set back, a copied
 * file) goes stale as one in the past does.
 */
export async function judgeLock(fs: JournalFileSystem, lock: string, options: LockOptions): Promise<LockJudgement> {
  const stat = await fs.stat(lock).catch(() => undefined);
  if (!stat) return { gone: true, stale: false };
  if (stat.kind !== 'file') return { gone: false, stale: false }; // not a lock we made: never removed
  const age = Math.abs(Date.now() - stat.mtimeMs);
  const seen = { size: stat.size, mtimeMs: stat.mtimeMs };
  if (stat.size > MAX_LOCK_BYTES) return { gone: false, stale: age > options.staleMs, ...seen };
  const bytes = await fs.read(lock).catch(() => undefined);
  if (!bytes) return { gone: true, stale: false };
  if (age > options.staleMs) return { gone: false, stale: true, bytes, ...seen };
  if (bytes.byteLength === 0) return { gone: false, stale: age > (options.emptyGraceMs ?? DEFAULT_EMPTY_GRACE_MS), bytes, ...seen };
  // A lock without an owner (another file system, an older version) goes stale by age only.
  const owner = ownerOf(bytes);
  const dead = owner !== undefined && fs.isProcessAlive?.(owner) === false;
  return { gone: false, stale: dead, deadOwner: dead, bytes, ...seen };
}

/** How many guards deep a removal goes when it finds guards left by killed removers. */
const MAX_GUARD_DEPTH = 3;

/**
 * Deletes the lock file at `lock` only if it still is the one judged: the same bytes, and the
 * same size and modification time when those were judged. Atomic against every other remover
 * (see the module comment); true when this call deleted it. False also when another remover of
 * the same lock is at work: the caller waits and looks again. `beforeDelete` runs once the lock
 * is known to be the judged one, before it is deleted: while it runs, no one can take the lock.
 */
export async function removeLockIfStill(
  fs: JournalFileSystem,
  lock: string,
  judged: { readonly bytes?: Uint8Array; readonly size?: number; readonly mtimeMs?: number },
  options: LockOptions,
  depth = 0,
  beforeDelete?: () => Promise<void>,
): Promise<boolean> {
  const guard = guardFileOf(lock, judged);
  if (!(await fs.createExclusive(guard, encoder.encode(lockContent(fs.lockOwner)), { durable: false }))) {
    // Another remover holds the guard, or died holding it: then its guard is broken like a lock.
    if (depth < MAX_GUARD_DEPTH) {
      const guarded = await judgeLock(fs, guard, options);
      // Its remover died: with its guard gone, try again.
      if (guarded.stale && (await removeLockIfStill(fs, guard, guarded, options, depth + 1)))
        return removeLockIfStill(fs, lock, judged, options, depth + 1, beforeDelete);
    }
    return false;
  }
  try {
    if (judged.size !== undefined || judged.mtimeMs !== undefined) {
      const stat: FileStat | undefined = await fs.stat(lock);
      if (
        !stat ||
        stat.kind !== 'file' ||
        (judged.size !== undefined && stat.size !== judged.size) ||
        (judged.mtimeMs !== undefined && stat.mtimeMs !== judged.mtimeMs)
      )
        return false;
    }
    if (judged.bytes) {
      const now = await fs.read(lock).catch(() => undefined);
      if (!now || !sameBytes(now, judged.bytes)) return false;
    } else if (judged.size === undefined) return false; // nothing to compare: never delete blind
    await beforeDelete?.().catch(() => undefined);
    await fs.delete(lock);
    return true;
  } finally {
    await fs.delete(guard).catch(() => undefined);
  }
}

/** The guard a remover of the lock at `lock` holding `judged` takes: `<lock>.<fingerprint>.lock`. */
export function guardFileOf(lock: string, judged: { readonly bytes?: Uint8Array; readonly size?: number; readonly mtimeMs?: number }): string {
  return `${lock}.${fingerprint(judged)}.lock`;
}

/** A short name for a lock's content (FNV-1a), or for its size and time when its bytes were not read. */
function fingerprint(judged: { readonly bytes?: Uint8Array; readonly size?: number; readonly mtimeMs?: number }): string {
  const bytes = judged.bytes ?? encoder.encode(`${judged.size ?? ''}:${judged.mtimeMs ?? ''}`);
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
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
