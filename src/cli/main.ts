/**
 * `bug-levels`: the journal outside VS Code, for CI, the terminal, scripts and git hooks.
 *   check [DIR]   validate every bug file; `file:line:col: message` per problem; exit 1 on errors
 *   next [DIR]    the breadth-first pick and why
 *   retro [DIR]   the retro as markdown or JSON
 *   anchors [DIR] where each snippet's code is now (anchorsCommand.ts)
 *   resolve-conflict FILE   both sides' entries of a bug file git left conflicted (issue 17)
 *   new, hypothesis, verdict, ...   the verbs that write: one per operation with a `cliVerb` in
 *                 the operation table (writeVerbs.ts), run by writeCommand.ts
 */
import { parseArgs } from 'node:util';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatProblem, isError, type Problem } from '../core/format/problems';
import { next } from '../core/model/scheduler';
import { renderRetro } from '../core/model/retro/markdown';
import { retroData } from '../core/model/retro/data';
import { parseDate, toTimestamp } from '../core/model/time';
import type { Timestamp } from '../core/model/types';
import { parseRetroArgs, RETRO_ARG_OPTIONS, RETRO_USAGE, type RetroRequest, retroJournal } from './retroArgs';
import { processIo, type CliIo } from './io';
import { escapeForTerminal, jsonForTerminal } from '../core/model/terminalText';
import { journalFolderProblem, loadJournal } from './journal';
import { writeVerb } from './writeVerbs';
import { parseWriteArgs } from './writeArgs';
import { WRITE_USAGE } from './writeUsage';
import { runWrite } from './writeCommand';
import { AGENT_USAGE, initAgent, runMcpCommand } from './agentCommands';
import { ANCHORS_USAGE, runAnchorsCommand } from './anchorsCommand';
import { anchorEntries, anchorsByKey } from '../core/model/anchors/anchorEntries';
import { nodeAnchorSources } from '../node/nodeAnchorSources';
import { RESOLVE_CONFLICT_USAGE, runResolveConflict } from './resolveConflictCommand';

export type { CliIo } from './io';

const USAGE = `Usage: bug-levels <command> [DIR] [options]

Commands:
  check [DIR]              Validate every *.yaml bug file in the journal folder DIR
                           (default .bug-levels). Prints file:line:col: message per
                           problem; exits 1 if any file has an error.
  next [DIR] [--json]      The breadth-first scheduler's pick (lowest level first, then
                           least time at that level, then longest untouched) and why.
${RETRO_USAGE}

${WRITE_USAGE}

${AGENT_USAGE}

${ANCHORS_USAGE}
${RESOLVE_CONFLICT_USAGE}

Options:
  --now ISO-DATE           Take this as the current time (reproducible output).
  --no-index               Parse every bug file; neither read nor update the index
                           of parsed files kept in the user's cache folder.
  -h, --help               Show this help.

Every command takes an existing journal folder: a path that does not exist or is not a
folder is an error (exit 1), never an empty journal; an empty folder is an empty journal.

Exit status: 0 done; 1 the journal folder is missing or not a folder, problems found
(check), bug files skipped because they do not load (retro, unless --allow-broken), or
the journal refused the change (unknown bug, bad value, file locked, does not parse or
read-only: one line on stderr, no file changed); 2 usage error.
`;

const GLOBAL_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  ...RETRO_ARG_OPTIONS,
  now: { type: 'string' },
  'no-index': { type: 'boolean' },
} as const;

type Subcommand = (args: readonly string[], io: CliIo, usage: (message: string) => number) => Promise<number> | number;
/** The commands with arguments of their own (not a journal folder and the global options). */
const SUBCOMMANDS: ReadonlyMap<string, Subcommand> = new Map<string, Subcommand>([
  ['mcp', (args, io, usage) => runMcpCommand(args, io, usage)],
  ['init-agent', (args, io, usage) => initAgent(args, io, usage, path.resolve(process.argv[1] ?? 'dist/cli.js'))],
  ['anchors', (args, io, usage) => runAnchorsCommand(args, io, usage)],
  ['resolve-conflict', (args, io, usage) => runResolveConflict(args, io, usage)],
]);

/** Runs the CLI; resolves to the exit code (0 ok, 1 problems found or change refused, 2 usage error). */
export async function runCli(argv: readonly string[], rawIo: CliIo = processIo): Promise<number> {
  // Whatever a command prints (titles, notes, snippets, file names from the journal), no control
  // character or bidirectional override reaches the terminal raw: they are escaped visibly
  // (`\x1B`), and JSON output has them as `\u` escapes already (jsonForTerminal).
  const io: CliIo = { ...rawIo, out: (text) => rawIo.out(escapeForTerminal(text)), err: (text) => rawIo.err(escapeForTerminal(text)) };
  const subcommand = firstPositional(argv) ?? '';
  const run = SUBCOMMANDS.get(subcommand);
  if (run) {
    const rest = [...argv];
    rest.splice(rest.indexOf(subcommand), 1);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(USAGE);
      return 0;
    }
    return run(rest, io, (message) => usageError(io, message));
  }
  const write = writeVerb(firstPositional(argv) ?? '');
  if (write) {
    const request = parseWriteArgs(write, argv);
    if (typeof request === 'string') return usageError(io, request);
    if (request.help) {
      io.out(USAGE);
      return 0;
    }
    const now = request.now === undefined ? toTimestamp(io.now()) : parseDate(request.now);
    if (now === undefined) return usageError(io, `--now needs an ISO date, got '${request.now}'`);
    const dir = path.resolve(io.cwd, request.journal ?? '.bug-levels');
    return runWrite(request, dir, now, request.noIndex ? { ...io, cacheDir: undefined } : io);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: GLOBAL_OPTIONS,
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
  const now = values.now === undefined ? toTimestamp(io.now()) : parseDate(values.now);
  if (now === undefined) return usageError(io, `--now needs an ISO date, got '${values.now}'`);
  const dir = path.resolve(io.cwd, dirArgument ?? '.bug-levels');
  const cliIo: CliIo = values['no-index'] ? { ...io, cacheDir: undefined } : io;
  if (command !== 'check' && command !== 'next' && command !== 'retro') return usageError(io, `unknown command '${command}'`);
  const retroRequest = command === 'retro' ? parseRetroArgs(values, io.cwd, parseDate) : undefined;
  if (typeof retroRequest === 'string') return usageError(io, retroRequest);
  const folderProblem = await journalFolderProblem(dir, io);
  if (folderProblem !== undefined) {
    io.err(`bug-levels: ${folderProblem}\n`);
    return 1;
  }

  switch (command) {
    case 'check':
      return check(dir, cliIo);
    case 'next':
      return nextBug(dir, now, values.json === true, cliIo);
    case 'retro':
      return retro(dir, now, retroRequest as RetroRequest, cliIo);
  }
}

async function check(dir: string, io: CliIo): Promise<number> {
  const { bugs, problems } = await loadJournal(dir, io);
  for (const problem of problems) io.out(`${formatProblem(problem)}\n`);
  const errors = problems.filter(isError).length;
  const files = bugs.length + new Set(problems.filter(isError).map((p) => p.file)).size;
  io.err(
    `${files} file${files === 1 ? '' : 's'} checked: ${bugs.length} bug${bugs.length === 1 ? '' : 's'} loaded, ${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}.\n`,
  );
  return errors > 0 ? 1 : 0;
}

async function nextBug(dir: string, now: Timestamp, json: boolean, io: CliIo): Promise<number> {
  const { bugs, problems } = await loadJournal(dir, io);
  reportErrors(problems.filter(isError), io);
  const pick = next({ bugs: bugs.map((loaded) => loaded.bug) }, now);
  if (json) {
    io.out(
      `${jsonForTerminal(pick ? { id: pick.bug.id, title: pick.bug.title, level: pick.bug.level, secondsAtLevel: pick.secondsAtLevel, reason: pick.reason } : null, 2)}\n`,
    );
  } else {
    io.out(pick ? `${pick.bug.title} (level ${pick.bug.level}, ${pick.bug.id})\n${pick.reason}\n` : 'No open bugs: nothing to pick.\n');
  }
  return 0;
}

/**
 * The retro, to standard output or --out. Bug files that do not load are skipped: the report
 * says so at its top, and the exit code is 1 unless --allow-broken (the report is written anyway).
 */
async function retro(dir: string, now: Timestamp, request: RetroRequest, io: CliIo): Promise<number> {
  const { bugs, problems, store } = await loadJournal(dir, io);
  const errors = problems.filter(isError);
  reportErrors(errors, io);
  // Files with an error and no bug loaded from them (a duplicate id, say, still loads read-only).
  const loaded = new Set(bugs.map((bug) => path.relative(io.cwd, path.join(dir, bug.file)) || bug.file));
  const skipped = [...new Set(errors.map((problem) => problem.file))].filter((file) => !loaded.has(file));
  const missing = request.options.bugIds?.find((id) => !bugs.some((loaded) => loaded.bug.id === id));
  if (missing !== undefined) {
    io.err(`bug-levels: no bug with id '${missing}' in ${path.relative(io.cwd, dir) || dir}\n`);
    return 2;
  }
  const journal = retroJournal(
    dir,
    bugs.map((loaded) => loaded.bug),
    request.out,
  );
  // Links go to where each snippet's code is now (issue 19), resolved as `anchors` does.
  const sources = nodeAnchorSources(path.dirname(dir), (snippet) => store.snippetText(snippet).catch(() => undefined));
  const anchors = anchorsByKey(await anchorEntries(journal.bugs, sources));
  const options = { ...request.options, now };
  // A file too: the retro is pasted into PRs and chats, where a bidirectional override misleads as much.
  const text =
    request.format === 'json'
      ? `${jsonForTerminal(retroData({ ...journal, anchors }, options, skipped), 2)}\n`
      : escapeForTerminal(renderRetro({ ...journal, anchors }, options, skipped));
  if (request.out) {
    await fs.mkdir(path.dirname(request.out), { recursive: true });
    await fs.writeFile(request.out, text);
    io.err(`Retro written to ${path.relative(io.cwd, request.out)}\n`);
  } else {
    io.out(text);
  }
  if (skipped.length === 0) return 0;
  const files = skipped.length === 1 ? '1 bug file was' : `${skipped.length} bug files were`;
  io.err(
    request.allowBroken
      ? `bug-levels: ${files} skipped; the retro says so at its top.\n`
      : `bug-levels: ${files} skipped, so the retro is incomplete (it says so at its top); \`bug-levels check\` lists the problems. --allow-broken exits 0 all the same.\n`,
  );
  return request.allowBroken ? 0 : 1;
}

function reportErrors(problems: readonly Problem[], io: CliIo): void {
  for (const problem of problems) io.err(`${formatProblem(problem)} (skipped)\n`);
}

/** The command: the first argument that is neither an option nor an option's value. */
function firstPositional(argv: readonly string[]): string | undefined {
  const { tokens } = parseArgs({ args: [...argv], options: GLOBAL_OPTIONS, allowPositionals: true, strict: false, tokens: true });
  return tokens.find((token) => token.kind === 'positional')?.value;
}

function usageError(io: CliIo, message: string): number {
  io.err(`bug-levels: ${message}\n\n${USAGE}`);
  return 2;
}
