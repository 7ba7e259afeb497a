/**
 * The text arithmetic of anchors: line ranges as the format writes them ("12", "10-12"), and the
 * whitespace-insensitive form in which a snippet's code is compared with a file's lines (a
 * formatter that re-indents or re-spaces the code leaves it where it was).
 */

/** A 1-based, inclusive range of lines. */
export interface LineSpan {
  readonly start: number;
  readonly end: number;
}

/** `12` or `10-12` as a span; undefined for anything else (or a range that ends before it starts). */
export function parseLineSpan(lines: string | undefined): LineSpan | undefined {
  const match = lines === undefined ? null : /^\s*(\d{1,9})\s*(?:-\s*(\d{1,9})\s*)?$/.exec(lines);
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  return start >= 1 && end >= start ? { start, end } : undefined;
}

/** The span as the format writes it: `12` for one line, `10-12` for more. */
export function formatLineSpan(span: LineSpan): string {
  return span.start === span.end ? `${span.start}` : `${span.start}-${span.end}`;
}

/** A file's lines, whatever its line endings (a trailing newline ends the last line, it adds none). */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n?|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** One line compared without its indentation or spacing: trimmed, runs of white space made one space. */
export function normalizeLine(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/** Lines as compared: each normalized, the blank ones left out (a blank line added or removed changes no code). */
export function normalizedCode(lines: readonly string[]): string {
  return lines
    .map(normalizeLine)
    .filter((line) => line !== '')
    .join('\n');
}

/** True when `lines` hold the snippet's code, whitespace aside (a partial-line selection is held by the line it came from). */
export function holdsCode(lines: readonly string[], code: string): boolean {
  if (code === '') return false;
  const held = normalizedCode(lines);
  return held === code || held.includes(code);
}

/** The lines of `span` in `lines` (clipped to the file). */
export function linesOf(lines: readonly string[], span: LineSpan): string[] {
  return lines.slice(span.start - 1, Math.min(span.end, lines.length));
}
