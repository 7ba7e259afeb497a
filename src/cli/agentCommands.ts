/**
 * The commands for coding agents (issue 18):
 *   mcp [--journal DIR] [--idle-minutes N] [--timebox-minutes A,B,C] [--now ISO-DATE]   the journal as an MCP server over stdio (src/mcp/server.ts)
 *   init-agent [--journal DIR]             a project .mcp.json entry that starts it
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDate } from '../core/model/time';
import type { Timestamp } from '../core/model/types';
import type { TimeboxDefaults } from '../core/model/timebox';
import type { CliIo } from './io';
import { jsonForTerminal } from '../core/model/terminalText';
import { journalFolderProblem } from './journal';

export const AGENT_USAGE = `Agents (MCP):
  mcp [--journal DIR] [--idle-minutes N] [--timebox-minutes A,B,C]
                           Serve the journal (default .bug-levels) to a coding agent as a
                           Model Context Protocol server over stdio: list_bugs, get_bug,
                           next_bug and a tool per change (new_bug, add_hypothesis, ...).
                           Calls on a bug count as the agent's work on it; a pause over
                           N minutes (default 10) between calls ends the session. A bug
                           without a timebox of its own has A, B, C minutes at levels 1,
                           2, 3 (default 30,60,120).
  init-agent [--journal DIR] [--file PATH]
                           Write .mcp.json (or PATH: .cursor/mcp.json for Cursor) in the
                           working folder with a server entry that runs \`mcp\`; print the
                           entry instead when the file exists.`;

const OPTIONS = {
  journal: { type: 'string' },
  file: { type: 'string' },
  now: { type: 'string' },
  'idle-minutes': { type: 'string' },
  'timebox-minutes': { type: 'string' },
  'no-index': { type: 'boolean' },
} as const;

/** The idle limit between an agent's calls when none is given: the VS Code setting's default. */
export const DEFAULT_AGENT_IDLE_MINUTES = 10;

/** `args` without the command; a string is a usage error. */
function parse(
  args: readonly string[],
): { journal: string; file: string; now?: string; idleMinutes: number; timeboxDefaults?: TimeboxDefaults; noIndex: boolean } | string {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true });
    if (positionals.length) return `unexpected argument '${positionals[0]}'`;
    const idle = values['idle-minutes'];
    if (idle !== undefined && !/^\s*\d{1,4}\s*$/.test(idle)) return `--idle-minutes needs whole minutes, got '${idle}'`;
    const idleMinutes = idle === undefined ? DEFAULT_AGENT_IDLE_MINUTES : Number(idle);
    if (idleMinutes < 1) return `--idle-minutes needs at least 1 minute, got '${idle ?? ''}'`;
    const boxes = values['timebox-minutes'];
    const minutes = boxes?.split(',').map((part) => (/^\s*\d{1,5}\s*$/.test(part) ? Number(part) : NaN));
    if (boxes !== undefined && (minutes?.length !== 3 || !minutes.every((m) => m >= 1 && m <= 10_000)))
      return `--timebox-minutes needs three whole minutes from 1 to 10000 (levels 1, 2, 3), like 30,60,120; got '${boxes}'`;
    return {
      idleMinutes,
      ...(minutes === undefined ? {} : { timeboxDefaults: { 1: minutes[0]!, 2: minutes[1]!, 3: minutes[2]! } }),
      journal: values.journal ?? '.bug-levels',
      file: values.file ?? '.mcp.json',
      ...(values.now === undefined ? {} : { now: values.now }),
      noIndex: values['no-index'] === true,
    };
  } catch (error) {
    return (error as Error).message;
  }
}

/** `bug-levels mcp`: resolves to the exit code once the client has closed the connection. */
export async function runMcpCommand(args: readonly string[], io: CliIo, usageError: (message: string) => number): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') return usageError(parsed);
  let now: Timestamp | undefined;
  if (parsed.now !== undefined) {
    now = parseDate(parsed.now);
    if (now === undefined) return usageError(`--now needs an ISO date, got '${parsed.now}'`);
  }
  const dir = path.resolve(io.cwd, parsed.journal);
  // A missing folder is said at once on stderr (the client's log), and by every tool call, where
  // the agent reads it: a server that exits at start tells the agent nothing. Never an empty journal.
  const problem = await journalFolderProblem(dir, io);
  if (problem !== undefined) io.err(`bug-levels: ${problem}; every tool call will say so until it exists.\n`);
  // Loaded only for `mcp`: the SDK and its schema libraries stay out of every other command's start.
  const { runMcpServer } = await import('../mcp/server');
  await runMcpServer({
    dir,
    io: parsed.noIndex ? { ...io, cacheDir: undefined } : io,
    idleSeconds: parsed.idleMinutes * 60,
    ...(parsed.timeboxDefaults === undefined ? {} : { timeboxDefaults: parsed.timeboxDefaults }),
    ...(now === undefined ? {} : { now }),
  });
  return 0;
}

/** The .mcp.json entry that starts this CLI's MCP server on `journal`. */
export function mcpEntry(script: string, journal: string): { command: string; args: string[] } {
  return { command: 'node', args: [script, 'mcp', '--journal', journal] };
}

/** `bug-levels init-agent`: writes .mcp.json (or --file), or prints the entry when the file exists. */
export async function initAgent(args: readonly string[], io: CliIo, usageError: (message: string) => number, script: string): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') return usageError(parsed);
  const problem = await journalFolderProblem(path.resolve(io.cwd, parsed.journal), io);
  if (problem !== undefined) {
    io.err(`bug-levels: ${problem} (mkdir it first, or pass --journal DIR)\n`);
    return 1;
  }
  const entry = { mcpServers: { 'bug-levels': mcpEntry(script, parsed.journal) } };
  const file = path.resolve(io.cwd, parsed.file);
  const shown = path.relative(io.cwd, file) || file;
  const text = `${jsonForTerminal(entry, 2)}\n`;
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    io.err(`bug-levels: ${shown} exists and was left as it is; add this server to its "mcpServers":\n`);
    io.out(`${jsonForTerminal({ 'bug-levels': entry.mcpServers['bug-levels'] }, 2)}\n`);
    return 0;
  }
  io.err(`Wrote ${shown}: agents that read it start \`bug-levels mcp --journal ${parsed.journal}\` in this folder.\n`);
  return 0;
}
