/** Output as a person reads it: no colour codes, cursor moves or shell-integration marks. */
// Matching escape sequences is the point of these expressions.
/* eslint-disable no-control-regex */
export function stripTerminalEscapes(text: string): string {
  return text
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '')
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b[@-Z\\-_]/g, '')
    .replace(/\r\n/g, '\n')
    .replace(/\r/g, '');
}
/* eslint-enable no-control-regex */

/**
 * Characters never printed raw (issue 16): C0 controls but tab and line feed (ESC starts terminal
 * sequences, BEL rings, CR overwrites the line, NUL cuts strings), DEL, the C1 controls
 * U+0080-U+009F (U+009B is an 8-bit CSI) and the bidirectional controls that reorder what is
 * shown (U+202A-U+202E, U+2066-U+2069, and the marks U+200E, U+200F, U+061C), and the line and
 * paragraph separators U+2028, U+2029.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same, and tab and line feed: for what must stay on one line. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** What JSON.stringify leaves raw of the above (it escapes U+0000-U+001F itself). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(character: string): string {
  const named = NAMED[character];
  if (named) return named;
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Text for a terminal or a log: every unsafe character escaped visibly (`\x1B`, `\r`, `\u202E`); tabs and line breaks kept. */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** One line for a terminal: as escapeForTerminal, and line breaks and tabs escaped too (`\n`). */
export function escapeLine(text: string): string {
  return text.replace(UNSAFE_IN_LINE, visible);
}

/** JSON.stringify, with every unsafe character inside a string as a `\u` escape: still the same JSON value. */
export function jsonForTerminal(value: unknown, space?: number): string {
  return escapeJsonText(JSON.stringify(value, null, space));
}

/** JSON text (as JSON.stringify writes it) with the unsafe characters it leaves raw as `\u` escapes: the same JSON value. */
export function escapeJsonText(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
