/**
 * Memory of a loaded journal, measured in a fresh process each time (so nothing else the
 * benchmark holds is counted): the heap the loaded bugs keep after a GC, and the process's peak
 * resident set, both per 1,000 bugs. "Warm" loads through the index; "cold" parses every file.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { round } from '../measure';

export interface MemoryResults {
  readonly warm: MemorySample;
  readonly cold?: MemorySample;
}

export interface MemorySample {
  readonly retainedHeapMBPer1000: number;
  readonly peakRssMB: number;
}

export function benchMemory(dir: string, indexFile: string, bugs: number, withCold: boolean): MemoryResults {
  const warm = sample(dir, indexFile, bugs);
  return withCold ? { warm, cold: sample(dir, undefined, bugs) } : { warm };
}

function sample(dir: string, indexFile: string | undefined, bugs: number): MemorySample {
  const child = path.join(__dirname, '..', 'memoryChild.js');
  const out = execFileSync(process.execPath, [child, dir, ...(indexFile ? [indexFile] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const { retainedHeapBytes, peakRssBytes } = JSON.parse(out) as { retainedHeapBytes: number; peakRssBytes: number };
  return { retainedHeapMBPer1000: round((retainedHeapBytes / 1e6) * (1000 / bugs)), peakRssMB: round(peakRssBytes / 1e6) };
}
