/**
 * `bug-levels mcp`: the journal as a Model Context Protocol server over stdio (issue 18), with
 * the official SDK. The tools are declared in tools.ts over the operation table; a write tool
 * runs its operation through the CLI's write path (writeCommand.ts: validated, applied under the
 * file's lock, written once, the same refusals), so it has no logic of its own. Every result
 * about a bug says where it stands and carries the nudge a person would get (standing.ts). Calls
 * on a bug are the agent's work on it (agentSessions.ts): its sessions are written with `by`.
 */
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
  type GetPromptResult,
  type Tool as SdkTool,
} from '@modelcontextprotocol/sdk/types.js';
import type { Bug, BugId, RunningSession, Timestamp } from '../core/model/types';
import { isBugId, OPERATIONS, type OperationName } from '../core/model/operations';
import { next } from '../core/model/scheduler';
import { DEFAULT_TIMEBOX_MINUTES, type TimeboxDefaults } from '../core/model/timebox';
import { toTimestamp } from '../core/model/time';
import { formatProblem, isError } from '../core/format/problems';
import { escapeJsonText } from '../core/model/terminalText';
import type { CliIo } from '../cli/io';
import { journalFolderProblem, loadJournal } from '../cli/journal';
import { writeVerb } from '../cli/writeVerbs';
import { runWrite } from '../cli/writeCommand';
import { bugDetails, promotionNudge, standing, timeboxNudge } from './standing';
import { agentName, AgentSessions, type EndedSession } from './agentSessions';
import { performEdit } from '../core/store/performOperation';
import { randomIds } from '../core/store/randomIds';
import type { Session } from '../core/model/types';
import { descriptionOf, inputSchemaOf, inToolWords, operationInput, toolNamed, TOOLS, toolTakesBug, type ReadTool, type WriteTool } from './tools';

const VERSION = '0.1.0';

export const PROMPT_NAME = 'debug_breadth_first';

/**
 * Bugs list_bugs lists at most (open ones first, lowest level first), then says how many more: a
 * journal of 5,000 bugs made a result of 560,000 characters, more than an agent's whole context.
 */
export const MAX_LISTED = 100;

const PROMPT_TEXT = `You are debugging with a Bug Levels journal: the shared record of every open bug, kept by the people and agents working on them. Work with it like this:

1. Start with next_bug (or list_bugs). Work on the bug it picks: the lowest level first. Every bug goes to level 2 (Understanding: you can say why it fails) before any one is drilled to level 3 (Root fix). Make a bug with new_bug when you meet a new problem.
2. Before each experiment, write it down: add_hypothesis with the statement and its prediction (what you will see if it holds). Something you took for granted goes in as kind "assumption": wrong assumptions are where the time goes.
3. Run the experiment. Attach what it showed with attach_snippet (the log lines, the command output, the code, with file and lines). Then set_verdict: confirmed or refuted, with a note and the snippet ids as evidence.
4. A try without a hypothesis (a revert, a changed input, a guess) is log_attempt. After three of them, stop and write a hypothesis.
5. When you can say why it fails, change_level to 2 with that reason; when you know where the fix belongs and what else it would break, to 3. Resolve with resolve_bug (layer: ours, upstream or workaround, and a one-line summary); add_link for issues, PRs and release notes.
6. Respect the timebox. Every result tells you the time at the level and the timebox left. When a result says "Timebox over", stop drilling: switch to the bug it names (next_bug), or, if this bug truly needs more time, set_timebox with a reason the person can read. Park a bug you cannot move (park_bug with why).
7. Never edit the journal's files directly; use these tools, so the people working with you see every step.`;

/** Where the server works: the journal folder (absolute), the clock (or a fixed time), the CLI's io. */
export interface McpOptions {
  readonly dir: string;
  readonly io: CliIo;
  readonly now?: Timestamp;
  /** A pause between an agent's calls on a bug longer than this ends its session (default 10 min). */
  readonly idleSeconds?: number;
  /** The time of each call, when not the io's clock or `now` (tests of the agent's sessions). */
  readonly clock?: () => Timestamp;
  /**
   * Minutes per level for bugs without a timebox of their own (default 30, 60, 120): VS Code passes
   * the person's settings, so the agent's "timebox left" and nudges are the ones the person gets.
   */
  readonly timeboxDefaults?: TimeboxDefaults;
}

const DEFAULT_IDLE_SECONDS = 10 * 60;

/** The server and what it does when it shuts down: the agent's running session is written. */
export interface McpServerHandle {
  readonly server: Server;
  /** Waits for the calls still running, then writes the agent's session; resolves when written. */
  readonly shutdown: () => Promise<void>;
}

/** The MCP server over journal folder `options.dir`, not connected yet. */
// The low-level Server: the tools' JSON Schemas come from the operation table (tools.ts), and
// the values are checked by the operation itself, so its refusals reach the agent word for word.
export function createMcpServer(options: McpOptions): McpServerHandle {
  const server = new Server(
    { name: 'bug-levels', version: VERSION },
    {
      capabilities: { tools: {}, prompts: {} },
      instructions: `The Bug Levels debugging journal in ${options.dir}. Prompt ${PROMPT_NAME} says how to work with it: a hypothesis before each experiment, evidence, verdicts, breadth-first within timeboxes.`,
    },
  );
  const clock = (): Timestamp => options.clock?.() ?? options.now ?? toTimestamp(options.io.now());
  const sessions = new AgentSessions(() => agentName(server.getClientVersion()?.name), options.idleSeconds ?? DEFAULT_IDLE_SECONDS);
  const journal: AgentJournal = { options, sessions, clock, defaults: options.timeboxDefaults ?? DEFAULT_TIMEBOX_MINUTES };
  // One call at a time: the agent's session follows its calls in the order they came.
  let queue: Promise<unknown> = Promise.resolve();
  const inOrder = <T>(work: () => Promise<T>): Promise<T> => {
    const done = queue.then(work, work);
    queue = done.catch(() => undefined);
    return done;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  // When the idle limit has passed since the last call, the session is written (not kept until the next call or the end).
  const watchIdle = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    const idleAt = sessions.idleAt();
    if (idleAt === undefined) return;
    timer = setTimeout(() => void inOrder(() => writeEnded(journal, sessions.expire(clock()))), Math.max(0, idleAt - Date.parse(clock())) + 1000);
    timer.unref();
  };
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listTools() }));
  server.setRequestHandler(CallToolRequestSchema, (request) =>
    inOrder(async () => {
      const result = await callTool(journal, request.params.name, request.params.arguments ?? {});
      watchIdle();
      return result;
    }),
  );
  server.setRequestHandler(ListPromptsRequestSchema, () => ({
    prompts: [
      { name: PROMPT_NAME, description: 'How to debug with the Bug Levels journal: hypotheses first, evidence, verdicts, breadth-first within timeboxes.' },
    ],
  }));
  server.setRequestHandler(GetPromptRequestSchema, (request): GetPromptResult => {
    if (request.params.name !== PROMPT_NAME) throw new Error(`Unknown prompt '${request.params.name}'; the prompt is ${PROMPT_NAME}.`);
    return { description: 'Debug breadth-first with the Bug Levels journal.', messages: [{ role: 'user', content: { type: 'text', text: PROMPT_TEXT } }] };
  });
  const shutdown = async (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    // The calls still running are answered first (queued before this); then the session is written.
    await inOrder(() => writeEnded(journal, sessions.end()));
  };
  return { server, shutdown };
}

/** The tool list as MCP lists it: read-only tools annotated so clients need no confirmation. */
export function listTools(): SdkTool[] {
  return TOOLS.map((tool) => ({
    name: tool.name,
    description: descriptionOf(tool),
    inputSchema: JSON.parse(JSON.stringify(inputSchemaOf(tool))) as SdkTool['inputSchema'],
    annotations:
      tool.kind === 'read'
        ? { readOnlyHint: true, openWorldHint: false }
        : { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  }));
}

/**
 * Serves `options.dir` over stdio until the client closes the connection (or standard input
 * ends, or SIGTERM, SIGINT or SIGHUP): every call sent is answered, then the agent's running
 * session is written, then it returns.
 */
export async function runMcpServer(options: McpOptions): Promise<void> {
  const { server, shutdown } = createMcpServer(options);
  const signals = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
  let onSignal: (() => void) | undefined;
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
    process.stdin.once('end', resolve);
    // A client that stops reading (it quit) makes every answer fail with EPIPE: unhandled, that
    // error would crash the server and lose the agent's running session. It is a closed connection.
    process.stdout.on('error', () => resolve());
    onSignal = resolve;
    for (const signal of signals) process.once(signal, resolve);
  });
  // JSON.stringify leaves C1 controls and bidirectional overrides raw: they go out as \u escapes.
  const jsonOut = {
    write: (chunk: string): boolean => process.stdout.write(escapeJsonText(chunk)),
    once: (event: string, listener: () => void) => process.stdout.once(event, listener),
  } as unknown as Writable;
  await server.connect(new StdioServerTransport(process.stdin, jsonOut));
  await closed;
  for (const signal of signals) if (onSignal) process.removeListener(signal, onSignal);
  // The SDK sends an answer a few promise turns after the handler returns: those go out first.
  await shutdown();
  await new Promise((resolve) => setImmediate(resolve));
  await server.close().catch(() => undefined);
}

/** What a call works with: the options, the agent's sessions, the clock and the timebox defaults. */
interface AgentJournal {
  readonly options: McpOptions;
  readonly sessions: AgentSessions;
  readonly clock: () => Timestamp;
  readonly defaults: TimeboxDefaults;
}

/** Appends an ended session to its bug (recordSession); a failure is said on stderr, never to the agent's call. */
async function writeEnded(journal: AgentJournal, ended: EndedSession | undefined): Promise<void> {
  if (ended === undefined) return;
  const { options } = journal;
  try {
    const { store } = await loadJournal(options.dir, options.io);
    const context = { now: ended.session.end ?? ended.session.start, ids: randomIds, timeboxDefaults: journal.defaults };
    await performEdit(store, 'recordSession', ended.bugId, { session: ended.session }, context);
  } catch (error) {
    const { level, start, end, by } = ended.session;
    options.io.err(
      `bug-levels: the session of ${by ?? 'the agent'} on bug ${ended.bugId} (level ${level}, ${start} to ${end ?? ''}) was not written: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}

function failure(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

function success(text: string): CallToolResult {
  return { content: [{ type: 'text', text }] };
}

async function callTool(journal: AgentJournal, name: string, args: Readonly<Record<string, unknown>>): Promise<CallToolResult> {
  const { options } = journal;
  const tool = toolNamed(name);
  if (tool === undefined) return failure(`Unknown tool '${name}'. The tools are ${TOOLS.map((t) => t.name).join(', ')}.`);
  const now = journal.clock();
  try {
    const folderProblem = await journalFolderProblem(options.dir, options.io);
    if (folderProblem !== undefined) return failure(`${folderProblem}. A journal starts with its folder: mkdir it, or start the server with --journal DIR.`);
    if (toolTakesBug(tool)) {
      const bugId = args.bugId;
      if (bugId === undefined || bugId === null) return failure(`${tool.name}: bugId is required.`);
      if (typeof bugId !== 'string' || !isBugId(bugId)) return failure(`${tool.name}: ${quoted(bugId)} is not a bug id (6 to 32 letters, digits, _ or -).`);
    }
    // A call on another bug, or after a pause over the idle limit, ends the agent's session first.
    const bugId = toolTakesBug(tool) ? (args.bugId as BugId) : undefined;
    await writeEnded(journal, journal.sessions.before(bugId, now));
    return tool.kind === 'read' ? await read(journal, tool, args, now) : await write(journal, tool, args, now);
  } catch (error) {
    return failure(error instanceof Error ? error.message : String(error));
  }
}

async function read(journal: AgentJournal, tool: ReadTool, args: Readonly<Record<string, unknown>>, now: Timestamp): Promise<CallToolResult> {
  const { options } = journal;
  const extra = Object.keys(args).filter((key) => !(tool.takesBug && key === 'bugId'));
  if (extra.length) return failure(`${tool.name}: ${extra[0]} is not an input of this tool.`);
  const { bugs: loaded, problems } = await loadJournal(options.dir, options.io);
  const bugs = loaded.map((entry) => entry.bug);
  const broken = problems.filter(isError).map((problem) => `- ${formatProblem(problem)}`);
  const brokenText = broken.length ? `\nFiles that do not load (fix them; \`bug-levels check\`):\n${broken.join('\n')}` : '';
  if (tool.name === 'get_bug') {
    const bug = bugs.find((entry) => entry.id === args.bugId);
    if (bug === undefined) return failure(`No bug with id '${String(args.bugId)}' in ${shown(options)} (list_bugs shows every bug's id).${brokenText}`);
    await writeEnded(journal, journal.sessions.after(bug, now));
    const running = runningOf(journal);
    return success([bugDetails(bug, now, journal.defaults, running), ...nudgesFor(journal, undefined, bug, bugs, now, running)].join('\n'));
  }
  const running = runningOf(journal);
  const schedule = { timeboxDefaults: journal.defaults, ...(running ? { running } : {}) };
  if (tool.name === 'next_bug') {
    const pick = next({ bugs }, now, schedule);
    if (!pick) return success(`No open bugs: nothing to pick.${brokenText}`);
    return success(`Next: ${standing(pick.bug, now, journal.defaults, running)}\nWhy: ${pick.reason}${brokenText}`);
  }
  // list_bugs
  if (bugs.length === 0) return success(`No bugs in ${shown(options)} yet (new_bug makes one).${brokenText}`);
  const order: readonly Bug['status'][] = ['open', 'parked', 'resolved'];
  const sorted = [...bugs].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status) || a.level - b.level);
  const pick = next({ bugs }, now, schedule);
  const lines = sorted.slice(0, MAX_LISTED).map((bug) => `- ${standing(bug, now, journal.defaults, running)}`);
  const unlisted = sorted.slice(MAX_LISTED);
  if (unlisted.length) {
    const byStatus = order.map((status) => [status, unlisted.filter((bug) => bug.status === status).length] as const).filter(([, n]) => n > 0);
    lines.push(
      `- … and ${unlisted.length} more (${byStatus.map(([status, n]) => `${n} ${status}`).join(', ')}), not listed to keep this short: get_bug takes any id, and the pick below is among them all.`,
    );
  }
  return success(
    `${bugs.length} bug${bugs.length === 1 ? '' : 's'} in ${shown(options)}:\n${lines.join('\n')}${pick ? `\nNext (breadth-first): '${pick.bug.title}' (${pick.bug.id}). ${pick.reason}` : '\nNo open bugs.'}${brokenText}`,
  );
}

async function write(journal: AgentJournal, tool: WriteTool, args: Readonly<Record<string, unknown>>, now: Timestamp): Promise<CallToolResult> {
  const { options } = journal;
  const input = operationInput(tool, args);
  if (typeof input === 'string') return failure(input);
  const bugId = toolTakesBug(tool) ? (args.bugId as string) : undefined;
  const before = bugId === undefined ? undefined : (await loadJournal(options.dir, options.io)).bugs.find((entry) => entry.bug.id === bugId)?.bug;
  // change_level to a lower level than the bug is at: the operation that goes back.
  let name: OperationName = tool.operation;
  let raw: Record<string, unknown> = input;
  // A level may come as a number or as its digit (validateInput takes both).
  const target = typeof input.to === 'string' && /^\s*[123]\s*$/.test(input.to) ? Number(input.to) : input.to;
  // Only a level that exists goes back: 0 is refused by promote's own check (level must be 1, 2 or 3).
  if (tool.back !== undefined && before !== undefined && (target === 1 || target === 2) && target < before.level) {
    if (target < before.level - 1)
      return failure(`${tool.name}: '${before.title}' is at level ${before.level}; it goes back one level at a time (level ${before.level - 1} first).`);
    name = tool.back;
    raw = Object.fromEntries(Object.entries(input).filter(([field]) => Object.hasOwn(OPERATIONS[tool.back as OperationName].fields, field)));
  }
  const verb = writeVerb(OPERATIONS[name].cliVerb ?? '');
  if (verb === undefined) throw new Error(`The operation ${name} has no write path.`);
  // The CLI takes a snippet's text on standard input: here it comes from the call.
  let stdin = '';
  if (verb.argv.stdin !== undefined) {
    const text = raw[verb.argv.stdin];
    if (typeof text !== 'string') return failure(`${tool.name}: text must be text. Nothing was changed.`);
    if (text.trim() === '') return failure(`${tool.name}: text is empty; nothing was attached.`);
    stdin = text;
    raw = Object.fromEntries(Object.entries(raw).filter(([field]) => field !== verb.argv.stdin));
  }
  const output = { out: '', err: '' };
  const io: CliIo = {
    ...options.io,
    out: (text) => {
      output.out += text;
    },
    err: (text) => {
      output.err += text;
    },
    readStdin: () => Promise.resolve(stdin),
  };
  // A level change, a park or a resolve ends the agent's session on the bug, in the same write.
  const ending: Session | undefined =
    bugId !== undefined && OPERATIONS[name].session !== 'keeps' ? journal.sessions.endingWith(bugId as BugId, now) : undefined;
  const code = await runWrite(
    { verb, raw, json: false, noIndex: false, help: false, ...(bugId === undefined ? {} : { bugId }) },
    options.dir,
    now,
    io,
    ending === undefined ? {} : { closedSession: { session: ending } },
  );
  if (code !== 0) {
    if (before !== undefined) await writeEnded(journal, journal.sessions.after(before, now));
    const refusal = inToolWords(tool, output.err.replace(/^bug-levels: /, '').trim());
    const message = refusal.startsWith('no bug with id ') ? `${refusal} (list_bugs shows every bug's id)` : refusal;
    return failure(`${message}${/[.!?]$/.test(message) ? '' : '.'} Nothing was changed.`);
  }
  const printed = output.out.trim();
  const { bugs: loaded } = await loadJournal(options.dir, options.io);
  const bugs = loaded.map((entry) => entry.bug);
  const after = bugs.find((bug) => bug.id === (bugId ?? printed));
  await writeEnded(journal, journal.sessions.after(after, now, ending !== undefined));
  const done =
    verb.argv.prints === 'bug-id'
      ? `Created bug ${printed}.`
      : verb.argv.prints === 'hypothesis-id'
        ? `Added ${String(raw.kind ?? 'hypothesis')} ${printed}. Run the experiment, attach what it shows (attach_snippet), then set_verdict.`
        : verb.argv.prints === 'snippet-id'
          ? `Attached snippet ${printed} (cite it as evidence in set_verdict).`
          : printed;
  if (after === undefined) return success(done);
  const running = runningOf(journal);
  return success([done, standing(after, now, journal.defaults, running), ...nudgesFor(journal, before, after, bugs, now, running)].join('\n'));
}

/** The agent's session running now, counted in every result as a person's running session is. */
function runningOf(journal: AgentJournal): RunningSession | undefined {
  const current = journal.sessions.current;
  return current === undefined ? undefined : { bugId: current.bugId, level: current.level, start: current.start };
}

/** The nudges a person would get about `after` now (before: the bug before the change, if one). */
function nudgesFor(journal: AgentJournal, before: Bug | undefined, after: Bug, bugs: readonly Bug[], now: Timestamp, running?: RunningSession): string[] {
  const { defaults } = journal;
  return [promotionNudge(before, after, bugs, now, defaults, running), timeboxNudge(after, bugs, now, defaults, running)].filter(
    (text): text is string => text !== undefined,
  );
}

/**
 * A value from the client, as a refusal quotes it: not String(), which throws for an object with
 * no string form ({toString: 1}); at most 100 characters, so a huge input is not echoed back.
 */
function quoted(value: unknown): string {
  const text = typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? typeof value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

function shown(options: McpOptions): string {
  return path.relative(options.io.cwd, options.dir) || options.dir;
}
