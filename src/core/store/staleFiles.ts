/**
 * Clean-up of what crashed writers leave behind: temporary files of an atomic write
 * (`.<name>.<random>.tmp`, never listed as bugs since they do not end in `.yaml`) and lock files
 * (`<name>.lock`), and the markers of writers that waited for a lock (`<name>.waiting`). All are
 * removed once they are older than STALE_FILE_MS, a lock also as soon as its owner is known to be
 * dead. A live writer holds any of them for milliseconds. Age counts either way: a file whose
 * modification time is in the future is as stale as one that far in the past. A lock (and the
 * guard of a lock being removed, `<lock>.<fingerprint>.lock`) is removed the way a waiter breaks
 * it: only if it is still the one judged stale (fileLock.ts).
 */
import type { JournalFileSystem } from './journalFileSystem';
import { judgeLock, removeLockIfStill } from './fileLock';
import { isAdditionsFolderName } from './additionFiles';

/** Ten minutes: far longer than any write, short enough that leftovers do not pile up. */
export const STALE_FILE_MS = 10 * 60_000;

const TEMP_FILE = /^\..+\.tmp$/;
const LOCK_FILE = /\.lock$/;
const WAITING_FILE = /\.waiting$/;

/**
 * Removes stale temporary, lock and waiting files in the journal folder, its additions folders and its attachment folders;
 * returns their paths. A bug file's lock whose owner is known dead is handed to `onDeadOwner`
 * first (LockOptions.onDeadOwner), as when a waiter breaks it.
 */
export async function removeStaleFiles(
  fs: JournalFileSystem,
  maxAgeMs = STALE_FILE_MS,
  onDeadOwner?: (file: string, lockedAtMs: number) => Promise<void>,
): Promise<string[]> {
  const removed: string[] = [];
  const folders = [''];
  for (const entry of await fs.list('attachments').catch(() => [])) {
    if (entry.kind === 'directory') folders.push(`attachments/${entry.name}`);
  }
  for (const folder of folders) {
    for (const entry of await fs.list(folder).catch(() => [])) {
      // Additions folders (issue 17), found while the journal folder is listed: an addition is
      // created under a temporary name too.
      if (folder === '' && entry.kind === 'directory' && isAdditionsFolderName(entry.name)) folders.push(entry.name);
      if (entry.kind !== 'file' || !(TEMP_FILE.test(entry.name) || LOCK_FILE.test(entry.name) || WAITING_FILE.test(entry.name))) continue;
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      if (LOCK_FILE.test(entry.name)) {
        const options = { timeoutMs: 0, staleMs: maxAgeMs };
        const judged = await judgeLock(fs, path, options);
        const file = path.slice(0, -'.lock'.length);
        const recover = judged.deadOwner && onDeadOwner && !folder && file.endsWith('.yaml') ? () => onDeadOwner(file, judged.mtimeMs ?? 0) : undefined;
        if (judged.stale && (await removeLockIfStill(fs, path, judged, options, 0, recover).catch(() => false))) removed.push(path);
      } else if (await isStale(fs, path, maxAgeMs)) {
        await fs.delete(path).catch(() => undefined);
        removed.push(path);
      }
    }
  }
  return removed;
}

async function isStale(fs: JournalFileSystem, path: string, maxAgeMs: number): Promise<boolean> {
  const stat = await fs.stat(path).catch(() => undefined);
  return stat !== undefined && stat.kind === 'file' && Math.abs(Date.now() - stat.mtimeMs) > maxAgeMs;
}
