/**
 * Every operation a person or a program performs on a journal, declared once: its name, its
 * inputs with their validation, and the pure transition it applies. The VS Code commands, the
 * CLI verbs and the agent tools are adapters over this table: they gather the inputs their own
 * way (a quick pick, argv, a tool call) and hand them to the same apply path (one lock, one
 * write, one event). Nothing here reads the clock or makes ids: both come in the context.
 */
import type {
  Bug,
  BugId,
  FixLayer,
  Hypothesis,
  HypothesisId,
  HypothesisKind,
  Level,
  RunningSession,
  Session,
  SnippetContext,
  SnippetId,
  SnippetSource,
  Timestamp,
} from './types';
import type { IdSource } from './ids';
import { BUG_ID_PATTERN, CHILD_ID_PATTERN } from './ids';
import type { TimeboxDefaults } from './timebox';
import { deeperLevel } from './levels';
import { parseDate, toMillis } from './time';
import {
  addHypothesis,
  addLink,
  addTimelineEvent,
  attachSnippet,
  changeLevel,
  createBug,
  deleteHypothesis,
  demote,
  extendTimebox,
  JournalError,
  keepDrilling,
  logAttempt,
  park,
  reopen,
  resolveBug,
  resolveHypothesis,
  setTimebox,
} from './transitions';

/** What an operation may take from outside: the time, fresh ids, the settings it needs. */
export interface OperationContext {
  readonly now: Timestamp;
  readonly ids: IdSource;
  readonly timeboxDefaults: TimeboxDefaults;
  /**
   * A stretch of work that ends with this operation (the running session of the bug, closed at
   * its old level before a level change, a park or a resolve), and a note of time left out. It
   * goes into the same write as the change.
   */
  readonly closedSession?: { readonly session: Session; readonly leftOutNote?: string };
  /**
   * The session running now on the bug being changed (it lives in the host, not in the file), so
   * an operation that reads the time worked (extendTimebox) counts it. Ignored for other bugs.
   */
  readonly running?: RunningSession;
}

/** How a field's raw value (from a form, argv or JSON) is checked and converted. */
export type FieldType =
  | { readonly kind: 'text'; readonly maxLength?: number }
  | { readonly kind: 'choice'; readonly values: readonly string[] }
  | { readonly kind: 'level' }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'url' }
  | { readonly kind: 'childId' }
  | { readonly kind: 'childIds' }
  | { readonly kind: 'texts' }
  | { readonly kind: 'lines' }
  | { readonly kind: 'session' }
  | { readonly kind: 'hypothesis' };

export interface FieldSpec {
  readonly type: FieldType;
  readonly required: boolean;
  /** One line for usage texts, tool schemas and docs. */
  readonly describe: string;
}

/** What the operation does to the bug's running session, if it is the active bug. */
export type SessionEffect = 'keeps' | 'splits' | 'ends';

interface OperationBase<Input> {
  readonly name: string;
  /** One line: what it does. */
  readonly summary: string;
  readonly fields: { readonly [K in keyof Input]-?: FieldSpec };
  /** The VS Code command ids that perform it (checked against package.json by a test). */
  readonly commands: readonly string[];
  /** The `bug-levels` verb that performs it, if any (checked against the CLI's usage by a test). */
  readonly cliVerb?: string;
  readonly session: SessionEffect;
}

/** Makes a new bug. */
export interface CreateOperation<Input> extends OperationBase<Input> {
  readonly kind: 'create';
  readonly create: (input: Input, context: OperationContext) => Bug;
}

/** Changes one existing bug: a pure transition of the bug as it is on disk now. */
export interface EditOperation<Input> extends OperationBase<Input> {
  readonly kind: 'edit';
  readonly apply: (bug: Bug, input: Input, context: OperationContext) => Bug;
}

/** Removes the bug's file (the host keeps the bytes for Undo). */
export interface DeleteOperation<Input> extends OperationBase<Input> {
  readonly kind: 'delete';
}

export type Operation<Input> = CreateOperation<Input> | EditOperation<Input> | DeleteOperation<Input>;

/** An operation's declaration without its transition: what surfaces list and check. */
export interface OperationInfo {
  readonly kind: 'create' | 'edit' | 'delete';
  readonly name: string;
  readonly summary: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  readonly commands: readonly string[];
  readonly cliVerb?: string;
  readonly session: SessionEffect;
}

const LAYERS: readonly FixLayer[] = ['ours', 'upstream', 'workaround'];
const SOURCES: readonly SnippetSource[] = ['editor', 'terminal', 'debug', 'clipboard', 'file'];
const KINDS: readonly HypothesisKind[] = ['hypothesis', 'assumption'];
const MAX_TEXT = 2000;
/** Characters of context kept on each side of a snippet (a few lines; capture drops the farthest to fit). */
export const MAX_CONTEXT = 2000;

const text = (describe: string, required = true, maxLength = MAX_TEXT): FieldSpec => ({ type: { kind: 'text', maxLength }, required, describe });

export interface NewBugInput {
  readonly title: string;
  readonly tags?: readonly string[];
}
export interface HypothesisInput {
  readonly text: string;
  readonly prediction?: string;
  readonly kind?: HypothesisKind;
  /** Since when it was believed (an assumption held before it was written down); default now. */
  readonly since?: string;
}
export interface VerdictInput {
  readonly hypothesisId: string;
  readonly verdict: 'confirmed' | 'refuted';
  readonly note?: string;
  readonly evidence?: readonly string[];
}
export interface HypothesisRefInput {
  readonly hypothesisId: string;
}
export interface RestoreHypothesisInput {
  readonly hypothesis: Hypothesis;
  readonly index: number;
}
export interface SnippetInput {
  readonly text?: string;
  /** Set when the text went to an attachment file (above the size threshold) before the edit. */
  readonly path?: string;
  /** A snippet id chosen before the edit (its attachment file is named after it). */
  readonly snippetId?: string;
  readonly source?: SnippetSource;
  readonly file?: string;
  readonly lines?: string;
  readonly commit?: string;
  readonly command?: string;
  readonly exitCode?: number;
  /** Lines just above and below `lines` when captured, joined by newlines (snippet `context`). */
  readonly contextBefore?: string;
  readonly contextAfter?: string;
}
/** Re-anchor here: the snippet's code, taken again from where it is now. */
export interface ReanchorInput {
  readonly snippetId: string;
  readonly text: string;
  readonly file: string;
  readonly lines: string;
  readonly commit?: string;
  readonly contextBefore?: string;
  readonly contextAfter?: string;
}
export interface AttemptInput {
  readonly text?: string;
}
export interface LinkInput {
  readonly url: string;
}
export interface PromoteInput {
  readonly to?: Level;
  readonly reason?: string;
}
export interface ReasonInput {
  readonly reason?: string;
}
export interface TimeboxInput {
  readonly minutes: number;
  readonly level?: Level;
}
export interface ExtendTimeboxInput {
  readonly minutes: number;
}
export interface ResolveInput {
  readonly layer: FixLayer;
  readonly summary: string;
  readonly link?: string;
  readonly reached?: Level;
}
export interface KeepDrillingInput {
  readonly reason: string;
}
export interface SessionInput {
  readonly session: Session;
  readonly leftOutNote?: string;
}
export interface LeftOutInput {
  readonly leftOutNote: string;
}
export interface DebugEventInput {
  readonly event: 'debug-start' | 'debug-end' | 'exception';
  readonly text: string;
}
export type NoInput = Record<string, never>;

const newBug: CreateOperation<NewBugInput> = {
  kind: 'create',
  name: 'newBug',
  summary: 'Creates a bug at level 1.',
  fields: { title: text('What is wrong, in one line.', true, 300), tags: { type: { kind: 'texts' }, required: false, describe: 'Tags.' } },
  commands: ['bugLevels.newBug'],
  cliVerb: 'new',
  session: 'keeps',
  create: (input, { ids, now }) => createBug({ id: ids.bugId(), title: input.title, ...(input.tags ? { tags: input.tags } : {}) }, now),
};

const addHypothesisOperation: EditOperation<HypothesisInput> = {
  kind: 'edit',
  name: 'addHypothesis',
  summary: 'Adds an open hypothesis, or an assumption (something taken for granted).',
  fields: {
    text: text('The statement.'),
    prediction: text('What you will see if it holds.', false),
    kind: { type: { kind: 'choice', values: KINDS }, required: false, describe: 'hypothesis (default) or assumption.' },
    since: text('Since when it was believed, if before now: a UTC date (2026-02-25) or time (2026-02-25T17:00:00Z).', false, 40),
  },
  commands: ['bugLevels.addHypothesis', 'bugLevels.addAssumption'],
  cliVerb: 'hypothesis',
  session: 'keeps',
  apply: (bug, input, { ids, now }) =>
    addHypothesis(
      bug,
      {
        id: ids.hypothesisId(new Set(bug.hypotheses.map((h) => h.id))),
        kind: input.kind ?? 'hypothesis',
        text: input.text,
        ...(input.prediction?.trim() ? { prediction: input.prediction } : {}),
      },
      input.since === undefined ? now : believedSince(input.since, now),
    ),
};

/** The time a statement was believed since: a date or time not after `now` (else refused). */
function believedSince(since: string, now: Timestamp): Timestamp {
  const at = parseDate(since);
  if (at === undefined) throw invalid('addHypothesis', 'since', `must be a UTC date like 2026-02-25 or a time like 2026-02-25T17:00:00Z (found '${since}')`);
  if (toMillis(at) > toMillis(now)) throw invalid('addHypothesis', 'since', `is after now (${now}): a belief cannot start in the future`);
  return at;
}

const setVerdict: EditOperation<VerdictInput> = {
  kind: 'edit',
  name: 'setVerdict',
  summary: 'Confirms or refutes a hypothesis, with what decided it.',
  fields: {
    hypothesisId: { type: { kind: 'childId' }, required: true, describe: 'The hypothesis id (h-...).' },
    verdict: { type: { kind: 'choice', values: ['confirmed', 'refuted'] }, required: true, describe: 'confirmed or refuted.' },
    note: text('What decided it.', false),
    evidence: { type: { kind: 'childIds' }, required: false, describe: 'Snippet ids (s-...) that decided it.' },
  },
  commands: ['bugLevels.markConfirmed', 'bugLevels.markRefuted'],
  cliVerb: 'verdict',
  session: 'keeps',
  apply: (bug, input, { now }) =>
    resolveHypothesis(
      bug,
      {
        id: input.hypothesisId as HypothesisId,
        status: input.verdict,
        ...(input.note?.trim() ? { note: input.note } : {}),
        ...(input.evidence?.length ? { evidence: input.evidence as SnippetId[] } : {}),
      },
      now,
    ),
};

const deleteHypothesisOperation: EditOperation<HypothesisRefInput> = {
  kind: 'edit',
  name: 'deleteHypothesis',
  summary: 'Removes a hypothesis.',
  fields: { hypothesisId: { type: { kind: 'childId' }, required: true, describe: 'The hypothesis id (h-...).' } },
  commands: ['bugLevels.deleteHypothesis'],
  session: 'keeps',
  apply: (bug, input) => deleteHypothesis(bug, input.hypothesisId as HypothesisId),
};

const restoreHypothesisOperation: EditOperation<RestoreHypothesisInput> = {
  kind: 'edit',
  name: 'restoreHypothesis',
  summary: 'Puts a deleted hypothesis back where it was (Undo).',
  fields: {
    hypothesis: { type: { kind: 'hypothesis' }, required: true, describe: 'The hypothesis as it was.' },
    index: { type: { kind: 'integer', min: 0, max: 100_000 }, required: true, describe: 'Its place in the list.' },
  },
  commands: ['bugLevels.undoLastDelete'],
  session: 'keeps',
  apply: (bug, { hypothesis, index }) =>
    bug.hypotheses.some((h) => h.id === hypothesis.id)
      ? bug
      : { ...bug, hypotheses: [...bug.hypotheses.slice(0, index), hypothesis, ...bug.hypotheses.slice(index)] },
};

const attachSnippetOperation: EditOperation<SnippetInput> = {
  kind: 'edit',
  name: 'attachSnippet',
  summary: 'Attaches captured evidence (a log, output, code), stamped with its capture time.',
  fields: {
    text: { type: { kind: 'text' }, required: false, describe: 'The captured text.' },
    path: { type: { kind: 'text', maxLength: 300 }, required: false, describe: 'The attachment file holding the text (set by the store).' },
    snippetId: { type: { kind: 'childId' }, required: false, describe: 'The snippet id, when chosen beforehand.' },
    source: { type: { kind: 'choice', values: SOURCES }, required: false, describe: 'Where it came from (default clipboard).' },
    file: text('The workspace-relative file it came from.', false, 1024),
    lines: { type: { kind: 'lines' }, required: false, describe: 'Its line range, A-B.' },
    commit: text('The git commit the file was at.', false, 64),
    command: text('The terminal command that printed it.', false),
    exitCode: { type: { kind: 'integer', min: -1_000_000, max: 1_000_000 }, required: false, describe: "The command's exit code." },
    contextBefore: text('The lines just above its lines, one per line.', false, MAX_CONTEXT),
    contextAfter: text('The lines just below its lines, one per line.', false, MAX_CONTEXT),
  },
  commands: [
    'bugLevels.attachSelection',
    'bugLevels.attachClipboard',
    'bugLevels.attachTerminalSelection',
    'bugLevels.attachLastTerminalOutput',
    'bugLevels.attachDebugOutput',
    'bugLevels.attachLogTail',
  ],
  cliVerb: 'snippet',
  session: 'keeps',
  apply: (bug, input, { ids, now }) => {
    if (input.text === undefined && input.path === undefined) throw new JournalError('empty-text', 'A snippet needs text.');
    // Here, not only in the CLI's argv (--lines needs --file): an agent's call reaches the operation directly.
    if (input.lines !== undefined && input.file === undefined) throw new JournalError('invalid-input', 'attachSnippet: lines needs file.');
    const { snippetId, source, text: captured, path, contextBefore, contextAfter, ...place } = input;
    const context = snippetContext(contextBefore, contextAfter);
    return attachSnippet(
      bug,
      {
        id: (snippetId ?? ids.snippetId(new Set(bug.snippets.map((s) => s.id)))) as SnippetId,
        source: source ?? 'clipboard',
        ...place,
        ...(context ? { context } : {}),
        ...(path !== undefined ? { path } : { text: captured }),
      },
      now,
    );
  },
};

/**
 * Re-anchor here: a new snippet with the code where it is now, naming the snippet it re-anchors.
 * The old snippet is never rewritten (team diffs stay clean, hypotheses keep citing it); anchors
 * (anchors/anchorChain.ts) find it at the newest re-anchoring snippet's place.
 */
const reanchorSnippetOperation: EditOperation<ReanchorInput> = {
  kind: 'edit',
  name: 'reanchorSnippet',
  summary: 'Pins a snippet to new lines (Re-anchor here), as a new snippet that names the old one; the old one is kept as it was.',
  fields: {
    snippetId: { type: { kind: 'childId' }, required: true, describe: 'The snippet to re-anchor.' },
    text: text('The code at its new place.', true, 100_000),
    file: text('The workspace-relative file it is in now.', true, 1024),
    lines: { type: { kind: 'lines' }, required: true, describe: 'Its line range there, A-B.' },
    commit: text('The git commit the file is at.', false, 64),
    contextBefore: text('The lines just above its lines, one per line.', false, MAX_CONTEXT),
    contextAfter: text('The lines just below its lines, one per line.', false, MAX_CONTEXT),
  },
  commands: ['bugLevels.reanchorSnippet'],
  session: 'keeps',
  apply: (bug, input, { ids, now }) => {
    const old = bug.snippets.find((s) => s.id === input.snippetId);
    if (!old) throw new JournalError('unknown-snippet', `No snippet ${input.snippetId} in this bug.`);
    const context = snippetContext(input.contextBefore, input.contextAfter);
    return attachSnippet(
      bug,
      {
        id: ids.snippetId(new Set(bug.snippets.map((s) => s.id))) as SnippetId,
        source: old.source,
        file: input.file,
        lines: input.lines,
        ...(input.commit !== undefined ? { commit: input.commit } : {}),
        reanchors: old.id,
        ...(context ? { context } : {}),
        text: input.text,
      },
      now,
    );
  },
};

/** The stored `context` from the two newline-joined inputs; none when both are absent. */
function snippetContext(before: string | undefined, after: string | undefined): SnippetContext | undefined {
  if (before === undefined && after === undefined) return undefined;
  const lines = (joined: string | undefined): string[] => (joined === undefined || joined === '' ? [] : joined.split('\n'));
  return { before: lines(before), after: lines(after) };
}

const logAttemptOperation: EditOperation<AttemptInput> = {
  kind: 'edit',
  name: 'logAttempt',
  summary: 'Records one level-1 try: a revert, a changed input, a guess.',
  fields: { text: text('What you tried.', false) },
  commands: ['bugLevels.logAttempt'],
  cliVerb: 'attempt',
  session: 'keeps',
  apply: (bug, input, { now }) => logAttempt(bug, input.text?.trim() || undefined, now),
};

const addLinkOperation: EditOperation<LinkInput> = {
  kind: 'edit',
  name: 'addLink',
  summary: 'Adds an http(s) link: an issue, a PR, a release note.',
  fields: { url: { type: { kind: 'url' }, required: true, describe: 'An http or https URL.' } },
  commands: ['bugLevels.addLink'],
  cliVerb: 'link',
  session: 'keeps',
  apply: (bug, input) => addLink(bug, input.url),
};

const promoteOperation: EditOperation<PromoteInput> = {
  kind: 'edit',
  name: 'promote',
  summary: 'Moves the bug one level deeper (or to --to), recording why.',
  fields: {
    to: { type: { kind: 'level' }, required: false, describe: 'The level to reach (default: one deeper).' },
    reason: text('What you understand now.', false),
  },
  commands: ['bugLevels.promoteToLevel2', 'bugLevels.promoteToLevel3'],
  cliVerb: 'promote',
  session: 'splits',
  apply: (bug, input, { now }) => {
    const target = input.to ?? deeperLevel(bug.level);
    if (target === undefined) throw new JournalError('already-deepest', `'${bug.title}' is already at level 3.`);
    if (target < bug.level) throw new JournalError('same-level', `'${bug.title}' is at level ${bug.level}; demote it to go back to level ${target}.`);
    // A parked bug promoted (dragged to a level, say) is worked on again.
    return changeLevel(bug.status === 'parked' ? reopen(bug, now) : bug, target, input.reason, now);
  },
};

const demoteOperation: EditOperation<ReasonInput> = {
  kind: 'edit',
  name: 'demote',
  summary: 'Moves the bug one level back, when the understanding turned out wrong.',
  fields: { reason: text('What turned out wrong.', false) },
  commands: ['bugLevels.demote'],
  cliVerb: 'demote',
  session: 'splits',
  apply: (bug, input, { now }) => demote(bug, input.reason, now),
};

const setTimeboxOperation: EditOperation<TimeboxInput> = {
  kind: 'edit',
  name: 'setTimebox',
  summary: 'Sets the minutes allowed at a level (default: the current one), also ahead of reaching it.',
  fields: {
    minutes: { type: { kind: 'integer', min: 1, max: 10_000 }, required: true, describe: 'Whole minutes, 1 to 10000.' },
    level: { type: { kind: 'level' }, required: false, describe: 'The level it is for (default: the current level).' },
  },
  commands: ['bugLevels.setTimebox'],
  cliVerb: 'timebox',
  session: 'keeps',
  apply: (bug, input) => setTimebox(bug, input.minutes, input.level ?? bug.level),
};

const extendTimeboxOperation: EditOperation<ExtendTimeboxInput> = {
  kind: 'edit',
  name: 'extendTimebox',
  summary: "Gives the current level's timebox N more minutes from now (the nudge's +15 min).",
  fields: { minutes: { type: { kind: 'integer', min: 1, max: 10_000 }, required: true, describe: 'Minutes left afterwards, at least.' } },
  commands: [],
  session: 'keeps',
  apply: (bug, input, { now, timeboxDefaults, running }) => extendTimebox(bug, input.minutes, timeboxDefaults, now, running),
};

const keepDrillingOperation: EditOperation<KeepDrillingInput> = {
  kind: 'edit',
  name: 'keepDrilling',
  summary: 'Records why you keep drilling past a nudge.',
  fields: { reason: text('Why, in one line.') },
  commands: [],
  session: 'keeps',
  apply: (bug, input, { now }) => keepDrilling(bug, input.reason, now),
};

const parkOperation: EditOperation<ReasonInput> = {
  kind: 'edit',
  name: 'park',
  summary: 'Sets the bug aside; the scheduler skips it.',
  fields: { reason: text('Why it is set aside.', false) },
  commands: ['bugLevels.park'],
  cliVerb: 'park',
  session: 'ends',
  apply: (bug, input, { now }) => park(bug, input.reason, now),
};

const reopenOperation: EditOperation<NoInput> = {
  kind: 'edit',
  name: 'reopen',
  summary: 'Opens a parked or resolved bug again.',
  fields: {},
  commands: ['bugLevels.reopen'],
  cliVerb: 'reopen',
  session: 'keeps',
  apply: (bug, _input, { now }) => reopen(bug, now),
};

const resolveOperation: EditOperation<ResolveInput> = {
  kind: 'edit',
  name: 'resolve',
  summary: 'Marks the bug fixed: at which layer, and how.',
  fields: {
    layer: { type: { kind: 'choice', values: LAYERS }, required: true, describe: 'ours, upstream or workaround.' },
    summary: text('The fix in one line.'),
    link: { type: { kind: 'url' }, required: false, describe: 'The fix, upstream issue or release.' },
    reached: { type: { kind: 'level' }, required: false, describe: 'The level of understanding reached with the fix, when deeper than the bug is now.' },
  },
  commands: ['bugLevels.resolve'],
  cliVerb: 'resolve',
  session: 'ends',
  apply: (bug, { reached, ...input }, { now }) => {
    // Resolved with a confirmed cause and the fix at its layer: the level history says so too.
    const understood = reached !== undefined && reached > bug.level ? changeLevel(bug, reached, `Resolved: ${input.summary.trim()}`, now) : bug;
    return resolveBug(understood, input, now);
  },
};

const recordSessionOperation: EditOperation<SessionInput> = {
  kind: 'edit',
  name: 'recordSession',
  summary: "Records a closed stretch of work (on stop, switch, idle or sleep), by the person or, with 'by', by an agent.",
  fields: {
    session: { type: { kind: 'session' }, required: true, describe: 'The closed session.' },
    leftOutNote: text('Time that was not counted, and why.', false),
  },
  commands: ['bugLevels.startWorking', 'bugLevels.stopWorking', 'bugLevels.nextBug'],
  session: 'keeps',
  apply: (bug, input) => withClosedSession(bug, input),
};

const recordLeftOutOperation: EditOperation<LeftOutInput> = {
  kind: 'edit',
  name: 'recordLeftOut',
  summary: 'Notes in the timeline time that was not counted with no session to close (an idle pause that ended).',
  fields: { leftOutNote: text('Time that was not counted, and why.') },
  commands: [],
  session: 'keeps',
  apply: (bug, input, { now }) => addTimelineEvent(bug, { at: now, kind: 'time-left-out', text: input.leftOutNote }),
};

const recordDebugEventOperation: EditOperation<DebugEventInput> = {
  kind: 'edit',
  name: 'recordDebugEvent',
  summary: "Logs a debug session's start or end, or an exception, to the active bug's timeline.",
  fields: {
    event: { type: { kind: 'choice', values: ['debug-start', 'debug-end', 'exception'] }, required: true, describe: 'What happened.' },
    text: text('The debug session, and the exception.'),
  },
  commands: [],
  session: 'keeps',
  apply: (bug, input, { now }) => addTimelineEvent(bug, { at: now, kind: input.event, text: input.text }),
};

const deleteBugOperation: DeleteOperation<NoInput> = {
  kind: 'delete',
  name: 'deleteBug',
  summary: "Deletes the bug's file (VS Code offers Undo).",
  fields: {},
  commands: ['bugLevels.deleteBug'],
  session: 'ends',
};

/** The table. Order is the order of usage texts and docs. */
export const OPERATIONS = {
  newBug,
  addHypothesis: addHypothesisOperation,
  setVerdict,
  deleteHypothesis: deleteHypothesisOperation,
  restoreHypothesis: restoreHypothesisOperation,
  attachSnippet: attachSnippetOperation,
  reanchorSnippet: reanchorSnippetOperation,
  logAttempt: logAttemptOperation,
  addLink: addLinkOperation,
  promote: promoteOperation,
  demote: demoteOperation,
  setTimebox: setTimeboxOperation,
  extendTimebox: extendTimeboxOperation,
  keepDrilling: keepDrillingOperation,
  park: parkOperation,
  reopen: reopenOperation,
  resolve: resolveOperation,
  recordSession: recordSessionOperation,
  recordLeftOut: recordLeftOutOperation,
  recordDebugEvent: recordDebugEventOperation,
  deleteBug: deleteBugOperation,
} as const;

export type OperationName = keyof typeof OPERATIONS;
/** The input an operation takes, by name. */
export type InputOf<Name extends OperationName> = (typeof OPERATIONS)[Name] extends Operation<infer Input> ? Input : never;
export type EditOperationName = { [Name in OperationName]: (typeof OPERATIONS)[Name] extends { kind: 'edit' } ? Name : never }[OperationName];

/** Every operation, for surfaces that list them (usage texts, tool lists, tests). */
export const ALL_OPERATIONS: readonly OperationInfo[] = Object.values(OPERATIONS);

/**
 * Applies an edit operation to `bug`: first the stretch of work that ends with it (so a session
 * is closed at the old level in the same write as a level change), then the transition.
 */
export function applyEdit<Name extends EditOperationName>(name: Name, bug: Bug, input: InputOf<Name>, context: OperationContext): Bug {
  const operation = OPERATIONS[name] as unknown as EditOperation<InputOf<Name>>;
  const closed = context.closedSession;
  return operation.apply(closed ? withClosedSession(bug, closed) : bug, input, context);
}

/** The bug with a closed session (and a note of time left out) appended. */
function withClosedSession(bug: Bug, { session, leftOutNote }: { readonly session: Session; readonly leftOutNote?: string }): Bug {
  if (!session.end || session.end <= session.start) return bug;
  const withSession = { ...bug, sessions: [...bug.sessions, session] };
  return leftOutNote ? addTimelineEvent(withSession, { at: session.end, kind: 'time-left-out', text: leftOutNote }) : withSession;
}

/**
 * Checks raw input (a form's answers, parsed argv, a tool call's JSON) against the operation's
 * fields and returns it typed. Unknown fields, missing required ones and bad values throw a
 * JournalError ('invalid-input') naming the field.
 */
export function validateInput<Name extends OperationName>(name: Name, raw: Readonly<Record<string, unknown>>): InputOf<Name> {
  const operation: OperationInfo = OPERATIONS[name];
  const fields = operation.fields;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    if (!Object.hasOwn(fields, key)) throw invalid(name, key, 'is not an input of this operation');
  }
  for (const [key, spec] of Object.entries(fields)) {
    const value = raw[key];
    if (value === undefined || value === null) {
      if (spec.required) throw invalid(name, key, 'is required');
      continue;
    }
    result[key] = checkField(name, key, spec.type, value);
  }
  return result as InputOf<Name>;
}

function checkField(name: string, key: string, type: FieldType, value: unknown): unknown {
  switch (type.kind) {
    case 'text': {
      if (typeof value !== 'string') throw invalid(name, key, 'must be text');
      if (type.maxLength !== undefined && value.length > type.maxLength) throw invalid(name, key, `is longer than ${type.maxLength} characters`);
      return value;
    }
    case 'choice':
      if (typeof value !== 'string' || !type.values.includes(value)) throw invalid(name, key, `must be one of ${type.values.join(', ')}`);
      return value;
    case 'level': {
      const level = typeof value === 'string' && /^[123]$/.test(value.trim()) ? Number(value) : value;
      if (level !== 1 && level !== 2 && level !== 3) throw invalid(name, key, 'must be 1, 2 or 3');
      return level;
    }
    case 'integer': {
      const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isInteger(number) || number < type.min || number > type.max) {
        throw invalid(name, key, `must be a whole number from ${type.min} to ${type.max}`);
      }
      return number;
    }
    case 'url':
      // eslint-disable-next-line no-control-regex -- control characters are what this refuses
      if (typeof value !== 'string' || !/^https?:\/\/[^\s\u0000-\u001f\u007f]+$/i.test(value.trim()) || value.length > 2048)
        throw invalid(name, key, 'must be an http or https URL');
      return value.trim();
    case 'childId':
      if (typeof value !== 'string' || !CHILD_ID_PATTERN.test(value)) throw invalid(name, key, 'must be an id like h-3kx');
      return value;
    case 'childIds':
      if (!Array.isArray(value) || !value.every((id) => typeof id === 'string' && CHILD_ID_PATTERN.test(id)))
        throw invalid(name, key, 'must be a list of ids like s-9qa');
      return [...(value as string[])];
    case 'texts':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.trim() !== '' && item.length <= 100))
        throw invalid(name, key, 'must be a list of short texts');
      return (value as string[]).map((item) => item.trim());
    case 'lines': {
      // A range that ends before it starts, or line 0, names no lines: anchors would ignore it.
      const match = typeof value === 'string' ? /^(\d{1,9})(?:-(\d{1,9}))?$/.exec(value.trim()) : null;
      const [start, end] = match ? [Number(match[1]), Number(match[2] ?? match[1])] : [0, 0];
      if (typeof value !== 'string' || start < 1 || end < start) throw invalid(name, key, 'must be a line range like 12-14');
      return value.trim();
    }
    case 'hypothesis': {
      const hypothesis = value as Partial<Hypothesis>;
      if (
        typeof hypothesis !== 'object' ||
        typeof hypothesis.id !== 'string' ||
        !CHILD_ID_PATTERN.test(hypothesis.id) ||
        typeof hypothesis.text !== 'string' ||
        typeof hypothesis.status !== 'string'
      ) {
        throw invalid(name, key, 'must be a hypothesis');
      }
      return hypothesis;
    }
    case 'session': {
      const session = value as Partial<Session>;
      if (typeof session !== 'object' || typeof session.start !== 'string' || typeof session.end !== 'string' || ![1, 2, 3].includes(session.level as number)) {
        throw invalid(name, key, 'must be a closed session');
      }
      // Who worked (issue 18): an agent's name, or absent for the person.
      if (session.by !== undefined && (typeof session.by !== 'string' || session.by.trim() === '')) throw invalid(name, key, "has a 'by' that is not a name");
      return session;
    }
  }
}

function invalid(operation: string, field: string, problem: string): JournalError {
  return new JournalError('invalid-input', `${operation}: ${field} ${problem}.`);
}

/** A bug id as the format allows it, for surfaces that take one from outside. */
export function isBugId(value: string): value is BugId {
  return BUG_ID_PATTERN.test(value);
}
