/**
 * Builds and patches the YAML nodes of a bug file. New files get the canonical layout (stable
 * key order, block style, one-line flow maps for short history entries); an edit touches only
 * the nodes whose values changed, so comments and hand-made formatting elsewhere survive.
 */
import { isMap, isScalar, isSeq, Pair, Scalar, type Document, type Node as YamlNode, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Bug } from '../model/types';
import { BUG_KEYS, HYPOTHESIS_KEYS, LEVEL_CHANGE_KEYS, RESOLUTION_KEYS, SESSION_KEYS, SNIPPET_KEYS, TIMEBOX_KEYS, TIMELINE_KEYS } from './validate';

type Plain = Record<string, unknown>;

/** Key order per place in the file; paths use `*` for "any item of the list". */
const KEY_ORDER: Record<string, readonly string[]> = {
  '': BUG_KEYS,
  'levels.*': LEVEL_CHANGE_KEYS,
  'sessions.*': SESSION_KEYS,
  timebox: TIMEBOX_KEYS,
  'timeboxes.*': TIMEBOX_KEYS,
  'hypotheses.*': HYPOTHESIS_KEYS,
  'snippets.*': SNIPPET_KEYS,
  'timeline.*': TIMELINE_KEYS,
  resolution: RESOLUTION_KEYS,
};

/** Short entries written on one line (`- { level: 1, at: ... }`), which also merge well in git. */
const FLOW_PATHS = new Set(['tags', 'levels.*', 'sessions.*', 'timebox', 'timeboxes.*', 'timeline.*', 'hypotheses.*.evidence']);

/**
 * Keys an older form of the format used, and the key that replaces each: when an edit drops the
 * old key and adds the new one (the first timebox change of a file with a single `timebox`), the
 * new key is written where the old one stood.
 */
const REPLACED_KEYS: Readonly<Record<string, string>> = { timebox: 'timeboxes' };

/** The whole bug as a YAML node in canonical layout. */
export function bugToNode(doc: Document, bug: Bug): YamlNode {
  return styledNode(doc, bug as unknown as Plain, '');
}

export interface PatchOptions {
  /**
   * A changed text or number keeps its node, so its quoting (`'...'`, `"..."`, `|`) and its
   * comment stay; off, it gets a fresh node in the canonical style (the fallback when the
   * kept style cannot hold the new value).
   */
  readonly keepScalarStyle: boolean;
}

/** Rewrites, inside `doc`, only what differs between `before` (what `doc` holds) and `after`. */
export function patchBugDocument(doc: Document, before: Bug, after: Bug, options: PatchOptions = { keepScalarStyle: true }): void {
  const root = doc.contents;
  if (!isMap(root)) throw new Error('A bug document must hold a map.');
  new Patcher(doc, options).map(root, before as unknown as Plain, after as unknown as Plain, '');
}

class Patcher {
  constructor(
    private readonly doc: Document,
    private readonly options: PatchOptions,
  ) {}

  map(map: YAMLMap, before: Plain, after: Plain, path: string): void {
    const doc = this.doc;
    const order = KEY_ORDER[path] ?? [];
    const keys = [...new Set([...order, ...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys) {
      const was = before[key];
      const now = after[key];
      if (deepEqual(was, now)) continue;
      const childPath = path ? `${path}.${key}` : key;
      if (isAbsent(now)) {
        const replacement = REPLACED_KEYS[key];
        const index = map.items.findIndex((pair) => (isScalar(pair.key) ? pair.key.value : pair.key) === key);
        if (replacement !== undefined && index >= 0 && !isAbsent(after[replacement]) && isAbsent(before[replacement]) && !map.has(replacement)) {
          map.items[index] = new Pair(new Scalar(replacement), styledNode(doc, after[replacement], path ? `${path}.${replacement}` : replacement));
        } else map.delete(key);
        continue;
      }
      const existing = map.get(key, true) as YamlNode | null | undefined;
      if (existing === undefined || existing === null || was === undefined) {
        if (map.has(key)) map.set(key, styledNode(doc, now, childPath));
        else insertInOrder(map, new Pair(new Scalar(key), styledNode(doc, now, childPath)), order);
      } else if (isMap(existing) && isPlain(was) && isPlain(now)) {
        this.map(existing, was, now, childPath);
      } else if (isSeq(existing) && Array.isArray(was) && Array.isArray(now)) {
        this.seq(existing, was, now, `${childPath}.*`);
      } else if (this.keepsScalar(existing, was, now)) {
        (existing as Scalar).value = now;
      } else {
        map.set(key, styledNode(doc, now, childPath));
      }
    }
  }

  seq(seq: YAMLSeq, before: readonly unknown[], after: readonly unknown[], itemPath: string): void {
    const doc = this.doc;
    // A hand-written empty list (`hypotheses: []`) is a flow node: items added to it are written
    // in the list's canonical style (block, except the short lists of FLOW_PATHS), not on one line.
    if (before.length === 0 && seq.items.length === 0) seq.flow = FLOW_PATHS.has(itemPath.slice(0, -2));
    const matches = matchItems(before, after);
    const nodes = seq.items as YamlNode[];
    seq.items = after.map((value, index) => {
      const from = matches[index];
      if (from === undefined) return styledNode(doc, value, itemPath);
      const was = before[from];
      const node = nodes[from] as YamlNode;
      if (deepEqual(was, value)) return node;
      if (isMap(node) && isPlain(was) && isPlain(value)) {
        this.map(node, was, value, itemPath);
        return node;
      }
      if (this.keepsScalar(node, was, value)) {
        (node as Scalar).value = value;
        return node;
      }
      return styledNode(doc, value, itemPath);
    });
  }

  private keepsScalar(node: unknown, was: unknown, now: unknown): boolean {
    return this.options.keepScalarStyle && isScalar(node) && isScalarValue(was) && isScalarValue(now);
  }
}

function isScalarValue(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

/**
 * Which item of `before` each item of `after` is (undefined: a new item). Lists of hypotheses and
 * snippets are matched by id, so a delete in the middle keeps every other item's node (and its
 * comments) as it was; other lists by position.
 */
export function matchItems(before: readonly unknown[], after: readonly unknown[]): Array<number | undefined> {
  if (hasIds(before) && hasIds(after)) {
    const indexById = new Map(before.map((value, index) => [value.id, index]));
    return after.map((value) => indexById.get(value.id));
  }
  return after.map((_, index) => (index < before.length ? index : undefined));
}

/** A node for `value` at `path`: canonical key order, empty lists left out, flow where short. */
function styledNode(doc: Document, value: unknown, path: string): YamlNode {
  const node = doc.createNode(canonical(value, path), { aliasDuplicateObjects: false }) as YamlNode;
  applyFlow(node, path);
  return node;
}

function canonical(value: unknown, path: string): unknown {
  if (Array.isArray(value)) return value.map((item) => canonical(item, `${path}.*`));
  if (!isPlain(value)) return value;
  const order = KEY_ORDER[path] ?? Object.keys(value);
  const keys = [...order, ...Object.keys(value).filter((key) => !order.includes(key))];
  const out: Plain = {};
  for (const key of keys) {
    const child = value[key];
    if (!isAbsent(child)) out[key] = canonical(child, path ? `${path}.${key}` : key);
  }
  return out;
}

function applyFlow(node: unknown, path: string): void {
  if (isMap(node) || isSeq(node)) {
    if (FLOW_PATHS.has(path)) node.flow = true;
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key instanceof Scalar ? String(pair.key.value) : String(pair.key);
      applyFlow(pair.value, path ? `${path}.${key}` : key);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) applyFlow(item, `${path}.*`);
  }
}

function insertInOrder(map: YAMLMap, pair: Pair, order: readonly string[]): void {
  const rank = (key: unknown): number => {
    const index = order.indexOf(String(key instanceof Scalar ? key.value : key));
    return index < 0 ? order.length : index;
  };
  const own = rank(pair.key);
  // After the last key that comes before it in the canonical order, so an unknown key in the
  // middle of a hand-edited file does not pull the new key in front of known ones (tags, ...).
  let after = -1;
  map.items.forEach((existing, index) => {
    if (rank(existing.key) <= own) after = index;
  });
  if (after >= 0) {
    map.items.splice(after + 1, 0, pair);
    return;
  }
  const at = map.items.findIndex((existing) => rank(existing.key) > own);
  if (at < 0) map.items.push(pair);
  else map.items.splice(at, 0, pair);
}

/** Undefined, or an empty list: both are written as "key left out". */
function isAbsent(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.length === 0);
}

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasIds(items: readonly unknown[]): items is ReadonlyArray<Plain & { id: string }> {
  return items.every((item) => isPlain(item) && typeof item.id === 'string');
}

/** Structural equality of plain data (strings, numbers, arrays, plain objects). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isPlain(a) && isPlain(b)) {
    const aKeys = Object.keys(a).filter((key) => a[key] !== undefined);
    const bKeys = Object.keys(b).filter((key) => b[key] !== undefined);
    return aKeys.length === bKeys.length && aKeys.every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}
