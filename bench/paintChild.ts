/**
 * Run in a fresh process by suites/load.ts, as a window activating: a new index object reads the
 * index file, the store loads through it, and the tree model is computed at the loader's first
 * progress report (the index's state, before the files are checked) or, without one, when the
 * load is complete. Prints the times as JSON, then saves the index (untimed), as the host does.
 */
import { JournalStore, type JournalLoad } from '../src/core/store/journalStore';
import { toTimestamp } from '../src/core/model/time';
import { NodeJournalFileSystem } from '../src/node/nodeJournalFileSystem';
import { indexFor } from './suites/load';
import { journalStub, paintTree } from './treeModel';

const NOW = toTimestamp(Date.parse('2025-06-01T00:00:00Z'));

async function main(): Promise<void> {
  const [dir, indexFile] = process.argv.slice(2) as [string, string];
  const start = performance.now();
  let firstPaintMs: number | undefined;
  let rows = 0;
  const paint = (load: JournalLoad): void => {
    rows = paintTree(journalStub(load.bugs, load.problems), NOW).length;
    firstPaintMs = performance.now() - start;
  };
  const index = indexFor(indexFile, dir);
  const final = await new JournalStore(new NodeJournalFileSystem(dir)).load({ index, onProgress: (partial) => firstPaintMs ?? paint(partial) });
  if (firstPaintMs === undefined) paint(final);
  const completeMs = performance.now() - start;
  await index.save();
  process.stdout.write(JSON.stringify({ firstPaintMs, completeMs, rows }));
}

void main();
