/**
 * File format v1: bytes -> Bug (with every problem located by file, line and column) and
 * Bug -> YAML text. Editing an existing file patches its YAML document in place, so a
 * hand-edited file keeps its comments, key order and unknown keys wherever the bug did not change.
 */
import { Document, LineCounter, parseDocument, type ToStringOptions } from 'yaml';
import type { Bug } from './types';
import type { Problem } from './problems';
import { validateBugDocument } from './validate';
import { bugToNode, patchBugDocument } from './yamlWriter';

/** Largest bug file we parse; bigger logs belong in attachment files. */
export const MAX_BUG_FILE_BYTES = 1024 * 1024;

export type ParseResult =
  | { readonly ok: true; readonly bug: Bug; readonly document: Document; readonly problems: Problem[]; readonly readOnly: boolean }
  | { readonly ok: false; readonly problems: Problem[] };

/**
 * The parser's settings. `uniqueKeys: false` because yaml's own duplicate-key check is
 * quadratic in a map's size (seconds for 20,000 keys); validate.ts checks duplicates with a Set.
 * No aliases at all (alias bombs), YAML 1.2 core schema (no implicit timestamps or `yes`/`no`).
 */
const PARSE_OPTIONS = { uniqueKeys: false, maxAliasCount: 0, prettyErrors: false, schema: 'core', version: '1.2' } as const;

/** Writing: no line folding of long logs, literal blocks for multi-line text, never anchors. */
export const STRINGIFY_OPTIONS: ToStringOptions = { lineWidth: 0, minContentWidth: 0, blockQuote: 'literal', indentSeq: true };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

/** Parses a bug file's raw bytes: refuses oversized files before parsing and reports invalid UTF-8. */
export function parseBugBytes(bytes: Uint8Array, file: string, maxBytes = MAX_BUG_FILE_BYTES): ParseResult {
  if (bytes.byteLength > maxBytes) {
    return fail(file, 1, 1, 'file-too-large', `The file is ${formatBytes(bytes.byteLength)}, over the ${formatBytes(maxBytes)} limit for a bug file; move large logs into attachments.`);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const lenient = utf8Lenient.decode(bytes);
    const { line, column } = positionOf(lenient, lenient.indexOf('\uFFFD'));
    return fail(file, line, column, 'invalid-utf8', 'The file is not valid UTF-8; save it as UTF-8.');
  }
  return parseBug(text, file);
}

/** Parses and validates the text of one bug file. Never throws on bad input. */
export function parseBug(text: string, file: string): ParseResult {
  if (text.length > MAX_BUG_FILE_BYTES) {
    return fail(file, 1, 1, 'file-too-large', `The file is over the ${formatBytes(MAX_BUG_FILE_BYTES)} limit for a bug file; move large logs into attachments.`);
  }
  if (text.trim() === '') return fail(file, 1, 1, 'empty-file', 'The file is empty: a bug file is a YAML map starting with `schema: bug-levels/v1`.');
  const lineCounter = new LineCounter();
  let document: Document;
  try {
    document = parseDocument(text, { ...PARSE_OPTIONS, lineCounter });
  } catch (error) {
    // yaml reports its own errors in document.errors; a throw here is a stack overflow or similar.
    return fail(file, 1, 1, 'too-complex', `The YAML parser gave up: ${(error as Error).message}`);
  }
  if (document.errors.length > 0) {
    const problems = document.errors.map((error): Problem => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { file, line, column: col, code: 'yaml-syntax', yamlCode: error.code, message: firstLine(error.message), severity: 'error' };
    });
    return { ok: false, problems };
  }
  const validated = validateBugDocument(document, lineCounter, file);
  if (!validated.bug) return { ok: false, problems: validated.problems };
  return { ok: true, bug: validated.bug, document, problems: validated.problems, readOnly: validated.readOnly };
}

/** The canonical text of a bug: stable key order, block style, flow style for short entries. */
export function stringifyBug(bug: Bug): string {
  const document = new Document();
  document.contents = bugToNode(document, bug);
  return document.toString(STRINGIFY_OPTIONS);
}

/**
 * The text of `document` (parsed from a file whose bug was `before`) after the bug became
 * `after`: only the parts that changed are rewritten.
 */
export function updateBugText(document: Document, before: Bug, after: Bug): string {
  const copy = document.clone();
  patchBugDocument(copy, before, after);
  return copy.toString(STRINGIFY_OPTIONS);
}

function fail(file: string, line: number, column: number, code: Problem['code'], message: string): ParseResult {
  return { ok: false, problems: [{ file, line, column, code, message, severity: 'error' }] };
}

function positionOf(text: string, index: number): { line: number; column: number } {
  if (index < 0) return { line: 1, column: 1 };
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
