/**
 * `bug-levels anchors [DIR | --journal DIR] [--json] [--fail-on outdated]`: where every snippet
 * with a file is now (core/model/anchors), with git's history when the workspace is a repository
 * (src/node/gitAnchorHistory.ts). Files are workspace-relative: the workspace is the folder that
 * holds the journal folder, as for the retro's links. Resolution only reads: no bug file changes.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { anchorEntries, type AnchorEntry } from '../core/model/anchors/anchorEntries';
import { formatProblem, isError } from '../core/format/problems';
import { jsonForTerminal } from '../core/model/terminalText';
import { nodeAnchorSources } from '../node/nodeAnchorSources';
import type { CliIo } from './io';
import { journalFolderProblem, loadJournal } from './journal';

export const ANCHORS_USAGE = `Anchors:
  anchors [DIR] [--journal DIR] [--json] [--fail-on outdated]
                           Where each snippet with a file is now: exact (its lines hold
                           its code), moved (the same code elsewhere, found through git's
                           history or by search), changed (similar code, with a score) or
                           outdated. Files are relative to the folder holding DIR. Exits 0
                           unless the journal cannot be read; --fail-on outdated exits 1
                           when a snippet is outdated.`;

const OPTIONS = {
  journal: { type: 'string' },
  json: { type: 'boolean' },
  'fail-on': { type: 'string' },
  'no-index': { type: 'boolean' },
} as const;

/** Runs `anchors` (`args` without the command); resolves to the exit code. */
export async function runAnchorsCommand(args: readonly string[], io: CliIo, usage: (message: string) => number): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1 || (positionals.length === 1 && values.journal !== undefined)) return usage(`unexpected argument '${positionals.at(-1)}'`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'outdated') return usage(`--fail-on takes 'outdated', got '${failOn}'`);
  const dir = path.resolve(io.cwd, values.journal ?? positionals[0] ?? '.bug-levels');
  const folderProblem = await journalFolderProblem(dir, io);
  if (folderProblem !== undefined) {
    io.err(`bug-levels: ${folderProblem}\n`);
    return 1;
  }
  const { bugs, problems, store } = await loadJournal(dir, values['no-index'] ? { ...io, cacheDir: undefined } : io);
  for (const problem of problems.filter(isError)) io.err(`${formatProblem(problem)} (skipped)\n`);
  const workspace = path.dirname(dir);
  const sources = nodeAnchorSources(workspace, (snippet) => store.snippetText(snippet).catch(() => undefined));
  const entries = await anchorEntries(
    bugs.map((loaded) => loaded.bug),
    sources,
  );
  io.out(values.json ? `${jsonForTerminal(entries, 2)}\n` : entries.map(describeEntry).join(''));
  if (!values.json) io.err(`${summary(entries)}\n`);
  return failOn === 'outdated' && entries.some((entry) => entry.state === 'outdated') ? 1 : 0;
}

/** `moved     a1b2c3/s-1  src/app.ts:14-16 (was src/app.ts:10-12)` */
function describeEntry(entry: AnchorEntry): string {
  const was = `${entry.originalFile}${entry.originalLines ? `:${entry.originalLines}` : ''}`;
  const place = entry.file === null ? `was ${was}` : `${entry.file}${entry.lines ? `:${entry.lines}` : ''}${entry.state === 'exact' ? '' : ` (was ${was})`}`;
  const score = entry.state === 'changed' ? ` score ${entry.score}` : '';
  return `${entry.state.padEnd(9)} ${entry.bugId}/${entry.snippetId}  ${place}${score}\n`;
}

function summary(entries: readonly AnchorEntry[]): string {
  const count = (state: AnchorEntry['state']): number => entries.filter((entry) => entry.state === state).length;
  return `${entries.length} anchor${entries.length === 1 ? '' : 's'}: ${count('exact')} exact, ${count('moved')} moved, ${count('changed')} changed, ${count('outdated')} outdated.`;
}
