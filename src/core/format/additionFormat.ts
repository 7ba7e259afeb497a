/**
 * The addition file: one product write to one bug, as YAML (additions.ts says what it holds and
 * why). Written once and never changed, so its text is simply canonical; read with the same
 * safety as a bug file (size, token and nesting budget, no aliases, no tags, no prototype keys,
 * no raw control characters), and checked against the operation table: an operation that is not
 * an edit of the table, or an input its fields refuse, is a problem at the file, never applied.
 */
import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node as YamlNode } from 'yaml';
import { ADDITION_SCHEMA, type Addition } from '../model/additions';
import { OPERATIONS, validateInput, type EditOperationName } from '../model/operations';
import { isTimestamp } from '../model/time';
import { CHILD_ID_PATTERN } from '../model/ids';
import type { Problem } from './problems';
import { parseDocumentWithinBudget } from './complexity';
import { STRINGIFY_OPTIONS } from './format';
import { deepEqual } from './yamlDocument';

/** Largest addition file read: a snippet above the attachment threshold goes to an attachment. */
export const MAX_ADDITION_BYTES = 1024 * 1024;

export type AdditionParse =
  | { readonly ok: true; readonly addition: Addition }
  /** `newer`: written by a newer version (its bug is shown read-only). */
  | { readonly ok: false; readonly problems: Problem[]; readonly newer?: boolean };

const PARSE_OPTIONS = { uniqueKeys: true, maxAliasCount: 0, prettyErrors: false, schema: 'core', version: '1.2' } as const;
const KEYS = ['schema', 'op', 'at', 'level', 'input', 'ids', 'closedSession', 'leftOutNote', 'running', 'timeboxDefaults'] as const;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const NON_PRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const encoder = new TextEncoder();

/** The text of an addition file: keys in a fixed order, block style, multi-line text as literal blocks. */
export function stringifyAddition(addition: Addition): string {
  const plain: Record<string, unknown> = { schema: ADDITION_SCHEMA };
  for (const key of KEYS) {
    if (key === 'schema') continue;
    const value = (addition as unknown as Record<string, unknown>)[key];
    if (value !== undefined) plain[key] = value;
  }
  return new Document(plain).toString(STRINGIFY_OPTIONS);
}

/** stringifyAddition as bytes, checked to read back as the same addition (else it throws: nothing is written). */
export function additionBytes(addition: Addition): Uint8Array {
  const bytes = encoder.encode(stringifyAddition(addition));
  const back = parseAdditionBytes(bytes, 'check.yaml');
  if (!back.ok) throw new Error(`The addition could not be written as YAML that reads back (${back.problems[0]?.message ?? ''}); nothing was written.`);
  if (!deepEqual(stripUndefined(back.addition), stripUndefined(addition))) throw new Error('The addition would read back differently; nothing was written.');
  return bytes;
}

/** Parses one addition file's bytes; never throws on bad input. */
export function parseAdditionBytes(bytes: Uint8Array, file: string): AdditionParse {
  const fail = (message: string, line = 1, column = 1, code: Problem['code'] = 'bad-addition'): AdditionParse => ({
    ok: false,
    problems: [{ file, line, column, code, message, severity: 'error' }],
  });
  if (bytes.byteLength > MAX_ADDITION_BYTES) return fail(`The addition file is ${bytes.byteLength} bytes, over the ${MAX_ADDITION_BYTES}-byte limit.`);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail('The addition file is not valid UTF-8.', 1, 1, 'invalid-utf8');
  }
  if (text.trim() === '') return fail('The addition file is empty (a write that never finished?): it is left out of its bug.', 1, 1, 'empty-file');
  const control = NON_PRINTABLE.exec(text);
  if (control) return fail('The addition file holds a raw control character.', lineOf(text, control.index), 1, 'yaml-syntax');
  const lineCounter = new LineCounter();
  const parsed = parseDocumentWithinBudget(text, { ...PARSE_OPTIONS, lineCounter });
  if ('tooComplex' in parsed) return fail(parsed.tooComplex.message, lineOf(text, parsed.tooComplex.offset), 1, 'too-complex');
  const document = parsed.document;
  const syntax = document.errors[0];
  if (syntax) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    return fail(`${syntax.message.split('\n')[0] ?? ''} (the addition file does not parse; it is left out of its bug)`, line, col, 'yaml-syntax');
  }
  let value: unknown;
  try {
    value = toPlain(document.contents, 0);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (!isRecord(value)) return fail('An addition file is a YAML map starting with `schema: bug-levels/addition-v1`.');
  if (value.schema !== ADDITION_SCHEMA) {
    const newer = typeof value.schema === 'string' && /^bug-levels\/addition-v([2-9]|\d\d+)$/.test(value.schema);
    const message = newer
      ? `This addition uses ${value.schema}, newer than this version of Bug Levels knows; its bug is shown read-only.`
      : `An addition file starts with \`schema: ${ADDITION_SCHEMA}\`.`;
    return {
      ok: false,
      problems: [{ file, line: 1, column: 1, code: newer ? 'newer-schema' : 'bad-addition', message, severity: newer ? 'warning' : 'error' }],
      ...(newer ? { newer } : {}),
    };
  }
  for (const key of Object.keys(value)) if (!(KEYS as readonly string[]).includes(key)) return fail(`Unknown key '${key}' in an addition file.`);
  try {
    return { ok: true, addition: checkAddition(value) };
  } catch (error) {
    return fail(`${(error as Error).message} The addition is left out of its bug.`);
  }
}

/** The shape of an addition, checked against the operation table. */
function checkAddition(value: Record<string, unknown>): Addition {
  const op = value.op;
  if (typeof op !== 'string' || !Object.hasOwn(OPERATIONS, op) || OPERATIONS[op as EditOperationName].kind !== 'edit') {
    throw new Error(`'${String(op)}' is not an operation that changes a bug.`);
  }
  const name = op as EditOperationName;
  if (!isTimestamp(value.at)) throw new Error('`at` must be a UTC time like 2026-02-25T17:01:24Z.');
  if (!isRecord(value.input)) throw new Error('`input` must be a map.');
  const input = validateInput(name, value.input) as Readonly<Record<string, unknown>>;
  const addition: { -readonly [K in keyof Addition]: Addition[K] } = { op: name, at: value.at, input };
  if (value.level !== undefined) {
    if (value.level !== 1 && value.level !== 2 && value.level !== 3) throw new Error('`level` must be 1, 2 or 3.');
    addition.level = value.level;
  }
  if (value.ids !== undefined) {
    if (!Array.isArray(value.ids) || !value.ids.every((id) => typeof id === 'string' && CHILD_ID_PATTERN.test(id)))
      throw new Error('`ids` must be a list of ids.');
    addition.ids = value.ids as string[];
  }
  if (value.closedSession !== undefined) {
    const session = value.closedSession;
    if (!isRecord(session) || ![1, 2, 3].includes(session.level as number) || !isTimestamp(session.start) || !isTimestamp(session.end)) {
      throw new Error('`closedSession` must be { level, start, end, by? }.');
    }
    // `by`: an agent's session (issue 18) keeps who worked; absent, the person's.
    if (session.by !== undefined && (typeof session.by !== 'string' || session.by.trim() === '')) throw new Error("`closedSession`'s `by` must be a name.");
    addition.closedSession = {
      level: session.level as 1 | 2 | 3,
      start: session.start,
      end: session.end,
      ...(typeof session.by === 'string' ? { by: session.by } : {}),
    };
  }
  if (value.leftOutNote !== undefined) {
    if (typeof value.leftOutNote !== 'string') throw new Error('`leftOutNote` must be text.');
    addition.leftOutNote = value.leftOutNote;
  }
  if (value.running !== undefined) {
    const running = value.running;
    if (!isRecord(running) || typeof running.bugId !== 'string' || ![1, 2, 3].includes(running.level as number) || !isTimestamp(running.start)) {
      throw new Error('`running` must be { bugId, level, start }.');
    }
    addition.running = { bugId: running.bugId as never, level: running.level as 1 | 2 | 3, start: running.start };
  }
  if (value.timeboxDefaults !== undefined) {
    const defaults = value.timeboxDefaults;
    const minutes = (level: number): unknown => (isRecord(defaults) ? defaults[String(level)] : undefined);
    if (![1, 2, 3].every((level) => Number.isInteger(minutes(level)))) throw new Error('`timeboxDefaults` must give whole minutes for levels 1, 2 and 3.');
    addition.timeboxDefaults = { 1: minutes(1) as number, 2: minutes(2) as number, 3: minutes(3) as number };
  }
  return addition;
}

/** Plain values out of YAML nodes: refuses aliases, explicit tags and keys that name prototype members. */
function toPlain(node: unknown, depth: number): unknown {
  if (depth > 32) throw new Error('The addition file nests too deep.');
  if (node === null || node === undefined) return null;
  if (isAlias(node)) throw new Error('YAML aliases are not allowed in addition files.');
  const tagged = node as YamlNode & { tag?: string };
  if (tagged.tag) throw new Error(`Explicit YAML tags (${tagged.tag}) are not allowed in addition files.`);
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map((item) => toPlain(item, depth + 1));
  if (isMap(node)) {
    const result: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof key !== 'string' && typeof key !== 'number') throw new Error('Keys in addition files are plain text.');
      const name = String(key);
      if (FORBIDDEN_KEYS.has(name)) throw new Error(`The key '${name}' is not allowed.`);
      result[name] = toPlain(pair.value, depth + 1);
    }
    return result;
  }
  throw new Error('Unexpected YAML node in an addition file.');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripUndefined(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, Math.max(0, index)).split('\n').length;
}
