/**
 * What a retro covers: which journals and bugs, which stretch of time, and how much of the
 * captured text it may show. Resolved once into a RetroScope that the rest of the retro reads.
 */
import type { Bug, Journal, RunningSession, Timestamp } from '../types';
import { toMillis } from '../time';
import type { TimeboxDefaults } from '../timebox';
import { type WorkedSession, workedSessions } from './worked';

import type { AnchorEntry } from '../anchors/anchorEntries';

/** One journal (the bugs of one workspace folder) and how links into its folder are written. */
export interface RetroJournal extends Journal {
  /** The workspace folder's name, shown beside each bug when a retro covers several journals. */
  readonly name?: string;
  /**
   * Prefix that turns a workspace-relative path into a link that works where the retro is read:
   * '' (the default: links relative to the workspace folder), a relative path from the retro's
   * folder to the workspace folder ('..'), or an absolute URL ending in '/'.
   */
  readonly root?: string;
  /** The journal folder inside the workspace folder, where attachments live (`.bug-levels`). */
  readonly journalFolder?: string;
  /**
   * Where snippets' code is now (anchors/anchorEntries.ts), by `bugId/snippetId`, when the caller
   * resolved them: links then go to the resolved lines. Without it, links go to the recorded lines.
   */
  readonly anchors?: ReadonlyMap<string, AnchorEntry>;
}

/** One journal, or several (a multi-root workspace). */
export type RetroInput = RetroJournal | readonly RetroJournal[];

export interface RetroOptions {
  /** The current time: open sessions count up to it, and it is the retro's date. */
  readonly now: Timestamp;
  /** Only time worked from then on counts, and only bugs worked on or created since are listed. */
  readonly since?: Timestamp;
  /** Only time worked before then counts, and only bugs worked on or created before are listed. */
  readonly until?: Timestamp;
  /** Only these bugs (by id); all bugs when absent or empty. */
  readonly bugIds?: readonly string[];
  /** Parked bugs are listed (and count as waiting in the breadth-first score) unless false. */
  readonly includeParked?: boolean;
  /** Leave snippet text (and terminal commands) out, for sharing outside the team. */
  readonly noSnippets?: boolean;
  /** The session running now (it lives in the host's state, not in the file). */
  readonly running?: RunningSession;
  /** Snippets longer than this many lines are cut, with a note (default 100). */
  readonly snippetLineLimit?: number;
  /**
   * Minutes per level for bugs without a timebox of their own (settings; per bug where the
   * journals of several workspace folders have settings of their own); 30, 60, 120 when absent.
   */
  readonly timeboxDefaults?: TimeboxDefaults | ((bug: Bug) => TimeboxDefaults);
}

/** A bug of the retro with the journal it came from and its work clipped to the range. */
export interface ScopedBug {
  readonly bug: Bug;
  readonly journal: RetroJournal;
  readonly sessions: readonly WorkedSession[];
}

/** The options resolved: the range in milliseconds, the bugs listed and the bugs that count as waiting. */
export interface RetroScope {
  readonly options: RetroOptions;
  readonly nowMs: number;
  /** Time counted: [fromMs, toMs); toMs never passes now. */
  readonly fromMs: number;
  readonly toMs: number;
  /** The bugs the retro lists, in journal order, then by creation (then id): see byCreation. */
  readonly bugs: readonly ScopedBug[];
  /** Every bug that may sit waiting at a lower level: all bugs but the parked ones left out. */
  readonly context: readonly ScopedBug[];
  readonly severalJournals: boolean;
  /** Bugs in all the journals, before the options narrowed them. */
  readonly journalBugCount: number;
}

/** Resolves the options against the journals. */
export function resolveScope(input: RetroInput, options: RetroOptions): RetroScope {
  const journals: readonly RetroJournal[] = isJournalList(input) ? input : [input];
  const nowMs = toMillis(options.now);
  const fromMs = options.since ? toMillis(options.since) : -Infinity;
  const toMs = Math.min(options.until ? toMillis(options.until) : Infinity, nowMs);
  const includeParked = options.includeParked !== false;
  const wanted = options.bugIds && options.bugIds.length > 0 ? new Set(options.bugIds) : undefined;
  const context: ScopedBug[] = journals.flatMap((journal) =>
    [...journal.bugs]
      .sort(byCreation)
      .filter((bug) => includeParked || bug.status !== 'parked')
      .map((bug) => ({ bug, journal, sessions: workedSessions(bug, options.running, fromMs, toMs, nowMs) })),
  );
  const bounded = options.since !== undefined || options.until !== undefined;
  const bugs = context.filter(
    (scoped) => (!wanted || wanted.has(scoped.bug.id)) && (!bounded || scoped.sessions.length > 0 || createdIn(scoped.bug, fromMs, toMs)),
  );
  return {
    options,
    nowMs,
    fromMs,
    toMs,
    bugs,
    context,
    severalJournals: journals.length > 1,
    journalBugCount: journals.reduce((sum, journal) => sum + journal.bugs.length, 0),
  };
}

/**
 * The one order of a retro's bugs, whoever loaded the journal: oldest first, ties by id. The CLI
 * reads bug files in file-name order and VS Code keeps them in creation order; sorting here makes
 * both give byte-identical retros of one journal.
 */
export function byCreation(a: Bug, b: Bug): number {
  return toMillis(a.created) - toMillis(b.created) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function isJournalList(input: RetroInput): input is readonly RetroJournal[] {
  return Array.isArray(input);
}

function createdIn(bug: Bug, fromMs: number, toMs: number): boolean {
  const created = toMillis(bug.created);
  return created >= fromMs && created <= toMs;
}
