/**
 * Path checks for values that come from bug files (snippet `file`, attachment `path`, ids used in
 * file names): a file someone else wrote must never make us read or write outside the workspace
 * or journal folder, on any platform the file may be opened on. Paths are checked as text, before
 * any file system sees them; the Node adapter also checks where links really lead.
 */
import { BUG_ID_PATTERN, CHILD_ID_PATTERN } from './ids';

/** Windows device names: `CON`, `nul.txt`, ... open a device there, whatever the folder. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
/** Percent-encoded `.`, `/`, `\` or NUL: harmless as text, but a URI parser would decode them. */
const ENCODED_SEPARATOR = /%(2e|2f|5c|00)/i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A relative, forward-slash path that stays inside its base folder on every platform: no `..`,
 * no absolute path, drive letter or scheme (`C:`, `file:`), no backslash, NUL or other control
 * character, no percent-encoded separator, no empty segment, no segment Windows would change
 * (trailing dot or space) or open as a device (`CON`, `nul.txt`).
 */
export function isSafeRelativePath(value: string): boolean {
  if (value.length === 0 || value.length > 1024) return false;
  if (CONTROL.test(value) || value.includes('\\') || ENCODED_SEPARATOR.test(value)) return false;
  if (value.startsWith('/')) return false;
  const segments = value.split('/');
  if ((segments[0] ?? '').includes(':')) return false;
  return segments.every((part) => part === '.' || (part !== '' && !/^[. ]+$/.test(part) && !/[. ]$/.test(part) && !WINDOWS_DEVICE.test(part)));
}

/** Joins journal-relative parts with `/` (the journal is addressed the same on every platform). */
export function joinPath(...parts: string[]): string {
  return parts
    .filter((part) => part.length > 0)
    .join('/')
    .replace(/\/{2,}/g, '/');
}

/**
 * The attachment file of a snippet, relative to the journal folder. The ids come from files, so
 * they are checked again here: an id is one path segment of safe characters, never `..`.
 */
export function attachmentPath(bugId: string, snippetId: string): string {
  if (!BUG_ID_PATTERN.test(bugId) || !CHILD_ID_PATTERN.test(snippetId) || !isSafeRelativePath(`${bugId}/${snippetId}`)) {
    throw new Error(`Not a safe attachment name: ${JSON.stringify(bugId).slice(0, 80)} / ${JSON.stringify(snippetId).slice(0, 80)}`);
  }
  return `attachments/${bugId}/${snippetId}.txt`;
}

/** A file-name-safe slug of a title, at most 40 characters: `502-on-first-interview`. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'bug';
}

/** `<slug>-<id>.yaml`: the file name a new bug gets (never relied on afterwards). */
export function bugFileName(title: string, id: string): string {
  return `${slugify(title)}-${id}.yaml`;
}
