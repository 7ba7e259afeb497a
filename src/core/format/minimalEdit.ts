/**
 * Minimal-diff writes: the text of an edited bug file is its original text with only the changed
 * parts replaced. Every top-level key whose value did not change keeps its original bytes, and so
 * do the comment and blank lines between keys; in a changed block list (hypotheses, sessions,
 * timeline, ...) every unchanged item keeps its bytes too, so appending an entry adds lines and
 * touches none. People commit these files: a save that reformats lines it did not change makes
 * noisy diffs and needless merge conflicts.
 *
 * The file is cut into pieces by the positions the parser recorded (ranges of the original
 * document). A piece ends at the end of the line holding its last content character; the comment
 * and blank lines after it are a "gap" that belongs to the piece below (people write a comment
 * above the key it is about). Changed and new pieces are rendered from the patched document
 * without their leading comment (it stays in the gap) and without trailing comment lines (they are
 * in the next gap), then indented to where the original piece was.
 */
import { Document, isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Pair, YAMLMap, YAMLSeq, type ToStringOptions } from 'yaml';
import type { Bug } from '../model/types';
import { deepEqual, matchItems } from './yamlDocument';

type Plain = Record<string, unknown>;

/** What splicing needs from the parse of the original file. */
export interface SpliceSource {
  /** The text the document was parsed from (without a byte order mark). */
  readonly text: string;
  /** The document as parsed, whose node ranges point into `text`. */
  readonly document: Document;
}

/** `\r\n` when the file's first line break is one, else `\n`. */
export function lineEndingOf(text: string): '\n' | '\r\n' {
  const first = text.indexOf('\n');
  return first > 0 && text[first - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * The original text with the changes from `before` to `after` spliced in, the changed parts taken
 * from `patched` (the original document after patchBugDocument). Undefined when the file's layout
 * is not one this can cut safely (a flow or indented top-level map, a key not at a line start...):
 * the caller then renders the whole document.
 */
export function spliceEdit(source: SpliceSource, patched: Document, before: Bug, after: Bug, options: ToStringOptions): string | undefined {
  const original = source.document.contents;
  const root = patched.contents;
  if (!isMap(original) || original.flow || !isMap(root) || root.flow) return undefined;
  const text = source.text;
  const cuts = cutPieces(text, original.items, 'key');
  if (!cuts) return undefined;
  const eol = lineEndingOf(text);
  const render = new Renderer(options, eol);
  const indexByKey = new Map<string, number>();
  original.items.forEach((pair, index) => indexByKey.set(keyOf(pair), index));
  const was = before as unknown as Plain;
  const now = after as unknown as Plain;

  // A key the edit removed takes its lines with it, but not the comment and blank lines above
  // it: those go before the next piece written (the key that replaced it, or the next one kept).
  const kept = root.items.map((pair) => indexByKey.get(keyOf(pair)));
  let flushed = 0;
  const removedGaps = (position: number): string => {
    const nextKept = kept.slice(position).find((index) => index !== undefined) ?? original.items.length;
    let gaps = '';
    for (; flushed < nextKept; flushed++) if (flushed > 0 && !kept.includes(flushed)) gaps += cuts.gaps[flushed] ?? '';
    return gaps;
  };

  const pieces: string[] = [];
  for (const [position, pair] of root.items.entries()) {
    const key = keyOf(pair);
    const index = indexByKey.get(key);
    const carried = removedGaps(position);
    if (index === undefined) {
      pieces.push(carried + render.pair(pair));
      continue;
    }
    const gap = carried + (index === 0 ? '' : (cuts.gaps[index] ?? ''));
    // Keys the bug model does not know (kept for the user) are never changed by an edit.
    if (!(Object.hasOwn(was, key) || Object.hasOwn(now, key)) || deepEqual(was[key], now[key])) {
      pieces.push(gap + (cuts.slices[index] ?? ''));
      continue;
    }
    const spliced = spliceList(text, original.items[index] as Pair, pair, was[key], now[key], render);
    pieces.push(gap + (spliced ?? render.pair(pair)));
  }
  return assemble(cuts.head, pieces, removedGaps(root.items.length) + cuts.tail, eol, text.endsWith('\n'));
}

/**
 * A changed block list, item by item: unchanged items keep their bytes (matched the way
 * patchBugDocument matches them, by id or by position). Undefined when the list is not a block
 * list in both documents, or an item does not start on its own `- ` line.
 */
function spliceList(text: string, originalPair: Pair, patchedPair: Pair, was: unknown, now: unknown, render: Renderer): string | undefined {
  const originalSeq = originalPair.value;
  const seq = patchedPair.value;
  if (!Array.isArray(was) || !Array.isArray(now)) return undefined;
  if (!isSeq(originalSeq) || originalSeq.flow || originalSeq.items.length !== was.length || was.length === 0) return undefined;
  if (!isSeq(seq) || seq.flow || seq.items.length !== now.length) return undefined;
  const cuts = cutPieces(text, originalSeq.items as YamlNode[], 'item');
  if (!cuts) return undefined;
  const keyLine = lineStart(text, (originalPair.key as YamlNode).range?.[0] ?? -1);
  const head = text.slice(keyLine, lineStart(text, rangeOf(originalSeq.items[0] as YamlNode)[0]));
  const lastColumn = cuts.columns.at(-1) ?? 2;
  const matches = matchItems(was, now);
  const pieces = now.map((value, index) => {
    const from = matches[index];
    if (from === undefined) return render.item(seq.items[index] as YamlNode, lastColumn);
    const gap = from === 0 ? '' : (cuts.gaps[from] ?? '');
    if (deepEqual(was[from], value)) return gap + (cuts.slices[from] ?? '');
    return gap + render.item(seq.items[index] as YamlNode, cuts.columns[from] ?? lastColumn);
  });
  const pairText = text.slice(keyLine, cuts.ends.at(-1));
  return assemble(head, pieces, '', render.eol, pairText.endsWith('\n'));
}

interface Cuts {
  /** Text before the first piece (for the top level: the leading comment block). */
  readonly head: string;
  /** Each piece's own text, from its line start to the end of its last content line. */
  readonly slices: string[];
  /** The comment and blank lines before each piece (gaps[0] is unused: it is in `head`). */
  readonly gaps: string[];
  /** For list items: the column of each item's `-`. */
  readonly columns: number[];
  /** Where each piece ends. */
  readonly ends: number[];
  /** Text after the last piece (trailing comments). */
  readonly tail: string;
}

/**
 * Cuts the text at the pieces of one block collection: pairs (each key must start its line at
 * column 0) or list items (each on its own `- ` line). Undefined when that does not hold.
 */
function cutPieces(text: string, items: ReadonlyArray<Pair | YamlNode>, kind: 'key' | 'item'): Cuts | undefined {
  const starts: number[] = [];
  const ends: number[] = [];
  const columns: number[] = [];
  for (const item of items) {
    const node = isPair(item) ? item.key : item;
    if (!isNodeWithRange(node)) return undefined;
    const begin = node.range[0];
    const start = lineStart(text, begin);
    const lead = text.slice(start, begin);
    // A key starts its line (after a stray second byte order mark, on the first line).
    const keyStarts = lead === '' || (start === 0 && /^\uFEFF+$/.test(lead));
    if (kind === 'key' ? !keyStarts || !isScalar(node) : !/^ *-[ \t]+$/.test(lead)) return undefined;
    const end = lineEndAfter(text, contentEnd(isPair(item) ? item : node));
    if (end === undefined) return undefined;
    const previousEnd = ends.at(-1);
    if (previousEnd !== undefined && start < previousEnd) return undefined;
    starts.push(start);
    ends.push(end);
    columns.push(lead.indexOf('-'));
  }
  if (starts.length === 0) return undefined;
  const slices = starts.map((start, i) => text.slice(start, ends[i]));
  const gaps = starts.map((start, i) => (i === 0 ? '' : text.slice(ends[i - 1], start)));
  return { head: text.slice(0, starts[0]), slices, gaps, columns, ends, tail: text.slice(ends.at(-1)) };
}

/**
 * Joins pieces, putting a line break between two when the first lacks one (the file's last line
 * may), and ends with a line break exactly when the original text did.
 */
function assemble(head: string, pieces: readonly string[], tail: string, eol: string, endedWithBreak: boolean): string {
  let out = head;
  for (const piece of [...pieces, tail]) {
    if (piece === '') continue;
    if (out !== '' && !out.endsWith('\n')) out += eol;
    out += piece;
  }
  if (!endedWithBreak && out.endsWith(eol)) out = out.slice(0, -eol.length);
  if (endedWithBreak && !out.endsWith('\n')) out += eol;
  return out;
}

/** Renders single pairs and list items from the patched document, in the file's line endings. */
class Renderer {
  constructor(
    private readonly options: ToStringOptions,
    readonly eol: string,
  ) {}

  /** `key: value` lines at column 0, without the comment above the key or lines after the value. */
  pair(pair: Pair): string {
    const copy = pair.clone();
    clearLeading(copy.key);
    clearTrailing(copy.value);
    const map = new YAMLMap();
    map.items.push(copy);
    return this.toText(map, 0);
  }

  /** `- item` lines with the dash at `column`. */
  item(node: YamlNode, column: number): string {
    const copy = node.clone() as YamlNode;
    clearLeading(copy);
    clearTrailing(copy);
    const seq = new YAMLSeq();
    seq.items.push(copy);
    return this.toText(seq, column);
  }

  private toText(contents: YamlNode, column: number): string {
    const document = new Document();
    document.contents = contents;
    const indent = ' '.repeat(column);
    const lines = document.toString(this.options).split('\n');
    const last = lines.pop(); // '' after the final line break
    const shifted = lines.map((line) => (line === '' ? line : indent + line));
    return shifted.join(this.eol) + this.eol + (last ?? '');
  }
}

/** The comment and blank line yaml attached above a node: they stay in the original gap. */
function clearLeading(node: unknown): void {
  if (isNodeLike(node)) {
    node.commentBefore = undefined;
    node.spaceBefore = undefined;
  }
}

/**
 * Comment lines after a block collection are attached to its innermost last collection; they
 * stay in the original gap after the piece, so the rendered piece leaves them out.
 */
function clearTrailing(node: unknown): void {
  let current = node;
  while ((isMap(current) || isSeq(current)) && !current.flow && current.items.length > 0) {
    current.comment = undefined;
    const last = current.items[current.items.length - 1];
    current = isPair(last) ? (last.value ?? last.key) : last;
  }
}

/** The offset just after the last content character of a pair or node (comments excluded). */
function contentEnd(item: Pair | YamlNode): number {
  if (isPair(item)) return isNodeWithRange(item.value) ? contentEnd(item.value) : rangeOf(item.key as YamlNode)[1];
  if ((isMap(item) || isSeq(item)) && !item.flow && item.items.length > 0) return contentEnd(item.items[item.items.length - 1] as Pair | YamlNode);
  return rangeOf(item)[1];
}

function lineStart(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the line holding the character before `offset`, line break included. */
function lineEndAfter(text: string, offset: number): number | undefined {
  if (offset <= 0 || offset > text.length) return undefined;
  if (text[offset - 1] === '\n') return offset;
  const next = text.indexOf('\n', offset);
  return next < 0 ? text.length : next + 1;
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

function rangeOf(node: YamlNode): [number, number, number] {
  if (!node.range) throw new Error('A parsed node has no source range.');
  return node.range;
}

function isNodeWithRange(node: unknown): node is YamlNode & { range: [number, number, number] } {
  return isNodeLike(node) && Array.isArray((node as { range?: unknown }).range);
}

function isNodeLike(node: unknown): node is { commentBefore?: string | null; spaceBefore?: boolean } {
  return typeof node === 'object' && node !== null;
}
