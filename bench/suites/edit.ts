/**
 * One edit end to end, as a command runs it: the store re-reads the bug's file under its lock,
 * applies the pure transition (add a hypothesis), patches the YAML and writes it atomically
 * (temp file, fsync, rename); then the tree's model is refreshed. Against the floor "write the
 * same bytes to a file" (plain, and with fsync as the atomic write does). Each run edits another
 * bug, so file sizes stay put; measured at every journal size to show the cost is flat.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { JournalLoad, JournalStore, LoadedBug } from '../../src/core/journalStore';
import { addHypothesis } from '../../src/core/journal';
import { parseBugBytes } from '../../src/core/format';
import { toTimestamp } from '../../src/core/time';
import type { HypothesisId } from '../../src/core/types';
import { round, time, type Timing } from '../measure';
import { bugRow, journalStub, paintTree } from '../treeModel';
import type { RunPlan } from './load';

export interface EditResults {
  readonly edit: Timing;
  /** Parts of an edit, timed alone on the same bytes: parse the file, atomic write, lock + unlock. */
  readonly parts: { readonly parse: Timing; readonly writeAtomic: Timing; readonly lock: Timing };
  readonly floorWrite: Timing;
  readonly floorWriteFsync: Timing;
  readonly refreshOneRow: Timing;
  readonly refreshWholeTree: Timing;
  readonly ratios: { readonly editVsWrite: number; readonly editVsWriteFsync: number };
}

const NOW = toTimestamp(Date.parse('2025-06-01T00:00:00Z'));

export async function benchEdit(store: JournalStore, loaded: JournalLoad, journalDir: string, work: string, plan: RunPlan): Promise<EditResults> {
  const runs = Math.max(plan.fast * 3, 15);
  const bugs = loaded.bugs;
  // Spread over the journal, never the same bug twice.
  const target = (run: number): LoadedBug => bugs[(Math.abs(run) * 7919) % bugs.length] as LoadedBug;
  let bugsNow = [...bugs];
  let lastFile = '';
  const edit = await time(async (run) => {
    const { bug } = target(run);
    const after = await store.update(bug.id, (current) => addHypothesis(current, { id: `h-bench${run + 10}` as HypothesisId, kind: 'hypothesis', text: 'the benchmark found one more suspect' }, NOW));
    lastFile = after.file;
    bugsNow = bugsNow.map((other) => (other.bug.id === after.bug.id ? after : other));
  }, { runs, warmup: 2 });

  const bytes = await fs.readFile(path.join(journalDir, lastFile));
  const floorFile = path.join(work, 'floor.yaml');
  const floorWrite = await time(() => fs.writeFile(floorFile, bytes), { runs, warmup: 2 });
  const floorWriteFsync = await time(async () => {
    const handle = await fs.open(floorFile, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }, { runs, warmup: 2 });

  const parse = await time(() => parseBugBytes(bytes, lastFile), { runs, warmup: 2 });
  const writeAtomic = await time(() => store.fs.writeAtomic('bench-scratch.txt', bytes), { runs, warmup: 2 });
  const lock = await time(async () => {
    await store.fs.createExclusive('bench-scratch.lock', new Uint8Array([0x31, 0x0a]));
    await store.fs.delete('bench-scratch.lock');
  }, { runs, warmup: 2 });
  await store.fs.delete('bench-scratch.txt');

  const journal = journalStub(bugsNow, loaded.problems);
  const one = bugsNow[0] as LoadedBug;
  const refreshOneRow = await time(() => bugRow(journal, { kind: 'bug', journal, bugId: one.bug.id }, NOW), { runs, warmup: 2 });
  const refreshWholeTree = await time(() => paintTree(journalStub(bugsNow, loaded.problems), NOW), { runs: plan.fast, warmup: 1 });
  return {
    edit,
    parts: { parse, writeAtomic, lock },
    floorWrite,
    floorWriteFsync,
    refreshOneRow,
    refreshWholeTree,
    ratios: { editVsWrite: round(edit.medianMs / floorWrite.medianMs), editVsWriteFsync: round(edit.medianMs / floorWriteFsync.medianMs) },
  };
}
