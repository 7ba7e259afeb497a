/**
 * Run in a fresh process by suites/memory.ts: loads a journal (through the warm index given) and
 * prints, as JSON, the heap the loaded journal keeps after a GC and the peak resident set.
 */
import * as path from 'node:path';
import { JournalStore } from '../src/core/store/journalStore';
import { NodeJournalFileSystem } from '../src/node/nodeJournalFileSystem';
import { collectGarbage } from './measure';
import { indexFor } from './suites/load';

async function main(): Promise<void> {
  const [dir, indexFile] = process.argv.slice(2) as [string, string | undefined];
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const store = new JournalStore(new NodeJournalFileSystem(path.resolve(dir)));
  const loaded = await store.load(indexFile ? { index: indexFor(indexFile, dir) } : {});
  collectGarbage();
  const retained = process.memoryUsage().heapUsed - before;
  process.stdout.write(JSON.stringify({ bugs: loaded.bugs.length, retainedHeapBytes: retained, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
}

void main();
