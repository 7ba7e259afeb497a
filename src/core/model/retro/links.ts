/**
 * Link destinations for the retro. Paths and URLs come from bug files someone else may have
 * written, so only safe relative paths and http(s) URLs become links, and every character that
 * could end a markdown link destination early is percent-encoded.
 */
import { isSafeRelativePath } from '../paths';

/**
 * A link to a workspace-relative file, `root` + path, with a line anchor GitHub and VS Code
 * understand (`#L4835-L4837`); undefined for a path that leaves the workspace or is absolute.
 */
export function fileHref(root: string, file: string, lines?: string): string | undefined {
  if (!isSafeRelativePath(file)) return undefined;
  const path = file
    .split('/')
    .map((segment) => [...segment].map((char) => (/[A-Za-z0-9\-._~]/.test(char) ? char : percent(char))).join(''))
    .join('/');
  return destination(`${prefix(root)}${path}${lineAnchor(lines)}`);
}

/** An http(s) URL as a link destination; undefined for any other scheme or a malformed URL. */
export function urlHref(url: string): string | undefined {
  const trimmed = url.trim();
  return /^https?:\/\/[^\s]+$/i.test(trimmed) ? destination(trimmed) : undefined;
}

/** `#L12` or `#L10-L12` from a snippet's `lines` ("12", "10-12"); '' when it is neither. */
export function lineAnchor(lines: string | undefined): string {
  const match = lines === undefined ? null : /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(lines);
  if (!match) return '';
  return match[2] !== undefined && match[2] !== match[1] ? `#L${match[1]}-L${match[2]}` : `#L${match[1]}`;
}

function prefix(root: string): string {
  return root === '' ? '' : `${root.replace(/\/+$/, '')}/`;
}

/** Percent-encodes all but the characters a URL needs, so `(`, `)`, spaces and `<` cannot end the destination. */
function destination(href: string): string {
  return [...href].map((char) => (/[A-Za-z0-9\-._~:/?#[\]@!$&'*+,;=%]/.test(char) ? char : percent(char))).join('');
}

function percent(char: string): string {
  if (char.length === 1 && /[!'()*]/.test(char)) return `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
  // A lone surrogate cannot be encoded; it becomes U+FFFD, as a browser would show it.
  return /[\uD800-\uDFFF]/.test(char) && char.length === 1 ? '%EF%BF%BD' : encodeURIComponent(char);
}

/**
 * The RetroJournal `root` for a retro saved at `file` (a `/`-separated path) whose workspace
 * folder is `folder`: `..` for `<folder>/docs/retro.md`, `` for `<folder>/retro.md`.
 */
export function relativeRoot(file: string, folder: string): string {
  const from = file.split('/').filter(Boolean).slice(0, -1);
  const to = folder.split('/').filter(Boolean);
  let shared = 0;
  while (shared < from.length && shared < to.length && from[shared] === to[shared]) shared++;
  return [...from.slice(shared).map(() => '..'), ...to.slice(shared)].join('/');
}
