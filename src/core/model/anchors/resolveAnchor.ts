/**
 * Where a snippet's code is now, resolved at read time in stages, never written back (the stored
 * snippet keeps its file, lines and commit; team diffs stay clean):
 *   1. exact: its recorded lines still hold its code (whitespace aside);
 *   2. moved: git's history of the file (from the snippet's commit to the working tree, through a
 *      rename) carries the lines to a new place, where they still hold the code;
 *   3. the file (or the renamed file) is searched for the code with its captured context, nearest
 *      the predicted place: the same code elsewhere is moved, similar code above the threshold is
 *      changed, with its score;
 *   4. otherwise outdated: still openable at its commit.
 * This module is pure: the caller reads the files and asks git (src/node/gitAnchorHistory.ts);
 * without git (no repository, the browser) stage 2 is skipped.
 */
import { formatLineSpan, holdsCode, linesOf, normalizedCode, parseLineSpan, splitLines, type LineSpan } from './anchorText';
import { mapThroughHistory } from './mapThroughHistory';
import { ANCHOR_SCORE_THRESHOLD, searchAnchor } from './searchAnchor';

export type AnchorState = 'exact' | 'moved' | 'changed' | 'outdated';

/** What resolution needs of a snippet: its code, where it was taken, and the lines around it. */
export interface AnchorSnippet {
  readonly text: string;
  readonly file: string;
  readonly lines?: string;
  readonly commit?: string;
  readonly context?: { readonly before: readonly string[]; readonly after: readonly string[] };
}

/** What git knows of the snippet's file, when it could be asked (stage 2). */
export interface AnchorHistory {
  /** The file's text at the snippet's commit. */
  readonly atCommit: string;
  /** Where the file is in the working tree now (another path after a rename). */
  readonly currentFile: string;
}

export interface AnchorInputs {
  /** The working tree's text of `file` (the current one when git followed a rename); undefined when there is no such file. */
  readonly current: (file: string) => string | undefined;
  readonly history?: AnchorHistory;
}

export interface AnchorResolution {
  readonly state: AnchorState;
  /** Where the code is now; for an outdated snippet, where it was (open it at its commit). */
  readonly file: string;
  readonly span: LineSpan | undefined;
  /** 1 for exact and moved; the likeness found for changed; the best likeness below the threshold for outdated. */
  readonly score: number;
  readonly originalFile: string;
  readonly originalSpan: LineSpan | undefined;
  /** Which stage placed it. */
  readonly via: 'lines' | 'git' | 'search' | 'none';
}

/** Resolves one snippet's anchor (see the module comment for the stages). */
export function resolveAnchor(snippet: AnchorSnippet, inputs: AnchorInputs): AnchorResolution {
  const original = parseLineSpan(snippet.lines);
  const codeLines = splitLines(snippet.text);
  const code = normalizedCode(codeLines);
  const base = { originalFile: snippet.file, originalSpan: original };
  const at = (state: AnchorState, file: string, span: LineSpan, score: number, via: AnchorResolution['via']): AnchorResolution => ({
    state,
    file,
    span,
    score: Math.round(score * 100) / 100,
    via,
    ...base,
  });

  // Stage 1: the recorded lines still hold the code.
  const recorded = inputs.current(snippet.file);
  const recordedLines = recorded === undefined ? undefined : splitLines(recorded);
  if (recordedLines && original && holdsCode(linesOf(recordedLines, original), code)) return at('exact', snippet.file, original, 1, 'lines');

  // Stage 2: through the file's history, when the lines at the commit hold the code (a snippet
  // taken from a dirty working tree may not be at its commit: then only the search is left).
  let file = snippet.file;
  let fileLines = recordedLines;
  let near = original?.start ?? 1;
  if (inputs.history && original) {
    const before = splitLines(inputs.history.atCommit);
    if (holdsCode(linesOf(before, original), code)) {
      file = inputs.history.currentFile;
      const now = file === snippet.file ? recorded : inputs.current(file);
      fileLines = now === undefined ? undefined : splitLines(now);
      if (fileLines) {
        const mapping = mapThroughHistory(before, fileLines, original);
        if (mapping.kind === 'kept' && holdsCode(linesOf(fileLines, mapping.span), code)) {
          const same = file === snippet.file && mapping.span.start === original.start && mapping.span.end === original.end;
          return at(same ? 'exact' : 'moved', file, mapping.span, 1, 'git');
        }
        if (mapping.kind === 'edited') near = mapping.near;
        else if (mapping.kind === 'kept') near = mapping.span.start;
      }
    }
  }

  // Stage 3: search the file for the code and its context, nearest the predicted place.
  if (fileLines) {
    const hit = searchAnchor(fileLines, { code: codeLines, before: snippet.context?.before ?? [], after: snippet.context?.after ?? [], near });
    if (hit && hit.textScore === 1) return at('moved', file, hit.span, 1, 'search');
    // Changed code never scores 1 (that is the same code): a tiny edit rounds to 0.99 at most.
    if (hit && hit.score >= ANCHOR_SCORE_THRESHOLD) return at('changed', file, hit.span, Math.min(hit.score, 0.99), 'search');
    return { state: 'outdated', file: snippet.file, span: original, score: Math.round((hit?.score ?? 0) * 100) / 100, via: 'none', ...base };
  }
  // Stage 4: nothing holds it any more.
  return { state: 'outdated', file: snippet.file, span: original, score: 0, via: 'none', ...base };
}

/** The lines of a resolution as the format writes them (`12`, `10-12`), or undefined. */
export function anchorLines(span: LineSpan | undefined): string | undefined {
  return span ? formatLineSpan(span) : undefined;
}
