/**
 * `bug-levels resolve-conflict FILE [--take ours|theirs]` (issue 17): a bug file git left with
 * conflict markers is rewritten with both sides' entries (resolveConflict.ts). Values the two
 * sides set differently are not guessed: without --take the command refuses, naming each one
 * and the two choices, and changes nothing.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { StoreError } from '../core/store/journalStore';
import type { CliIo } from './io';
import { openStore } from './journal';

export const RESOLVE_CONFLICT_USAGE = `Merge conflicts:
  resolve-conflict FILE [--take ours|theirs]
                           Resolve git's conflict markers in bug file FILE (check names
                           it: "merge conflict"): every entry both sides added is kept.
                           Values the sides set differently (a title, a status) need
                           --take ours (the first side) or --take theirs (the second);
                           without it they are listed and nothing is changed.`;

/** Runs the command on `args` (without its name); `usage` reports a usage error (exit 2). */
export async function runResolveConflict(args: readonly string[], io: CliIo, usage: (message: string) => number): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { take: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    return usage((error as Error).message);
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined) return usage('resolve-conflict needs FILE, the bug file with the merge conflict');
  if (extra.length) return usage(`unexpected argument '${extra[0]}'`);
  const take = parsed.values.take;
  if (take !== undefined && take !== 'ours' && take !== 'theirs') return usage(`--take is ours or theirs, not '${take}'`);
  const absolute = path.resolve(io.cwd, file);
  const store = openStore(path.dirname(absolute), io);
  try {
    const { bug, taken } = await store.resolveConflict(path.basename(absolute), take);
    const note = taken.length ? `; took the ${take === 'theirs' ? 'second' : 'first'} side's ${taken.map((choice) => choice.split(':')[0]).join(', ')}` : '';
    io.out(`Resolved the merge conflict of '${bug.title}' (${bug.id}): both sides' entries kept${note}.\n`);
    return 0;
  } catch (error) {
    if (error instanceof StoreError) {
      io.err(`bug-levels: ${error.message}\n`);
      return 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      io.err(`bug-levels: ${file}: no such bug file\n`);
      return 1;
    }
    throw error;
  }
}
