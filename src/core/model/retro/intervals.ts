/**
 * Time as sets of half-open intervals [start, end) in milliseconds. The retro counts time as
 * the union of intervals (two windows recording the same minute count it once), so every sum
 * goes through `union` first.
 */

/** [start, end) in milliseconds since the epoch. */
export type Interval = readonly [number, number];

/** Sorted, non-overlapping, non-empty intervals covering the same time as `intervals`. */
export function union(intervals: Iterable<Interval>): Interval[] {
  const sorted = [...intervals].filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/** The time covered by both `a` and `b` (each given as a union). */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aStart, aEnd] = a[i] as Interval;
    const [bStart, bEnd] = b[j] as Interval;
    const start = Math.max(aStart, bStart);
    const end = Math.min(aEnd, bEnd);
    if (end > start) out.push([start, end]);
    if (aEnd < bEnd) i++;
    else j++;
  }
  return out;
}

/** The time covered by `a` but not by `b` (each given as a union). */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [start, end] of a) {
    let from = start;
    for (const [bStart, bEnd] of b) {
      if (bEnd <= from || bStart >= end) continue;
      if (bStart > from) out.push([from, bStart]);
      from = Math.max(from, bEnd);
      if (from >= end) break;
    }
    if (from < end) out.push([from, end]);
  }
  return out;
}

/** Total length, in milliseconds, of a union. */
export function totalLength(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, [start, end]) => sum + (end - start), 0);
}
