/**
 * File format v1: bytes -> Bug (with every problem located by file, line and column) and
 * Bug -> YAML text. Editing an existing file patches its YAML document and splices only the
 * changed parts into the original text (minimalEdit.ts), so a hand-edited file keeps its bytes,
 * comments, key order, unknown keys and line endings wherever the bug did not change.
 */
import { Document, isMap, isScalar, LineCounter, type ToStringOptions, type YAMLMap } from 'yaml';
import type { Bug } from '../model/types';
import type { Problem } from './problems';
import { validateBugDocument } from './validate';
import { bugToNode, deepEqual, patchBugDocument } from './yamlDocument';
import { lineEndingOf, spliceEdit } from './minimalEdit';
import { parseDocumentWithinBudget } from './complexity';
import { MIGRATIONS, type MigrationTable } from './migrations';
import { conflictMessage, conflictSide, findConflicts, type ConflictRegion } from './mergeConflict';

/** Largest bug file we parse; bigger logs belong in attachment files. */
export const MAX_BUG_FILE_BYTES = 1024 * 1024;
/** Most problems reported for one file; a broken file can make thousands, one screen is enough. */
export const MAX_PROBLEMS_PER_FILE = 50;

export interface ParseOptions {
  /** Refuse files larger than this (default MAX_BUG_FILE_BYTES). */
  readonly maxBytes?: number;
  /** Schema upgrade steps (default: the real table). */
  readonly migrations?: MigrationTable;
}

/** A file that parsed and validated, with what an edit needs to change only what changed. */
export interface ParsedBug {
  readonly ok: true;
  readonly bug: Bug;
  /** The parsed document (after any schema migration); its node ranges point into `text`. */
  readonly document: Document;
  /** The file's text, without a byte order mark. */
  readonly text: string;
  /** The file started with a UTF-8 byte order mark (kept when the file is written). */
  readonly bom: boolean;
  readonly problems: Problem[];
  readonly readOnly: boolean;
  /** The older schema version the document was upgraded from in memory, if it was. */
  readonly migratedFrom?: number;
}

export type ParseResult = ParsedBug | { readonly ok: false; readonly problems: Problem[] };

/**
 * The parser's settings. `uniqueKeys: false` because yaml's own duplicate-key check is
 * quadratic in a map's size (seconds for 20,000 keys); validate.ts checks duplicates with a Set.
 * No aliases at all (alias bombs), YAML 1.2 core schema (no implicit timestamps or `yes`/`no`).
 */
const PARSE_OPTIONS = { uniqueKeys: false, maxAliasCount: 0, prettyErrors: false, schema: 'core', version: '1.2' } as const;

/** Writing: no line folding of long logs, literal blocks for multi-line text, never anchors. */
export const STRINGIFY_OPTIONS: ToStringOptions = { lineWidth: 0, minContentWidth: 0, blockQuote: 'literal', indentSeq: true };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();
const utf8Lenient = new TextDecoder('utf-8', { ignoreBOM: true });
const BOM = '\uFEFF';
/**
 * C0 control characters other than tab and line breaks: YAML 1.2 allows them nowhere, not even
 * inside quotes (there they must be escapes). The yaml package lets them through; refused here, a
 * title or log cannot carry raw terminal escape sequences into the CLI's output or the editor.
 * Our own writer always escapes them.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const NON_PRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** Parses a bug file's raw bytes: refuses oversized files before parsing and reports invalid UTF-8. */
export function parseBugBytes(bytes: Uint8Array, file: string, options: ParseOptions = {}): ParseResult {
  const maxBytes = options.maxBytes ?? MAX_BUG_FILE_BYTES;
  if (bytes.byteLength > maxBytes) return fileTooLarge(file, bytes.byteLength, maxBytes);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const lenient = utf8Lenient.decode(bytes);
    const { line, column } = positionOf(lenient, lenient.indexOf('\uFFFD'));
    return fail(file, line, column, 'invalid-utf8', 'The file is not valid UTF-8; save it as UTF-8.');
  }
  return parseBug(text, file, options);
}

/** The refusal of a file of `size` bytes, over `maxBytes` (known from its size alone, before it is read). */
export function fileTooLarge(file: string, size: number, maxBytes = MAX_BUG_FILE_BYTES): ParseResult {
  return fail(
    file,
    1,
    1,
    'file-too-large',
    `The file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit for a bug file; move large logs into attachments.`,
  );
}

/** Parses and validates the text of one bug file. Never throws on bad input. */
export function parseBug(fileText: string, file: string, options: ParseOptions = {}): ParseResult {
  const maxBytes = options.maxBytes ?? MAX_BUG_FILE_BYTES;
  if (fileText.length > maxBytes) {
    return fail(file, 1, 1, 'file-too-large', `The file is over the ${formatBytes(maxBytes)} limit for a bug file; move large logs into attachments.`);
  }
  const bom = fileText.startsWith(BOM);
  const text = bom ? fileText.slice(1) : fileText;
  if (text.trim() === '') return fail(file, 1, 1, 'empty-file', 'The file is empty: a bug file is a YAML map starting with `schema: bug-levels/v1`.');
  const conflicts = findConflicts(text);
  if (conflicts.length) return parseConflicted(text, conflicts, file, options);
  const lineCounter = new LineCounter();
  const control = NON_PRINTABLE.exec(text);
  if (control) {
    const { line, column } = positionOf(text, control.index);
    const code = `U+${(control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    return {
      ok: false,
      problems: [
        {
          file,
          line,
          column,
          code: 'yaml-syntax',
          message: `The control character ${code} is not allowed in YAML; inside double quotes write it as an escape (\\u${code.slice(2)}).`,
          severity: 'error',
        },
      ],
    };
  }
  let document: Document;
  try {
    // Within the token and nesting budget (complexity.ts), counted on the parser's own tokens.
    const parsed = parseDocumentWithinBudget(text, { ...PARSE_OPTIONS, lineCounter });
    if ('tooComplex' in parsed) {
      const { line, column } = positionOf(text, parsed.tooComplex.offset);
      return fail(file, line, column, 'too-complex', parsed.tooComplex.message);
    }
    document = parsed.document;
  } catch (error) {
    // yaml reports its own errors in document.errors; a throw here is a stack overflow or similar.
    return fail(file, 1, 1, 'too-complex', `The YAML parser gave up: ${(error as Error).message}`);
  }
  if (document.errors.length > 0) {
    const problems = document.errors.map((error): Problem => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { file, line, column: col, code: 'yaml-syntax', yamlCode: error.code, message: firstLine(error.message), severity: 'error' };
    });
    return { ok: false, problems: capped(problems) };
  }
  const validated = validateBugDocument(document, lineCounter, file, options.migrations ?? MIGRATIONS);
  if (!validated.bug) return { ok: false, problems: capped(validated.problems) };
  const parsed: ParsedBug = { ok: true, bug: validated.bug, document, text, bom, problems: capped(validated.problems), readOnly: validated.readOnly };
  return validated.migratedFrom === undefined ? parsed : { ...parsed, migratedFrom: validated.migratedFrom };
}

/**
 * A file with git's conflict markers (mergeConflict.ts): a merge-conflict error at each marker,
 * and the bug as the first side (else the second) wrote it, read-only, so it stays in view.
 */
function parseConflicted(text: string, conflicts: readonly ConflictRegion[], file: string, options: ParseOptions): ParseResult {
  const problems = conflicts.map((region): Problem => ({
    file,
    line: region.start,
    column: 1,
    code: 'merge-conflict',
    message: conflictMessage(region, file),
    severity: 'error',
  }));
  for (const side of ['ours', 'theirs'] as const) {
    const parsed = parseBug(conflictSide(text, side), file, options);
    if (parsed.ok) return { ...parsed, readOnly: true, problems };
  }
  return { ok: false, problems };
}

/** The canonical text of a bug: stable key order, block style, flow style for short entries. */
export function stringifyBug(bug: Bug): string {
  const document = new Document();
  document.contents = bugToNode(document, bug);
  return document.toString(STRINGIFY_OPTIONS);
}

/** An edited bug file, checked: its text, the bytes to write, and their parse. */
export interface CheckedEdit {
  /** The file's new text, byte order mark included when the file had one. */
  readonly text: string;
  /** `text` as UTF-8: exactly what the check parsed, so exactly what must be written. */
  readonly bytes: Uint8Array;
  /**
   * The parse of `bytes` (the check). It is what parsing the written file gives, so the next
   * edit of the same file can reuse it when the file still holds these bytes.
   */
  readonly parsed: ParsedBug;
}

/**
 * The text of the parsed file after its bug became `after`. Only what changed is rewritten: the
 * other keys, list items, comments and blank lines keep their bytes, and the file keeps its line
 * endings and byte order mark. A file upgraded from an older schema is rewritten whole (in the
 * current schema). The result is checked to parse back to `after` before it is returned; a
 * failed check falls back to rendering the whole document, and throws if even that fails, so a
 * caller never writes text that would not load.
 */
export function updateBugText(parsed: ParsedBug, after: Bug): string {
  return editBugFile(parsed, after).text;
}

/**
 * updateBugText, also returning the bytes to write and the parse of exactly those bytes (the
 * check), which names `file` in its problems. Never changes `parsed` (its document may be reused).
 */
export function editBugFile(parsed: ParsedBug, after: Bug, file = 'check.yaml'): CheckedEdit {
  const prefix = parsed.bom ? BOM : '';
  if (parsed.migratedFrom === undefined) {
    const patched = copyForPatch(parsed.document, parsed.bug, after);
    patchBugDocument(patched, parsed.bug, after);
    const spliced = spliceEdit(parsed, patched, parsed.bug, after, STRINGIFY_OPTIONS);
    const checked = spliced === undefined ? undefined : readBack(prefix + spliced, after, file);
    if (checked?.ok) return checked.edit;
  }
  // The whole document, each changed value in a fresh node of the canonical style.
  const fresh = parsed.document.clone();
  patchBugDocument(fresh, parsed.bug, after, { keepScalarStyle: false });
  const eol = lineEndingOf(parsed.text);
  const whole = fresh.toString(STRINGIFY_OPTIONS);
  const rendered = eol === '\n' ? whole : whole.replace(/\n/g, eol);
  const checked = readBack(prefix + rendered, after, file);
  if (checked.ok) return checked.edit;
  throw new Error(`The edited bug could not be written as YAML that reads back the same (${checked.failure}); nothing was written.`);
}

/**
 * A copy of `document` that patchBugDocument may change without changing `document`. Only the
 * top-level pairs whose value differs between `before` and `after` are deep-copied (the patcher
 * changes nothing else); the others are shared. A deep copy of the whole document was a large
 * part of an edit's time, and an edit usually changes two or three of its keys.
 */
function copyForPatch(document: Document, before: Bug, after: Bug): Document {
  const root = document.contents;
  if (!isMap(root)) return document.clone();
  const was = before as unknown as Record<string, unknown>;
  const now = after as unknown as Record<string, unknown>;
  // Document.clone without its contents (schema, directives, options), then the contents by hand.
  document.contents = null;
  let copy: Document;
  try {
    copy = document.clone();
  } finally {
    document.contents = root;
  }
  // The root map itself, shallow: its own list of pairs, the unchanged pairs shared.
  const map = Object.create(Object.getPrototypeOf(root) as object, Object.getOwnPropertyDescriptors(root)) as YAMLMap<unknown, unknown>;
  map.schema = copy.schema;
  if (root.range) map.range = [...root.range];
  map.items = root.items.map((pair) => {
    // Over-copying is harmless, so any key that is not a plain scalar is copied too.
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    const untouched = typeof key === 'string' && deepEqual(was[key], now[key]);
    return untouched ? pair : pair.clone(copy.schema);
  });
  copy.contents = map;
  return copy;
}

/**
 * The check of an edit: `text`, as the UTF-8 bytes that will be written, parses (without the size
 * limit: it is our own output) to exactly `bug`; else why not (a file grown past the node limit,
 * a value the format cannot hold). Checking the bytes, not the string, also catches what encoding
 * would change (a lone surrogate becomes U+FFFD).
 */
function readBack(text: string, bug: Bug, file: string): { ok: true; edit: CheckedEdit } | { ok: false; failure: string } {
  const bytes = encoder.encode(text);
  const back = parseBugBytes(bytes, file, { maxBytes: Number.MAX_SAFE_INTEGER });
  if (!back.ok) return { ok: false, failure: back.problems.find((problem) => problem.severity === 'error')?.message ?? 'it does not load' };
  if (!deepEqual(back.bug, bug)) return { ok: false, failure: 'it loads as a different bug' };
  return { ok: true, edit: { text, bytes, parsed: back } };
}

/** The first MAX_PROBLEMS_PER_FILE problems, and a note of how many more there were. */
function capped(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS_PER_FILE) return problems;
  const last = problems[MAX_PROBLEMS_PER_FILE] as Problem;
  const more = problems.length - MAX_PROBLEMS_PER_FILE;
  return [...problems.slice(0, MAX_PROBLEMS_PER_FILE), { ...last, message: `${more} more problems in this file, the next one: ${last.message}` }];
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
