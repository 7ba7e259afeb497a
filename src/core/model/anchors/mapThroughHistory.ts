/**
 * Stage 2 of resolving an anchor: the snippet's lines as they were at its commit, carried through
 * the diff from that file to the working tree's (renamed or not). Lines the diff keeps map one to
 * one; a range the diff cuts into was edited, and only its predicted place is known.
 */
import { diffArrays } from 'diff';
import { normalizeLine, type LineSpan } from './anchorText';

/**
 * The most edits the diff of one file may take before it gives up (Myers' algorithm is
 * O((N+M)·D)): a file rewritten beyond this has no useful mapping anyway, and the work stays bounded.
 */
export const MAX_HISTORY_EDITS = 5_000;

export type HistoryMapping =
  /** Every line of the range survived, in one piece: it is at `span` now. */
  | { readonly kind: 'kept'; readonly span: LineSpan }
  /** Lines inside the range were changed, or the range was split: `near` is where it should be. */
  | { readonly kind: 'edited'; readonly near: number }
  /** The diff was too large to compute within MAX_HISTORY_EDITS. */
  | { readonly kind: 'unknown' };

/**
 * Where the lines `span` of `before` (the file at the snippet's commit) are in `after` (the file
 * now). Lines are compared whitespace-insensitively, like the snippet's text.
 */
export function mapThroughHistory(before: readonly string[], after: readonly string[], span: LineSpan): HistoryMapping {
  const changes = diffArrays(before.map(normalizeLine), after.map(normalizeLine), { maxEditLength: MAX_HISTORY_EDITS });
  if (!changes) return { kind: 'unknown' };
  // newLineOf[i]: the 1-based line in `after` of line i+1 of `before`, or 0 when it was removed.
  const newLineOf = new Array<number>(before.length).fill(0);
  let oldLine = 0;
  let newLine = 0;
  for (const change of changes) {
    const count = change.count ?? change.value.length;
    if (change.added) newLine += count;
    else if (change.removed) oldLine += count;
    else for (let i = 0; i < count; i++) newLineOf[oldLine++] = ++newLine;
  }
  const mapped: number[] = [];
  for (let line = span.start; line <= Math.min(span.end, before.length); line++) mapped.push(newLineOf[line - 1] ?? 0);
  const first = mapped[0];
  const contiguous = first !== undefined && first > 0 && mapped.every((line, index) => line === first + index);
  if (contiguous) return { kind: 'kept', span: { start: first, end: first + mapped.length - 1 } };
  return { kind: 'edited', near: nearestKeptLine(newLineOf, span.start) };
}

/** Where line `line` of the old file went, or where the nearest kept line above (else below) it went. */
function nearestKeptLine(newLineOf: readonly number[], line: number): number {
  for (let above = line - 1; above >= 0; above--) {
    const at = newLineOf[above];
    if (at) return at + (line - 1 - above);
  }
  for (let below = line; below < newLineOf.length; below++) {
    const at = newLineOf[below];
    if (at) return Math.max(1, at - (below - (line - 1)));
  }
  return line;
}
