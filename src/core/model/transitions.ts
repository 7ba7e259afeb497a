/**
 * Pure transitions of a bug: (bug, input, now) -> new bug. No clock, no randomness, no I/O:
 * time and ids come in as arguments. Lists only ever grow at the end (except explicit deletes),
 * which keeps two people's edits of one file mergeable in git.
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
  Snippet,
  SnippetContext,
  SnippetId,
  SnippetSource,
  TimelineEvent,
  Timestamp,
} from './types';
import { SCHEMA_V1 } from './types';
import { deeperLevel, shallowerLevel } from './levels';
import { toMillis } from './time';
import { MAX_TIMEBOX_MINUTES, MIN_TIMEBOX_MINUTES, ownTimeboxes, timeboxMinutes, type TimeboxDefaults } from './timebox';
import { secondsByLevel } from './timeAccounting';

export type JournalErrorCode =
  | 'already-deepest'
  | 'already-shallowest'
  | 'same-level'
  | 'already-open'
  | 'not-open'
  | 'already-resolved'
  | 'unknown-hypothesis'
  | 'unknown-snippet'
  | 'duplicate-id'
  | 'empty-text'
  | 'invalid-timebox'
  | 'invalid-input';

/** A transition that does not apply to the bug as it is (promoting past level 3, ...). */
export class JournalError extends Error {
  constructor(
    readonly code: JournalErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'JournalError';
  }
}

export interface NewBugInput {
  readonly id: BugId;
  readonly title: string;
  readonly tags?: readonly string[];
  readonly level?: Level;
}

/** A new open bug, at level 1 unless told otherwise, with its first level-history entry. */
export function createBug(input: NewBugInput, now: Timestamp): Bug {
  const title = requireText(input.title, 'A bug needs a title.');
  // One line (the field says so): every list that shows titles (the tree, the CLI, an agent's list_bugs) is one line per bug.
  if (/[\r\n\u2028\u2029]/.test(title))
    throw new JournalError('invalid-input', 'A bug title is one line: join the lines, and put the rest in a hypothesis or a snippet.');
  const level = input.level ?? 1;
  return {
    schema: SCHEMA_V1,
    id: input.id,
    title,
    status: 'open',
    level,
    created: now,
    tags: [...(input.tags ?? [])],
    levels: [{ level, at: now }],
    sessions: [],
    hypotheses: [],
    snippets: [],
    links: [],
    timeline: [],
  };
}

/** Moves the bug to `level`, recording when and why in its level history. */
export function changeLevel(bug: Bug, level: Level, reason: string | undefined, now: Timestamp): Bug {
  if (bug.status === 'resolved') throw new JournalError('already-resolved', `'${bug.title}' is resolved; reopen it first.`);
  if (level === bug.level) throw new JournalError('same-level', `'${bug.title}' is already at level ${level}.`);
  const trimmed = reason?.trim();
  return {
    ...bug,
    level,
    levels: [...bug.levels, trimmed ? { level, at: now, reason: trimmed } : { level, at: now }],
  };
}

/** One level deeper (1 -> 2 -> 3). */
export function promote(bug: Bug, reason: string | undefined, now: Timestamp): Bug {
  const next = deeperLevel(bug.level);
  if (!next) throw new JournalError('already-deepest', `'${bug.title}' is already at level 3.`);
  return changeLevel(bug, next, reason, now);
}

/** One level back (3 -> 2 -> 1), for when the understanding turned out wrong. */
export function demote(bug: Bug, reason: string | undefined, now: Timestamp): Bug {
  const previous = shallowerLevel(bug.level);
  if (!previous) throw new JournalError('already-shallowest', `'${bug.title}' is already at level 1.`);
  return changeLevel(bug, previous, reason, now);
}

export interface NewHypothesisInput {
  readonly id: HypothesisId;
  readonly kind: HypothesisKind;
  readonly text: string;
  readonly prediction?: string;
}

/** Adds an open hypothesis, or an assumption (something taken for granted). */
export function addHypothesis(bug: Bug, input: NewHypothesisInput, now: Timestamp): Bug {
  if (bug.hypotheses.some((h) => h.id === input.id)) throw new JournalError('duplicate-id', `Hypothesis id ${input.id} is taken.`);
  const text = requireText(input.text, 'A hypothesis needs a statement.');
  const prediction = input.prediction?.trim();
  const hypothesis: Hypothesis = {
    id: input.id,
    kind: input.kind,
    text,
    status: 'open',
    created: now,
    ...(prediction ? { prediction } : {}),
  };
  return { ...bug, hypotheses: [...bug.hypotheses, hypothesis] };
}

export interface HypothesisVerdict {
  readonly id: HypothesisId;
  readonly status: 'confirmed' | 'refuted' | 'open';
  readonly note?: string;
  readonly evidence?: readonly SnippetId[];
}

/** Confirms or refutes a hypothesis (or reopens it), keeping the evidence that decided it. */
export function resolveHypothesis(bug: Bug, verdict: HypothesisVerdict, now: Timestamp): Bug {
  const index = bug.hypotheses.findIndex((h) => h.id === verdict.id);
  if (index < 0) throw new JournalError('unknown-hypothesis', `'${bug.title}' has no hypothesis ${verdict.id}.`);
  for (const snippetId of verdict.evidence ?? []) {
    if (!bug.snippets.some((s) => s.id === snippetId)) throw new JournalError('unknown-snippet', `'${bug.title}' has no snippet ${snippetId}.`);
  }
  const old = bug.hypotheses[index] as Hypothesis;
  const evidence = [...new Set([...(old.evidence ?? []), ...(verdict.evidence ?? [])])];
  const note = verdict.note?.trim() || old.note;
  const { resolved: _resolved, ...rest } = old;
  const updated: Hypothesis = {
    ...rest,
    status: verdict.status,
    ...(verdict.status === 'open' ? {} : { resolved: now }),
    ...(evidence.length ? { evidence } : {}),
    ...(note ? { note } : {}),
  };
  return { ...bug, hypotheses: replaceAt(bug.hypotheses, index, updated) };
}

/** Removes a hypothesis (the host asks first or offers Undo). */
export function deleteHypothesis(bug: Bug, id: HypothesisId): Bug {
  if (!bug.hypotheses.some((h) => h.id === id)) throw new JournalError('unknown-hypothesis', `'${bug.title}' has no hypothesis ${id}.`);
  return { ...bug, hypotheses: bug.hypotheses.filter((h) => h.id !== id) };
}

export interface NewSnippetInput {
  readonly id: SnippetId;
  readonly source: SnippetSource;
  /** The captured text, or undefined when it lives in an attachment file (`path`). */
  readonly text?: string;
  readonly path?: string;
  readonly file?: string;
  readonly lines?: string;
  readonly commit?: string;
  readonly command?: string;
  readonly exitCode?: number;
  readonly reanchors?: SnippetId;
  readonly context?: SnippetContext;
}

/** Attaches captured evidence, stamped with its capture time. */
export function attachSnippet(bug: Bug, input: NewSnippetInput, now: Timestamp): Bug {
  if (bug.snippets.some((s) => s.id === input.id)) throw new JournalError('duplicate-id', `Snippet id ${input.id} is taken.`);
  if (input.text === undefined && input.path === undefined) throw new JournalError('empty-text', 'A snippet needs text or an attachment path.');
  const snippet: Snippet = dropUndefined({
    id: input.id,
    source: input.source,
    file: input.file,
    lines: input.lines,
    commit: input.commit,
    command: input.command,
    exitCode: input.exitCode,
    reanchors: input.reanchors,
    context: input.context,
    captured: now,
    text: input.text,
    path: input.path,
  });
  return { ...bug, snippets: [...bug.snippets, snippet] };
}

/** Adds a link (issue, PR, release note); an exact duplicate is ignored. */
export function addLink(bug: Bug, url: string): Bug {
  const link = requireText(url, 'A link needs a URL.');
  return bug.links.includes(link) ? bug : { ...bug, links: [...bug.links, link] };
}

/**
 * Sets the timebox, in minutes, for `level` (default: the bug's current level), ahead of reaching
 * it or while there. An older file's single `timebox` is folded into `timeboxes` (same meaning)
 * and dropped, so a bug never holds two boxes for one level.
 */
export function setTimebox(bug: Bug, minutes: number, level: Level = bug.level): Bug {
  if (!Number.isInteger(minutes) || minutes < MIN_TIMEBOX_MINUTES || minutes > MAX_TIMEBOX_MINUTES) {
    throw new JournalError('invalid-timebox', `A timebox is a whole number of minutes from ${MIN_TIMEBOX_MINUTES} to ${MAX_TIMEBOX_MINUTES}.`);
  }
  const boxes = ownTimeboxes(bug);
  const index = boxes.findIndex((box) => box.level === level);
  const timeboxes = index < 0 ? [...boxes, { level, minutes }] : replaceAt(boxes, index, { level, minutes });
  const { timebox: _legacy, ...rest } = bug;
  return { ...rest, timeboxes };
}

/**
 * The nudge's "+N min": N more minutes from now at the current level. The box becomes the time
 * already worked at this level (the running session included, in whole minutes rounded up) plus
 * N, or the old box plus N when that is more (a box not yet used up keeps its remaining time):
 * afterwards at least N minutes are left, and the box never shrinks.
 */
export function extendTimebox(bug: Bug, extraMinutes: number, defaults: TimeboxDefaults, now: Timestamp, running?: RunningSession): Bug {
  const level = bug.level;
  const worked = Math.ceil(secondsByLevel(bug, now, running)[level] / 60);
  const minutes = Math.max(timeboxMinutes(bug, level, defaults), worked) + extraMinutes;
  if (minutes > MAX_TIMEBOX_MINUTES) {
    throw new JournalError('invalid-timebox', `'${bug.title}' has had ${worked} min at level ${level}; a timebox cannot go past ${MAX_TIMEBOX_MINUTES} min.`);
  }
  return addTimelineEvent(setTimebox(bug, minutes, level), {
    at: now,
    kind: 'timebox-extended',
    text: `+${extraMinutes} min from now (level-${level} timebox ${minutes} min)`,
  });
}

/** Sets the bug aside; the scheduler skips parked bugs. */
export function park(bug: Bug, reason: string | undefined, now: Timestamp): Bug {
  if (bug.status !== 'open') throw new JournalError('not-open', `'${bug.title}' is ${bug.status}, not open.`);
  // Always recorded: the retro's breadth-first score reads when a bug stopped being open.
  return addTimelineEvent({ ...bug, status: 'parked' }, { at: now, kind: 'parked', ...(reason?.trim() ? { text: reason.trim() } : {}) });
}

/** Opens a parked or resolved bug again. */
export function reopen(bug: Bug, now: Timestamp): Bug {
  if (bug.status === 'open') throw new JournalError('already-open', `'${bug.title}' is already open.`);
  const { resolution: _resolution, ...rest } = bug;
  return addTimelineEvent({ ...rest, status: 'open' }, { at: now, kind: 'reopened', text: `was ${bug.status}` });
}

export interface ResolutionInput {
  readonly layer: FixLayer;
  readonly summary: string;
  readonly link?: string;
}

/** Marks the bug fixed, recording at which layer and how. */
export function resolveBug(bug: Bug, input: ResolutionInput, now: Timestamp): Bug {
  if (bug.status === 'resolved') throw new JournalError('already-resolved', `'${bug.title}' is already resolved.`);
  const summary = requireText(input.summary, 'A resolution needs a one-line summary.');
  const link = input.link?.trim();
  return addTimelineEvent(
    { ...bug, status: 'resolved', resolution: { layer: input.layer, summary, ...(link ? { link } : {}) } },
    { at: now, kind: 'resolved', text: `${input.layer}: ${summary}` },
  );
}

/** Appends an event to the bug's timeline. */
export function addTimelineEvent(bug: Bug, event: TimelineEvent): Bug {
  const text = event.text?.trim();
  return { ...bug, timeline: [...bug.timeline, text ? { ...event, text } : { at: event.at, kind: event.kind }] };
}

/** Records one level-1 attempt (a guess tried, a revert, an input changed). */
export function logAttempt(bug: Bug, text: string | undefined, now: Timestamp): Bug {
  return addTimelineEvent(bug, { at: now, kind: 'attempt', ...(text ? { text } : {}) });
}

/** Records why the user kept drilling past a nudge. */
export function keepDrilling(bug: Bug, reason: string, now: Timestamp): Bug {
  return addTimelineEvent(bug, { at: now, kind: 'keep-drilling', text: requireText(reason, 'Say in one line why you keep drilling.') });
}

export function setTitle(bug: Bug, title: string): Bug {
  return { ...bug, title: requireText(title, 'A bug needs a title.') };
}

export function setNotes(bug: Bug, notes: string): Bug {
  const { notes: _old, ...rest } = bug;
  return notes.trim() ? { ...rest, notes } : rest;
}

/**
 * Level-1 attempts (logged attempts and debug sessions started) since the latest hypothesis was
 * written, or since the bug was created: the random-walk nudge fires when these pile up.
 */
export function attemptsWithoutHypothesis(bug: Bug): number {
  const latestHypothesis = Math.max(toMillis(bug.created), ...bug.hypotheses.map((h) => toMillis(h.created)));
  const levelOneSince = levelOneStretchStart(bug);
  return bug.timeline.filter(
    (event) => (event.kind === 'attempt' || event.kind === 'debug-start') && toMillis(event.at) >= Math.max(latestHypothesis, levelOneSince),
  ).length;
}

/** When the bug's current stretch at level 1 began (it may have been demoted back to 1). */
function levelOneStretchStart(bug: Bug): number {
  const lastChange = bug.levels.at(-1);
  return lastChange && lastChange.level === 1 ? toMillis(lastChange.at) : toMillis(bug.created);
}

function requireText(value: string, message: string): string {
  const text = value.trim();
  if (!text) throw new JournalError('empty-text', message);
  return text;
}

function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((existing, i) => (i === index ? item : existing));
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
