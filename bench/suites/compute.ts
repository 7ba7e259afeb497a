/** The scheduler's breadth-first pick and the retro, over the whole loaded journal. */
import type { JournalLoad } from '../../src/core/store/journalStore';
import { next } from '../../src/core/model/scheduler';
import { renderRetro } from '../../src/core/model/retro/markdown';
import { toTimestamp } from '../../src/core/model/time';
import { round, time, type Timing } from '../measure';
import type { RunPlan } from './load';

export interface ComputeResults {
  readonly next: Timing & { readonly perBugUs: number };
  readonly retro: Timing & { readonly perBugUs: number; readonly markdownBytes: number };
}

const NOW = toTimestamp(Date.parse('2025-06-01T00:00:00Z'));

export async function benchCompute(loaded: JournalLoad, plan: RunPlan): Promise<ComputeResults> {
  const journal = { bugs: loaded.bugs.map((entry) => entry.bug) };
  const count = Math.max(1, journal.bugs.length);
  const nextTiming = await time(() => next(journal, NOW), { runs: plan.fast, warmup: 1 });
  let markdownBytes = 0;
  const retroTiming = await time(
    () => {
      markdownBytes = Buffer.byteLength(renderRetro(journal, { now: NOW }));
    },
    { runs: plan.fast, warmup: 1, budgetMs: 60_000 },
  );
  return {
    next: { ...nextTiming, perBugUs: round((nextTiming.medianMs * 1000) / count) },
    retro: { ...retroTiming, perBugUs: round((retroTiming.medianMs * 1000) / count), markdownBytes },
  };
}
