/**
 * Path checks for values that come from bug files (snippet `file`, attachment `path`): a file
 * someone else wrote must never make us read or write outside the workspace or journal folder.
 */

/** A relative, forward-slash path with no `..`, no drive letter, no NUL, no backslash. */
export function isSafeRelativePath(value: string): boolean {
  if (value.length === 0 || value.length > 1024) return false;
  if (value.includes('\0') || value.includes('\\')) return false;
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value)) return false;
  return value.split('/').every((part) => part !== '..' && part !== '');
}

/** Joins journal-relative parts with `/` (the journal is addressed the same on every platform). */
export function joinPath(...parts: string[]): string {
  return parts.filter((part) => part.length > 0).join('/').replace(/\/{2,}/g, '/');
}

/** The attachment file of a snippet, relative to the journal folder. */
export function attachmentPath(bugId: string, snippetId: string): string {
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
