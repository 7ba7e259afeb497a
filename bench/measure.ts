/**
 * Timing helpers. Every figure is a median of several runs, each after a forced GC (when
 * available), so one pause of the noisy shared VM does not decide a number. Nothing here asserts
 * on time: the benchmark reports, people judge.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface Timing {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly runs: number;
}

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (() => void) | undefined;

/** Collects garbage now, so the next run does not pay for the previous one. */
export function collectGarbage(): void {
  gc?.();
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface TimeOptions {
  /** Most runs. */
  readonly runs: number;
  /** Stop early (after at least one run) when another run would pass this many ms in total. */
  readonly budgetMs?: number;
  /** Runs before the measured ones (JIT warm-up); not counted. */
  readonly warmup?: number;
  /** Untimed work before each run (reset state). */
  readonly before?: (run: number) => Promise<void> | void;
}

/** Times `work` (given the run number) and returns the median and spread. */
export async function time(work: (run: number) => Promise<unknown> | unknown, options: TimeOptions): Promise<Timing> {
  for (let w = 0; w < (options.warmup ?? 0); w++) {
    await options.before?.(-1 - w);
    await work(-1 - w);
  }
  const samples: number[] = [];
  let spent = 0;
  for (let run = 0; run < options.runs; run++) {
    const last = samples.at(-1);
    if (last !== undefined && options.budgetMs !== undefined && spent + last > options.budgetMs) break;
    await options.before?.(run);
    collectGarbage();
    const start = performance.now();
    await work(run);
    const elapsed = performance.now() - start;
    samples.push(elapsed);
    spent += elapsed;
  }
  return { medianMs: round(median(samples)), minMs: round(Math.min(...samples)), maxMs: round(Math.max(...samples)), runs: samples.length };
}

/** `a / b` to two decimals (a ratio to a floor). */
export function ratio(a: Timing | number, b: Timing | number): number {
  const top = typeof a === 'number' ? a : a.medianMs;
  const bottom = typeof b === 'number' ? b : b.medianMs;
  return Math.round((top / bottom) * 100) / 100;
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Runs `work` on every item with at most `limit` in flight (how the floors read files). */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await work(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * The longest the event loop was blocked while `work` ran (ms): what the extension host would
 * feel (P5: never more than 50 ms at a time). Sampled every 5 ms by Node's delay monitor.
 */
export async function longestBlock(work: () => Promise<unknown>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  await work();
  histogram.disable();
  return round(histogram.max / 1e6);
}
