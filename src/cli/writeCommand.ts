/**
 * Runs a write verb: its raw input goes to the one write path (performOperation.ts: validated,
 * applied under the file's lock, written once), with the time from --now or the clock and ids
 * from randomIds. What the journal refuses (an unknown bug, a bad value, a lock held, a file
 * that does not parse, a read-only file) is one line on stderr and exit 1; nothing is written.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Bug, BugId, Timestamp } from '../core/model/types';
import { isBugId, type EditOperationName, type OperationContext } from '../core/model/operations';
import { JournalError } from '../core/model/transitions';
import { DEFAULT_TIMEBOX_MINUTES } from '../core/model/timebox';
import { formatProblem, isError, type Problem } from '../core/format/problems';
import { StoreError } from '../core/store/journalStore';
import { performCreate, performEdit } from '../core/store/performOperation';
import { randomIds } from '../core/store/randomIds';
import type { CliIo } from './io';
import { jsonForTerminal } from '../core/model/terminalText';
import { journalFolderProblem, loadJournal, openStore } from './journal';
import type { WriteRequest } from './writeArgs';
import { snippetPlace } from './snippetPlace';

/** Runs a checked write request on journal folder `dir` (absolute); resolves to the exit code. */
export async function runWrite(
  request: WriteRequest,
  dir: string,
  now: Timestamp,
  io: CliIo,
  // A stretch of work that ends with this change (an agent's session, from bug-levels mcp), written with it.
  ended: Pick<OperationContext, 'closedSession'> = {},
): Promise<number> {
  const context: OperationContext = { now, ids: randomIds, timeboxDefaults: DEFAULT_TIMEBOX_MINUTES, ...ended };
  // `new` too: a journal starts with its folder (mkdir), so a mistyped --journal never makes one.
  const folderProblem = await journalFolderProblem(dir, io);
  if (folderProblem !== undefined) return refuse(io, folderProblem);
  try {
    const done =
      request.bugId === undefined
        ? { after: (await performCreate(openStore(dir, io), request.raw, context)).bug }
        : await edit(request, request.bugId, dir, context, io);
    if (typeof done === 'string') return refuse(io, done);
    io.out(`${request.json ? jsonForTerminal(done.after, 2) : printed(request, done)}\n`);
    return 0;
  } catch (error) {
    const message = refusal(error);
    if (message === undefined) throw error;
    return refuse(io, message);
  }
}

interface Done {
  readonly after: Bug;
  readonly before?: Bug;
  /** The input, standard input included. */
  readonly raw?: Readonly<Record<string, unknown>>;
}

/** Finds bug `id`, then performs the edit; a string is a refusal. */
async function edit(request: WriteRequest, id: string, dir: string, context: OperationContext, io: CliIo): Promise<Done | string> {
  const { verb } = request;
  if (!isBugId(id)) return `'${id}' is not a bug id (6 to 32 letters, digits, _ or -).`;
  const { store, problems } = await loadJournal(dir, io);
  const known = store.fileOf(id);
  if (known === undefined) return notFound(id, dir, problems, io);
  let raw: Record<string, unknown> = { ...request.raw };
  // Standard input is read once the bug is known to be there (a terminal waits for Ctrl+D).
  if (verb.argv.stdin !== undefined) {
    const text = io.readStdin ? await io.readStdin() : '';
    if (text.trim() === '') return `${verb.verb}: standard input is empty; nothing was attached.`;
    raw[verb.argv.stdin] = text;
  }
  if (verb.name === 'attachSnippet') raw = { ...raw, ...(await snippetPlace(dir, raw)) };
  try {
    const { before, bug: after } = await performEdit(store, verb.name as EditOperationName, id, raw, context);
    return { before, after, raw };
  } catch (error) {
    // A bad value is refused before the file is read; what the transition refuses is about the bug in its file.
    if (error instanceof JournalError && error.code !== 'invalid-input') return `${shown(path.join(dir, known), io)}: ${error.message}`;
    throw error;
  }
}

/** What a success prints without --json. */
function printed(request: WriteRequest, { after, before, raw }: Done): string {
  const prints = request.verb.argv.prints;
  if (typeof prints === 'function') return prints(after, raw ?? request.raw);
  if (prints === 'bug-id') return after.id;
  const [list, old] = prints === 'hypothesis-id' ? [after.hypotheses, before?.hypotheses ?? []] : [after.snippets, before?.snippets ?? []];
  return list.find((item) => !old.some((earlier) => earlier.id === item.id))?.id ?? '';
}

/** The message of an error the journal refused with; undefined: not a refusal. */
function refusal(error: unknown): string | undefined {
  // StoreError messages name the file already.
  if (error instanceof StoreError || error instanceof JournalError) return error.message;
  // The file system's own errors (EACCES, ENOSPC, EROFS) name the path.
  if (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string') return error.message;
  return undefined;
}

function refuse(io: CliIo, message: string): number {
  io.err(`bug-levels: ${message.replace(/\s*[\r\n]+\s*/g, ' ').trim()}\n`);
  return 1;
}

/**
 * Why no loaded bug has the id: its file may be there but not parse (the loader cannot read an
 * id from it). Such a file is recognised by its name (`<slug>-<id>.yaml`) or an `id:` line.
 */
async function notFound(id: BugId, dir: string, problems: readonly Problem[], io: CliIo): Promise<string> {
  const checked = new Set<string>();
  for (const problem of problems.filter(isError)) {
    if (checked.has(problem.file)) continue;
    checked.add(problem.file);
    if (await holdsId(path.resolve(io.cwd, problem.file), id)) return `${formatProblem(problem)} (the file does not parse, so bug ${id} was not changed)`;
  }
  return `no bug with id '${id}' in ${shown(dir, io)}`;
}

/** Bytes read at most to look for a broken file's id: bug files over 1 MiB are refused anyway. */
const MAX_SCAN_BYTES = 2 * 1024 * 1024;

async function holdsId(file: string, id: string): Promise<boolean> {
  if (path.basename(file) === `${id}.yaml` || path.basename(file).endsWith(`-${id}.yaml`)) return true;
  try {
    if ((await fs.stat(file)).size > MAX_SCAN_BYTES) return false;
    const text = await fs.readFile(file, 'utf8');
    // A bug id is letters, digits, _ and -: nothing in it means anything to a RegExp.
    return new RegExp(`^\\s*id:\\s*["']?${id}["']?\\s*(#.*)?$`, 'm').test(text);
  } catch {
    return false;
  }
}

function shown(file: string, io: CliIo): string {
  return path.relative(io.cwd, file) || file;
}
