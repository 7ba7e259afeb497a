/**
 * The context recorded with a snippet at capture time: a few lines just above and below its
 * lines, so that stage 3 (searchAnchor.ts) can tell its code from look-alikes after edits.
 */
import { MAX_CONTEXT } from '../operations';
import type { LineSpan } from './anchorText';

/** Lines of context taken on each side. */
export const CONTEXT_LINES = 3;

/**
 * The operation inputs `contextBefore` and `contextAfter` (lines joined by newlines) for the lines
 * `span` of a file's `lines`; the farthest lines are left out when they would not fit MAX_CONTEXT.
 */
export function captureContext(lines: readonly string[], span: LineSpan): { contextBefore: string; contextAfter: string } {
  const before = lines.slice(Math.max(0, span.start - 1 - CONTEXT_LINES), Math.max(0, span.start - 1));
  const after = lines.slice(span.end, span.end + CONTEXT_LINES);
  return { contextBefore: fit(before.reverse()).reverse().join('\n'), contextAfter: fit(after).join('\n') };
}

/** The first lines (nearest the snippet) that fit MAX_CONTEXT characters together. */
function fit(nearestFirst: readonly string[]): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const line of nearestFirst) {
    used += line.length + (kept.length ? 1 : 0);
    if (used > MAX_CONTEXT) break;
    kept.push(line);
  }
  return kept;
}
