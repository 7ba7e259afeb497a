/**
 * Journal text in markdown, rendered as the literal text and nothing else: a title like
 * `<script>`, `$$x$$`, `[a](b)` or `a | b` must not become HTML, math, a link or a new table
 * cell, on GitHub or in VS Code's preview.
 */

/**
 * One line of inline markdown that renders as the literal text: line breaks become spaces, and a
 * character is backslash-escaped only where markdown (CommonMark, GFM, math as GitHub and VS
 * Code's preview read it) would act on it in that position, so pasted text stays clean
 * (`slice()`, `($10.00 -> $12.00)`, `~30 s` stay as they are):
 * - always: `` ` `` (code), `*` (emphasis), `<` (HTML, autolinks), `[` `]` (links, images, footnotes);
 * - `\` before ASCII punctuation or at the end (it would escape what follows);
 * - `_` unless between letters or digits (intraword `_` never emphasises);
 * - `~` and `$` where they could close strikethrough or math (at the start or after a non-space, `$` not before a
 *   digit) or stand doubled: an opener without a closer renders as itself, and the retro's own
 *   text around journal text has neither;
 * - `&` before an entity name (`&amp;`), `#` starting a heading or ending one (its closing run),
 *   and at the start, what would begin a block in a list item (`- `, `+ `, `> `, `1. `).
 * Table cells need `|` escaped as well: cell().
 */
export function inline(text: string): string {
  const flat = text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').trim();
  const chars = [...flat];
  const out = chars.map((char, i) => {
    const before = chars[i - 1] ?? '';
    const after = chars[i + 1] ?? '';
    const word = (c: string): boolean => /[\p{L}\p{N}]/u.test(c);
    switch (char) {
      case '`':
      case '*':
      case '<':
      case '[':
      case ']':
        return `\\${char}`;
      case '\\':
        return after === '' || /[!-/:-@[-`{-~]/.test(after) ? '\\\\' : char;
      case '_':
        return word(before) && word(after) ? char : '\\_';
      case '~':
        return after === '~' || before === '~' || !/\s/u.test(before || 'x') ? '\\~' : char;
      case '$':
        return after === '$' || before === '$' || (!/\s/u.test(before || 'x') && !/\d/.test(after)) ? '\\$' : char;
      case '&':
        return /^&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.test(chars.slice(i).join('')) ? '\\&' : char;
      case '#':
        return (i === 0 && /^(#|\s|)$/u.test(after)) || (i === chars.length - 1 && /(^|\s)#+$/u.test(flat)) ? '\\#' : char;
      default:
        return char;
    }
  });
  const escaped = out.join('');
  return escaped.replace(/^([-+>])(?=\s|$)/, '\\$1').replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2');
}

/** inline() for a GFM table cell: `\|` too, which keeps the cell whole (GFM splits cells before escapes). */
export function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}

/**
 * Like inline(), for text that starts a line (a note's lines in a block quote): a leading
 * `-`, `=`, or `1.` would make a list, a heading underline or a numbered list.
 */
export function lineStart(text: string): string {
  return inline(text)
    .replace(/^(-|=|\+|>)/, '\\$1')
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
