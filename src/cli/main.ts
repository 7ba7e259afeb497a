/**
 * `bug-levels`: the journal outside VS Code, for CI and the terminal.
 *   check [DIR]   validate every bug file; `file:line:col: message` per problem; exit 1 on errors
 *   next [DIR]    the breadth-first pick and why
 *   retro [DIR]   the retro as markdown or JSON
 */
import { parseArgs } from 'node:util';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { JournalStore } from '../core/journalStore';
import { formatProblem, isError, type Problem } from '../core/problems';
import { next } from '../core/scheduler';
import { renderRetroMarkdown, retroData } from '../core/retro';
import { isTimestamp, toTimestamp } from '../core/time';
import type { Journal, Timestamp } from '../core/types';
import { NodeJournalFileSystem } from '../node/nodeJournalFileSystem';

const USAGE = `Usage: bug-levels <command> [DIR] [options]

Commands:
  check [DIR]              Validate every *.yaml bug file in the journal folder DIR
                           (default .bug-levels). Prints file:line:col: message per
                           problem; exits 1 if any file has an error.
  next [DIR] [--json]      The breadth-first scheduler's pick (lowest level first, then
                           least time at that level, then longest untouched) and why.
  retro [DIR]              The retro of the journal.
      --format md|json     Markdown (default) or JSON.
      --out FILE           Write to FILE instead of standard output.
      --since ISO-DATE     Only time worked since then (2026-02-25 or 2026-02-25T17:00:00Z).

Options:
  --now ISO-DATE           Take this as the current time (reproducible output).
  -h, --help               Show this help.
`;

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  readonly now: () => Date;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  now: () => new Date(),
};

/** Runs the CLI; resolves to the exit code (0 ok, 1 problems found, 2 usage error). */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        json: { type: 'boolean' },
        format: { type: 'string' },
        out: { type: 'string' },
        since: { type: 'string' },
        now: { type: 'string' },
      },
    });
  } catch (error) {
    io.err(`bug-levels: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, dirArgument, ...extra] = positionals;
  if (values.help || command === undefined || command === 'help') {
    (command === undefined && !values.help ? io.err : io.out)(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (extra.length) return usageError(io, `unexpected argument '${extra[0]}'`);
  const now = values.now === undefined ? toTimestamp(io.now()) : parseTime(values.now);
  if (now === undefined) return usageError(io, `--now needs an ISO date, got '${values.now}'`);
  const dir = path.resolve(io.cwd, dirArgument ?? '.bug-levels');

  switch (command) {
    case 'check':
      return check(dir, io);
    case 'next':
      return nextBug(dir, now, values.json === true, io);
    case 'retro': {
      const format = values.format ?? 'md';
      if (format !== 'md' && format !== 'json') return usageError(io, `--format is md or json, not '${format}'`);
      const since = values.since === undefined ? undefined : parseTime(values.since);
      if (values.since !== undefined && since === undefined) return usageError(io, `--since needs an ISO date, got '${values.since}'`);
      return retro(dir, { now, since, format, out: values.out === undefined ? undefined : path.resolve(io.cwd, values.out) }, io);
    }
    default:
      return usageError(io, `unknown command '${command}'`);
  }
}

async function loadJournal(dir: string, io: CliIo) {
  const store = new JournalStore(new NodeJournalFileSystem(dir), { displayPath: (file) => path.relative(io.cwd, path.join(dir, file)) || file });
  return store.load();
}

async function check(dir: string, io: CliIo): Promise<number> {
  if (!(await isDirectory(dir))) {
    io.err(`bug-levels: ${path.relative(io.cwd, dir) || dir}: no such journal folder\n`);
    return 1;
  }
  const { bugs, problems } = await loadJournal(dir, io);
  for (const problem of problems) io.out(`${formatProblem(problem)}\n`);
  const errors = problems.filter(isError).length;
  const files = bugs.length + new Set(problems.filter(isError).map((p) => p.file)).size;
  io.err(`${files} file${files === 1 ? '' : 's'} checked: ${bugs.length} bug${bugs.length === 1 ? '' : 's'} loaded, ${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}.\n`);
  return errors > 0 ? 1 : 0;
}

async function nextBug(dir: string, now: Timestamp, json: boolean, io: CliIo): Promise<number> {
  const { bugs, problems } = await loadJournal(dir, io);
  reportErrors(problems.filter(isError), io);
  const pick = next({ bugs: bugs.map((loaded) => loaded.bug) }, now);
  if (json) {
    io.out(`${JSON.stringify(pick ? { id: pick.bug.id, title: pick.bug.title, level: pick.bug.level, secondsAtLevel: pick.secondsAtLevel, reason: pick.reason } : null, null, 2)}\n`);
  } else {
    io.out(pick ? `${pick.bug.title} (level ${pick.bug.level}, ${pick.bug.id})\n${pick.reason}\n` : 'No open bugs: nothing to pick.\n');
  }
  return 0;
}

async function retro(dir: string, options: { now: Timestamp; since?: Timestamp; format: 'md' | 'json'; out?: string }, io: CliIo): Promise<number> {
  const { bugs, problems } = await loadJournal(dir, io);
  reportErrors(problems.filter(isError), io);
  const journal: Journal = { bugs: bugs.map((loaded) => loaded.bug) };
  const retroOptions = { now: options.now, ...(options.since ? { since: options.since } : {}) };
  const text = options.format === 'json' ? `${JSON.stringify(retroData(journal, retroOptions), null, 2)}\n` : renderRetroMarkdown(journal, retroOptions);
  if (options.out) {
    await fs.writeFile(options.out, text);
    io.err(`Retro written to ${path.relative(io.cwd, options.out)}\n`);
  } else {
    io.out(text);
  }
  return 0;
}

function reportErrors(problems: readonly Problem[], io: CliIo): void {
  for (const problem of problems) io.err(`${formatProblem(problem)} (skipped)\n`);
}

function usageError(io: CliIo, message: string): number {
  io.err(`bug-levels: ${message}\n\n${USAGE}`);
  return 2;
}

/** Accepts `2026-02-25` (midnight UTC) or a full ISO timestamp. */
function parseTime(value: string): Timestamp | undefined {
  const candidate = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  return isTimestamp(candidate) ? toTimestamp(Date.parse(candidate)) : undefined;
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await fs.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}
