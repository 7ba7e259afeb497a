/**
 * The journal folder as every CLI command opens it: a JournalStore over node:fs, with paths
 * shown relative to the working folder, loaded through the index in io.cacheDir when there is
 * one (files unchanged since the last run are not parsed again). The index is only a cache:
 * failing to read or write it costs a full parse, never a result.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { JournalStore, type JournalLoad } from '../core/store/journalStore';
import { NodeJournalFileSystem } from '../node/nodeJournalFileSystem';
import { codeVersionOf, nodeJournalIndex } from '../node/nodeIndexStorage';
import { nodeBugParser } from '../node/bugParser';
import type { CliIo } from './io';

/** The store of journal folder `dir` (absolute), not loaded yet. */
export function openStore(dir: string, io: CliIo): JournalStore {
  return new JournalStore(new NodeJournalFileSystem(dir), {
    displayPath: (file) => path.relative(io.cwd, path.join(dir, file)) || file,
    ...(io.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: io.lockTimeoutMs }),
  });
}

/** Loads the journal in `dir`; the store then knows where each bug is. */
export async function loadJournal(dir: string, io: CliIo, store = openStore(dir, io)): Promise<JournalLoad & { readonly store: JournalStore }> {
  const index = io.cacheDir === undefined ? undefined : await nodeJournalIndex(dir, io.cacheDir, await codeVersionOf(__filename)).catch(() => undefined);
  // Parse workers for the files to parse (none when the index has them all): bugParser.ts.
  const loaded = await store.load({ index, parser: nodeBugParser() });
  await index?.save().catch(() => undefined);
  return { ...loaded, store };
}

/**
 * Why `dir` (absolute) cannot be a journal folder: it does not exist, or it is not a folder;
 * undefined when it is one (an empty folder is an empty journal). Every command that takes a
 * journal folder asks this first, so a mistyped path is an error, never an empty journal.
 */
export async function journalFolderProblem(dir: string, io: CliIo): Promise<string | undefined> {
  const shown = path.relative(io.cwd, dir) || dir;
  try {
    if ((await fs.stat(dir)).isDirectory()) return undefined;
    return `${shown}: not a folder, so not a journal folder`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? `${shown}: no such journal folder` : `${shown}: cannot read the journal folder (${code ?? String(error)})`;
  }
}
