/**
 * Journal text in markdown, rendered as the literal text and nothing else: a title like
 * `<script>`, `$$x$$`, `[a](b)` or `a | b` must not become HTML, math, a link or a new table
 * cell, on GitHub or in VS Code's preview.
 */

/**
 * One line of inline markdown that renders as the literal text: line breaks become spaces and
 * every ASCII character markdown, GFM tables or math give a meaning to is backslash-escaped.
 * Inside a table cell `\|` is what keeps the cell whole (GFM splits cells before escapes).
 */
export function inline(text: string): string {
  return text
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]<>()#+!|~$&]/g, (char) => `\\${char}`);
}

/**
 * Like inline(), for text that starts a line (a note's lines in a block quote): a leading
 * `-`, `=`, or `1.` would make a list, a heading underline or a numbered list.
 */
export function lineStart(text: string): string {
  return inline(text)
    .replace(/^(-|=)/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * A fenced code block whose fence is longer than any backtick run inside, so nothing in the
 * text can close it early; whatever is inside renders verbatim.
 */
export function fenced(text: string, language = 'text'): string[] {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${language}`, ...text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n'), fence];
}

/** A code span that holds any text: delimiters longer than its backtick runs, padded with spaces. Not for table cells. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || /^ .* $/.test(flat) ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}
