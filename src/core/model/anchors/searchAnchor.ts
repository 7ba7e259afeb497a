/**
 * Stage 3 of resolving an anchor: the file is searched for the snippet's code with the lines
 * around it, nearest the place where it should be. A cheap pass scores every window of the
 * snippet's height by shared words (incrementally, so a whole file costs one pass over its
 * words); the best few windows are then compared word by word in order (the `diff` package's
 * diffArrays over the words), at a few heights, with the captured context above and below.
 */
import { diffArrays } from 'diff';
import { normalizedCode, type LineSpan } from './anchorText';

/** A candidate below this score is not the snippet's code: the anchor is outdated. */
export const ANCHOR_SCORE_THRESHOLD = 0.6;
/** Lines searched at most, centred on the predicted place: a huge file costs a bounded pass. */
export const MAX_SEARCH_LINES = 20_000;
/** Windows compared word by word, in order, after the word pass. */
const FINALISTS = 12;
/** How much the lines around the code count, when the snippet recorded them. */
const CONTEXT_WEIGHT = 0.2;
/** Words beyond which two texts are compared as bags of words (an ordered diff would cost too much). */
const MAX_ORDERED_WORDS = 1_500;
/**
 * An ordered diff gives up past this share of edits: likeness is 1 - edits / total length, so
 * beyond it the texts are far below the threshold anyway, and Myers' O((N+M)·D) stays bounded.
 */
const MAX_EDIT_SHARE = 0.45;

export interface SearchTarget {
  /** The snippet's code as captured (its lines). */
  readonly code: readonly string[];
  readonly before: readonly string[];
  readonly after: readonly string[];
  /** The line where the code should start (1-based). */
  readonly near: number;
}

export interface SearchHit {
  readonly span: LineSpan;
  /** How alike the code there is, from 0 to 1 (1: the same code, whitespace aside). */
  readonly textScore: number;
  /** The code's likeness and the context's, weighted: what is compared with the threshold. */
  readonly score: number;
}

/** The best place for the snippet's code in `lines`, or undefined when the file has no line like it. */
export function searchAnchor(lines: readonly string[], target: SearchTarget): SearchHit | undefined {
  const code = normalizedCode(target.code);
  const height = Math.max(1, target.code.length);
  if (code === '' || lines.length === 0) return undefined;
  const half = Math.floor(MAX_SEARCH_LINES / 2);
  const from = Math.max(0, Math.min(target.near - 1 - half, lines.length - MAX_SEARCH_LINES));
  const to = Math.min(lines.length, from + MAX_SEARCH_LINES);
  const starts = wordPass(lines, from, to, height, tokens(code), target.near - 1);
  let best: SearchHit | undefined;
  for (const start of starts) {
    for (const size of [height, height - 1, height + 1, height - 2, height + 2]) {
      if (size < 1 || start + size > lines.length) continue;
      const window = lines.slice(start, start + size);
      const held = normalizedCode(window);
      const textScore = held === code || (held.includes(code) && size <= height) ? 1 : likeness(held, code);
      const score =
        target.before.length + target.after.length === 0
          ? textScore
          : (1 - CONTEXT_WEIGHT) * textScore + CONTEXT_WEIGHT * contextScore(lines, start, size, target);
      const hit = { span: { start: start + 1, end: start + size }, textScore, score };
      if (!best || better(hit, best, target.near)) best = hit;
    }
  }
  return best;
}

/** Higher score first; of two alike, the one nearer the predicted place. */
function better(a: SearchHit, b: SearchHit, near: number): boolean {
  if (Math.abs(a.score - b.score) > 1e-9) return a.score > b.score;
  return Math.abs(a.span.start - near) < Math.abs(b.span.start - near);
}

/**
 * The start lines (0-based) of the FINALISTS windows of `height` lines in [from, to) that share
 * the most words with the code (Dice coefficient over word multisets), ties to the nearest.
 */
function wordPass(lines: readonly string[], from: number, to: number, height: number, codeWords: readonly string[], near: number): number[] {
  const wanted = new Map<string, number>();
  for (const word of codeWords) wanted.set(word, (wanted.get(word) ?? 0) + 1);
  const have = new Map<string, number>();
  // Each line's words once: the window adds a line's words when it reaches it and drops them when it leaves.
  const words: string[][] = [];
  const lineWords = (index: number): string[] => (words[index - from] ??= tokens(lines[index] ?? ''));
  let shared = 0;
  let size = 0;
  const add = (word: string, delta: 1 | -1): void => {
    const before = have.get(word) ?? 0;
    const after = before + delta;
    have.set(word, after);
    const cap = wanted.get(word) ?? 0;
    shared += Math.min(after, cap) - Math.min(before, cap);
    size += delta;
  };
  const scored: Array<{ start: number; dice: number }> = [];
  const last = Math.max(from, to - height);
  for (let index = from; index < Math.min(to, from + height); index++) for (const word of lineWords(index)) add(word, 1);
  for (let start = from; start <= last; start++) {
    if (start > from) {
      for (const word of lineWords(start - 1)) add(word, -1);
      if (start + height - 1 < to) for (const word of lineWords(start + height - 1)) add(word, 1);
    }
    const dice = size + codeWords.length === 0 ? 0 : (2 * shared) / (size + codeWords.length);
    if (dice > 0) scored.push({ start, dice });
  }
  scored.sort((a, b) => b.dice - a.dice || Math.abs(a.start - near) - Math.abs(b.start - near));
  return scored.slice(0, FINALISTS).map((entry) => entry.start);
}

/** Words and single punctuation marks: what the word pass counts. */
function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}

/** 0 to 1: twice the words two texts share in order, over their total count (diffArrays). */
function likeness(a: string, b: string): number {
  if (a === b) return 1;
  const wordsA = tokens(a);
  const wordsB = tokens(b);
  if (wordsA.length === 0 || wordsB.length === 0) return 0;
  if (wordsA.length + wordsB.length > MAX_ORDERED_WORDS) return wordLikeness(a, b);
  const changes = diffArrays(wordsA, wordsB, { maxEditLength: Math.ceil(MAX_EDIT_SHARE * (wordsA.length + wordsB.length)) });
  if (!changes) return Math.min(wordLikeness(a, b), 1 - MAX_EDIT_SHARE);
  const common = changes.filter((change) => !change.added && !change.removed).reduce((sum, change) => sum + change.value.length, 0);
  return (2 * common) / (wordsA.length + wordsB.length);
}

function wordLikeness(a: string, b: string): number {
  const counts = new Map<string, number>();
  const wordsA = tokens(a);
  const wordsB = tokens(b);
  for (const word of wordsA) counts.set(word, (counts.get(word) ?? 0) + 1);
  let shared = 0;
  for (const word of wordsB) {
    const left = counts.get(word) ?? 0;
    if (left > 0) {
      shared++;
      counts.set(word, left - 1);
    }
  }
  return wordsA.length + wordsB.length === 0 ? 0 : (2 * shared) / (wordsA.length + wordsB.length);
}

/** How alike the lines above and below the window are to the captured context (0 to 1). */
function contextScore(lines: readonly string[], start: number, size: number, target: SearchTarget): number {
  const parts: number[] = [];
  if (target.before.length) parts.push(likeness(normalizedCode(lines.slice(Math.max(0, start - target.before.length), start)), normalizedCode(target.before)));
  if (target.after.length) parts.push(likeness(normalizedCode(lines.slice(start + size, start + size + target.after.length)), normalizedCode(target.after)));
  return parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : 0;
}
