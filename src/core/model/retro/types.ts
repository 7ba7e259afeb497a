/**
 * The retro as data: the JSON of `bug-levels retro --format json`, and what the markdown is
 * rendered from, so both always say the same. Documented as a schema in README.md ("Retro
 * JSON"); fields are only ever added. Absent values are null, never missing keys.
 */
import type { BugStatus, FixLayer, HypothesisKind, HypothesisStatus, Level, SnippetSource, Timestamp } from '../types';
import type { BreadthFirstScore, RetroTimebox } from './score';

/** Seconds per level, keyed "1", "2", "3" (JSON object keys). */
export type LevelSeconds = Record<'1' | '2' | '3', number>;

/**
 * Whole minutes per level as the markdown's summary table shows them, keyed like LevelSeconds:
 * rounded once from the seconds so the table adds up (see minutes.ts).
 */
export type LevelMinutes = Record<'1' | '2' | '3', number>;

export const RETRO_SCHEMA = 'bug-levels/retro-v1';

export interface RetroData {
  readonly schema: typeof RETRO_SCHEMA;
  readonly generated: Timestamp;
  readonly since: Timestamp | null;
  readonly until: Timestamp | null;
  readonly scope: {
    /** The bugs asked for, or null for all. */
    readonly bugIds: string[] | null;
    readonly includeParked: boolean;
    /** False when snippet text was left out (`--no-snippets`). */
    readonly snippets: boolean;
  };
  /** How many bugs the journals hold in all (before the scope is applied). */
  readonly journalBugCount: number;
  /** Bug files that did not load (they do not parse or validate), so their bugs are missing here. */
  readonly skippedFiles: string[];
  readonly bugs: RetroBug[];
  readonly totals: {
    readonly secondsByLevel: LevelSeconds;
    readonly seconds: number;
    /** The summary table's total row: each the sum of the bugs' minutes above it. */
    readonly minutesByLevel: LevelMinutes;
    /** The grand total: the seconds rounded down to whole minutes, and the sum of every cell. */
    readonly minutes: number;
    readonly wrongAssumptions: number;
    /** Of the seconds, those agents worked (sessions with `by`), in all and per agent (issue 18); the rest is the people's. */
    readonly agentSeconds: number;
    readonly agents: AgentTime[];
  };
  readonly breadthFirst: BreadthFirstScore;
}

export interface RetroBug {
  readonly id: string;
  readonly title: string;
  readonly status: BugStatus;
  readonly level: Level;
  /** The workspace folder's name when the retro covers several journals, else null. */
  readonly journal: string | null;
  readonly created: Timestamp;
  readonly tags: string[];
  /** Time worked in the retro's range, per level and in all. */
  readonly secondsByLevel: LevelSeconds;
  readonly seconds: number;
  /** The summary table's row: whole minutes per level and their sum (each within a minute of the seconds). */
  readonly minutesByLevel: LevelMinutes;
  readonly minutes: number;
  /** Of the seconds, those agents worked (sessions with `by`), in all and per agent, most first (issue 18); the rest is the people's. */
  readonly agentSeconds: number;
  readonly agents: AgentTime[];
  readonly hypotheses: { readonly open: number; readonly confirmed: number; readonly refuted: number };
  /** The text of each refuted assumption. */
  readonly wrongAssumptions: string[];
  readonly wrongAssumptionCosts: RetroWrongAssumption[];
  readonly sessions: RetroSession[];
  readonly levelHistory: Array<{ readonly level: Level; readonly at: Timestamp; readonly reason: string | null }>;
  /** Each level worked at in the range: its timebox, the time worked and the time worked past the box (score.ts). */
  readonly timeboxes: RetroTimebox[];
  readonly hypothesisList: RetroHypothesis[];
  readonly attempts: RetroEvent[];
  readonly keepDrilling: RetroEvent[];
  readonly snippets: RetroSnippet[];
  readonly links: Array<{ readonly url: string; readonly href: string | null }>;
  readonly resolution: { readonly layer: FixLayer; readonly summary: string; readonly link: string | null; readonly href: string | null } | null;
  readonly notes: string | null;
}

/** A work session clipped to the range. */
export interface RetroSession {
  readonly level: Level;
  readonly start: Timestamp;
  readonly end: Timestamp;
  readonly seconds: number;
  readonly running: boolean;
  /** The agent that worked (the session's `by`); null: the person. */
  readonly by: string | null;
}

/** Time one agent worked (issue 18): time covered twice counts for whoever's session started first. */
export interface AgentTime {
  readonly name: string;
  readonly seconds: number;
}

export interface RetroHypothesis {
  readonly id: string;
  readonly kind: HypothesisKind;
  readonly status: HypothesisStatus;
  readonly text: string;
  readonly prediction: string | null;
  readonly note: string | null;
  readonly created: Timestamp;
  readonly resolved: Timestamp | null;
  readonly evidence: string[];
}

/** A refuted assumption and what it cost: from when it was written down to when it was refuted. */
export interface RetroWrongAssumption {
  readonly id: string;
  readonly text: string;
  readonly created: Timestamp;
  readonly refuted: Timestamp | null;
  /** Wall-clock time it was held (null without a `resolved` time). */
  readonly heldSeconds: number | null;
  /** Time worked on the bug while it was held (all sessions, not only the range's). */
  readonly workedSeconds: number | null;
}

export interface RetroEvent {
  readonly at: Timestamp;
  readonly text: string | null;
}

export interface RetroSnippet {
  readonly id: string;
  readonly source: SnippetSource;
  readonly captured: Timestamp;
  readonly file: string | null;
  readonly lines: string | null;
  /** Link to the file and lines, relative to where the retro is read; null for unsafe paths. */
  readonly href: string | null;
  readonly commit: string | null;
  /**
   * Where the code is now when it is no longer at `file` and `lines` (moved, changed or outdated;
   * `file` and `lines` null when outdated); null when it is still there or was not looked for.
   */
  readonly anchor: {
    readonly state: 'moved' | 'changed' | 'outdated';
    readonly file: string | null;
    readonly lines: string | null;
    readonly score: number;
  } | null;
  /** The terminal command (null when snippets are left out). */
  readonly command: string | null;
  readonly exitCode: number | null;
  /** The attachment file, relative to the journal folder, for snippets stored beside the bug. */
  readonly attachment: string | null;
  readonly attachmentHref: string | null;
  /** The text as shown: line endings made `\n`, cut when long; null when left out or attached. */
  readonly text: string | null;
  readonly redacted: boolean;
  readonly truncated: { readonly shownLines: number; readonly totalLines: number; readonly totalChars: number } | null;
}
