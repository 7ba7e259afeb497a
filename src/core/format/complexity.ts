/**
 * Bounds the YAML parser's work before it starts. The parser spends 3 to 15 µs on each token
 * (a key, a value, a `-`, `:` or `,`, a comment, a line), the most when the token is an error,
 * so a 1 MiB file of tiny tokens (`a,a,a,...`, `[,,,,]`, 400,000 lines of `:`, of comments or
 * blank) costs it 1.5 to 7 seconds, and deep flow nesting (`[[[[...`) ends in a stack overflow
 * after a third of a second. Both are cheap to see in the raw text: one pass over the characters
 * counts the tokens and the nesting depth, and the file is refused where a limit is passed.
 *
 * Block scalars (`|`, `>`: logs) count as one token however their content looks, quoted text as
 * one however long. The count may be a little more than the parser's (a plain scalar over several
 * lines), never less.
 */

/**
 * Most tokens a bug file may have: the parser needs about 0.2 s for this many valid ones and up
 * to 0.8 s when each is an error. A real bug with 1,000 sessions, 200 hypotheses and 500
 * timeline events has about 27,000. An edit that would pass the limit is refused (the file
 * stays as it was), so a file we write always loads again.
 */
export const MAX_TOKENS = 50_000;
/** Most YAML nodes a parsed bug file may hold (validate.ts checks it after parsing too). */
export const MAX_NODES = 50_000;
/** Deepest nesting (of `[`/`{`, or of indented blocks and `- ` items) a bug file may have; v1 needs 4. */
export const MAX_DEPTH = 32;

export interface ComplexityIssue {
  /** Offset in the text where the limit was passed. */
  readonly offset: number;
  readonly message: string;
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;

/** The first limit the text passes, or undefined when it is within bounds. */
export function scanComplexity(text: string, maxTokens = MAX_TOKENS, maxDepth = MAX_DEPTH): ComplexityIssue | undefined {
  let tokens = 0;
  let flowDepth = 0;
  /** Columns of the enclosing block lines: a deeper indent opens a level, a shallower one closes. */
  const indents: number[] = [];
  /** While >= 0: inside a block scalar; lines indented more than this column are its content. */
  let blockParent = -1;
  let quote = 0; // the open quote character, 0 when none (quoted scalars may span lines)
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let indent = lineStart;
    while (indent < lineEnd && text.charCodeAt(indent) === SPACE) indent++;
    const column = indent - lineStart;
    if (blockParent >= 0 && quote === 0) {
      if (isBlank(text, indent, lineEnd) || column > blockParent) {
        lineStart = lineEnd + 1;
        continue;
      }
      blockParent = -1;
    }
    if (quote === 0) tokens++; // a line outside a block scalar or quotes is work for the parser, even blank
    let blockDepth = 0;
    if (quote === 0 && flowDepth === 0 && !isBlank(text, indent, lineEnd) && text.charCodeAt(indent) !== 0x23 /* # */) {
      while (indents.length > 0 && (indents[indents.length - 1] as number) > column) indents.pop();
      if (indents.length === 0 || (indents[indents.length - 1] as number) < column) indents.push(column);
      blockDepth = indents.length;
      if (blockDepth > maxDepth) return { offset: indent, message: tooDeep(maxDepth) };
    }
    let tokenStart = true; // the previous character ends a token (space, indicator, line start)
    let scalarColumn = column; // column of the last token that began on this line
    for (let i = quote === 0 ? indent : lineStart; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (quote !== 0) {
        if (quote === 0x22 && c === 0x5c)
          i++; // backslash escape in "..."
        else if (c === quote) {
          if (quote === 0x27 && text.charCodeAt(i + 1) === 0x27)
            i++; // '' in '...'
          else quote = 0;
        }
        continue;
      }
      if (c === SPACE || c === TAB || c === CR) {
        tokenStart = true;
        continue;
      }
      if (c === 0x23 /* # */ && tokenStart) {
        tokens++; // a comment runs to the end of the line
        break;
      }
      const next = text.charCodeAt(i + 1);
      const nextEnds = i + 1 >= lineEnd || next === SPACE || next === TAB || next === CR;
      if ((c === 0x5b /* [ */ || c === 0x7b) /* { */ && (tokenStart || flowDepth > 0)) {
        tokens++;
        if (++flowDepth > maxDepth) return { offset: i, message: tooDeep(maxDepth) };
        tokenStart = true;
      } else if ((c === 0x5d /* ] */ || c === 0x7d) /* } */ && flowDepth > 0) {
        tokens++;
        flowDepth--;
        tokenStart = false;
      } else if (c === 0x2c /* , */ && flowDepth > 0) {
        tokens++;
        tokenStart = true;
      } else if (c === 0x2d /* - */ && tokenStart && flowDepth === 0 && nextEnds) {
        tokens++;
        if (++blockDepth > maxDepth) return { offset: i, message: tooDeep(maxDepth) }; // `- - - x`
        scalarColumn = i - lineStart;
        if (startsBlockScalar(text, i + 1, lineEnd)) {
          blockParent = scalarColumn;
          break;
        }
        tokenStart = true;
      } else if (c === 0x3a /* : */ && (nextEnds || (flowDepth > 0 && (next === 0x2c || next === 0x5d || next === 0x7d)))) {
        tokens++;
        if (flowDepth === 0 && startsBlockScalar(text, i + 1, lineEnd)) {
          blockParent = scalarColumn;
          break;
        }
        tokenStart = true;
      } else {
        if (tokenStart) {
          tokens++; // a scalar (or anchor, tag, document marker) starts
          scalarColumn = i - lineStart;
          if (c === 0x22 /* " */ || c === 0x27 /* ' */) quote = c;
        }
        tokenStart = false;
      }
      if (tokens > maxTokens) return { offset: i, message: tooMany(maxTokens) };
    }
    if (tokens > maxTokens) return { offset: indent, message: tooMany(maxTokens) }; // a comment line
    lineStart = lineEnd + 1;
  }
  return undefined;
}

function tooMany(maxTokens: number): string {
  return `The file has more than ${maxTokens} YAML tokens (keys, values, punctuation, comments); a bug file is far smaller. Move large data into attachments.`;
}

function tooDeep(maxDepth: number): string {
  return `The file nests deeper than ${maxDepth} levels; a bug file never does.`;
}

/** True when the rest of the line after an indicator is a block scalar header (`|`, `>-`, `|2 # c`). */
function startsBlockScalar(text: string, from: number, lineEnd: number): boolean {
  return /^[ \t]*[|>][0-9+-]{0,2}(?:[ \t]+#.*)?[ \t\r]*$/.test(text.slice(from, lineEnd));
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== TAB && c !== CR) return false;
  }
  return true;
}
