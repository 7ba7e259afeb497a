/**
 * Snippets as the retro shows them: line endings made `\n`, long ones cut (a 10,000-line log
 * would drown the report; the whole text stays in the bug file), text left out on request.
 */
import type { Snippet } from '../types';
import { isSafeRelativePath, joinPath } from '../paths';
import { fileHref } from './links';
import type { RetroSnippet } from './types';
import type { AnchorEntry } from '../anchors/anchorEntries';

/** Lines shown of one snippet unless the options say otherwise. */
export const DEFAULT_SNIPPET_LINE_LIMIT = 100;
/** Characters shown of one snippet, whatever its line count (one huge line is as bad as many). */
export const SNIPPET_CHAR_LIMIT = 10_000;

/** The snippet's text cut to `lineLimit` lines and SNIPPET_CHAR_LIMIT characters. */
export function shownText(text: string, lineLimit: number): { text: string; truncated: RetroSnippet['truncated'] } {
  const normalized = text.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  const lines = normalized.split('\n');
  if (lines.length <= lineLimit && normalized.length <= SNIPPET_CHAR_LIMIT) return { text: normalized, truncated: null };
  const shown: string[] = [];
  let budget = SNIPPET_CHAR_LIMIT;
  for (const line of lines) {
    if (shown.length >= lineLimit || budget <= 0) break;
    // Cut by code points so a surrogate pair is never split.
    shown.push(line.length <= budget ? line : [...line].slice(0, budget).join(''));
    budget -= line.length + 1;
  }
  return { text: shown.join('\n'), truncated: { shownLines: shown.length, totalLines: lines.length, totalChars: normalized.length } };
}

/**
 * One snippet for the retro; links are `root`-relative (see RetroJournal.root), to where its code
 * is now when `anchor` says (an outdated snippet gets no link: its lines are only at its commit).
 */
export function retroSnippet(
  snippet: Snippet,
  links: { root: string; journalFolder: string },
  options: { noSnippets: boolean; lineLimit: number },
  anchor?: AnchorEntry,
): RetroSnippet {
  const attachment = snippet.path ?? null;
  const shown = snippet.text === undefined || options.noSnippets ? undefined : shownText(snippet.text, options.lineLimit);
  const attachmentHref =
    attachment !== null && isSafeRelativePath(attachment) && isSafeRelativePath(links.journalFolder)
      ? fileHref(links.root, joinPath(links.journalFolder, attachment))
      : undefined;
  return {
    id: snippet.id,
    source: snippet.source,
    captured: snippet.captured,
    file: snippet.file ?? null,
    lines: snippet.lines ?? null,
    href: snippetHref(snippet, links.root, anchor),
    commit: snippet.commit ?? null,
    anchor: anchor && anchor.state !== 'exact' ? { state: anchor.state, file: anchor.file, lines: anchor.lines, score: anchor.score } : null,
    command: options.noSnippets ? null : (snippet.command ?? null),
    exitCode: snippet.exitCode ?? null,
    attachment,
    attachmentHref: attachmentHref ?? null,
    text: shown?.text ?? null,
    redacted: options.noSnippets,
    truncated: shown?.truncated ?? null,
  };
}

function snippetHref(snippet: Snippet, root: string, anchor: AnchorEntry | undefined): string | null {
  if (anchor?.state === 'outdated') return null;
  if (anchor?.file) return fileHref(root, anchor.file, anchor.lines ?? undefined) ?? null;
  return snippet.file === undefined ? null : (fileHref(root, snippet.file, snippet.lines) ?? null);
}
