/**
 * Anchors of a whole journal, as `bug-levels anchors` prints them and the tree shows them: every
 * snippet with a file, resolved (resolveAnchor.ts) through the newest snippet that re-anchors it.
 * Reading files and asking git is the caller's (AnchorSources), so this stays pure.
 */
import type { Bug, Snippet } from '../types';
import { isSafeRelativePath } from '../paths';
import { parseLineSpan } from './anchorText';
import { anchorLines, resolveAnchor, type AnchorHistory, type AnchorResolution, type AnchorState } from './resolveAnchor';

export interface AnchorSources {
  /** A workspace-relative file's text, or undefined when there is no such file (or it cannot be read). */
  readonly readText: (file: string) => Promise<string | undefined>;
  /** The file at the commit and its path now; absent (or undefined) without git. */
  readonly history?: (file: string, commit: string) => Promise<AnchorHistory | undefined>;
  /** The snippet's text (inline, or its attachment file). */
  readonly snippetText: (snippet: Snippet) => Promise<string | undefined>;
}

/** One line of `bug-levels anchors --json`: exactly these keys. */
export interface AnchorEntry {
  readonly bugId: string;
  readonly snippetId: string;
  readonly state: AnchorState;
  /** Where the code is now; null when outdated. */
  readonly file: string | null;
  readonly lines: string | null;
  readonly originalFile: string;
  readonly originalLines: string | null;
  readonly score: number;
}

/** The snippet whose place stands for `snippet`: the newest one that re-anchors it (or one of those, and so on), else itself. */
export function anchorSnippetOf(bug: Bug, snippet: Snippet): Snippet {
  let current = snippet;
  const seen = new Set([snippet.id]);
  for (;;) {
    const next = bug.snippets.filter((s) => s.reanchors === current.id && !seen.has(s.id)).at(-1);
    if (!next) return current;
    seen.add(next.id);
    current = next;
  }
}

/** Snippets that have a place in the workspace to resolve. */
export function hasAnchor(snippet: Snippet): snippet is Snippet & { readonly file: string } {
  return snippet.file !== undefined && isSafeRelativePath(snippet.file);
}

/** Resolves one snippet of `bug` (through its re-anchors); undefined when it has no file or no text. */
export async function resolveSnippetAnchor(bug: Bug, snippet: Snippet, sources: AnchorSources): Promise<AnchorResolution | undefined> {
  if (!hasAnchor(snippet)) return undefined;
  const anchor = anchorSnippetOf(bug, snippet);
  if (!hasAnchor(anchor)) return undefined;
  const text = await sources.snippetText(anchor);
  if (text === undefined || text.trim() === '') return undefined;
  const files = new Map<string, string | undefined>();
  const read = async (file: string): Promise<void> => {
    if (!files.has(file)) files.set(file, isSafeRelativePath(file) ? await sources.readText(file) : undefined);
  };
  await read(anchor.file);
  const history = anchor.commit && sources.history ? await sources.history(anchor.file, anchor.commit) : undefined;
  if (history) await read(history.currentFile);
  const resolution = resolveAnchor(
    { text, file: anchor.file, ...(anchor.lines !== undefined ? { lines: anchor.lines } : {}), ...(anchor.context ? { context: anchor.context } : {}) },
    { current: (file) => files.get(file), ...(history ? { history } : {}) },
  );
  if (anchor === snippet) return resolution;
  // Re-anchored: the place is the new snippet's, the original the old one's.
  return { ...resolution, originalFile: snippet.file, originalSpan: parseLineSpan(snippet.lines) };
}

/** Every anchored snippet of the bugs, in file order, as JSON entries. */
export async function anchorEntries(bugs: readonly Bug[], sources: AnchorSources): Promise<AnchorEntry[]> {
  const entries: AnchorEntry[] = [];
  for (const bug of bugs) {
    for (const snippet of bug.snippets) {
      const resolution = await resolveSnippetAnchor(bug, snippet, sources);
      if (resolution) entries.push(anchorEntry(bug, snippet, resolution));
    }
  }
  return entries;
}

export function anchorEntry(bug: Bug, snippet: Snippet, resolution: AnchorResolution): AnchorEntry {
  const outdated = resolution.state === 'outdated';
  return {
    bugId: bug.id,
    snippetId: snippet.id,
    state: resolution.state,
    file: outdated ? null : resolution.file,
    lines: outdated ? null : (anchorLines(resolution.span) ?? null),
    originalFile: resolution.originalFile,
    originalLines: anchorLines(resolution.originalSpan) ?? null,
    score: resolution.score,
  };
}

/** The entries by `bugId/snippetId`, as RetroJournal.anchors takes them. */
export function anchorsByKey(entries: readonly AnchorEntry[]): Map<string, AnchorEntry> {
  return new Map(entries.map((entry) => [`${entry.bugId}/${entry.snippetId}`, entry]));
}
