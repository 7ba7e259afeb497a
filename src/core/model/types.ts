/**
 * The journal's data model: what one bug file (format v1) holds once parsed and validated.
 * Everything is plain, readonly data; changes go through the pure transitions in journal.ts.
 */

/** A bug's id: nanoid characters, 6 to 32 of them; authoritative over the file name. */
export type BugId = string & { readonly __brand: 'BugId' };
/** A hypothesis id, unique within its bug (for example `h-3kx`). */
export type HypothesisId = string & { readonly __brand: 'HypothesisId' };
/** A snippet id, unique within its bug (for example `s-9qa`). */
export type SnippetId = string & { readonly __brand: 'SnippetId' };
/** An ISO 8601 UTC timestamp with second precision, `2026-02-25T17:01:24Z`. */
export type Timestamp = string & { readonly __brand: 'Timestamp' };

export type Level = 1 | 2 | 3;
export type BugStatus = 'open' | 'parked' | 'resolved';
export type HypothesisKind = 'hypothesis' | 'assumption';
export type HypothesisStatus = 'open' | 'confirmed' | 'refuted';
export type SnippetSource = 'editor' | 'terminal' | 'debug' | 'clipboard' | 'file';
export type FixLayer = 'ours' | 'upstream' | 'workaround';
/**
 * What a timeline event records. `parked`, `resolved` and `reopened` are the bug's status changes
 * (Park, Resolve, Reopen), with the reason or the fix in `text`; files written before them hold
 * `note` events reading "Parked: …", "Resolved (…)" and "Reopened (was …)" instead, which the
 * retro still reads (retro/waiting.ts statusChange).
 */
export type TimelineKind =
  'attempt' | 'debug-start' | 'debug-end' | 'exception' | 'keep-drilling' | 'timebox-extended' | 'time-left-out' | 'note' | 'parked' | 'resolved' | 'reopened';

export const SCHEMA_V1 = 'bug-levels/v1';

/** One entry of the level history: when the bug reached `level`, and why. */
export interface LevelChange {
  readonly level: Level;
  readonly at: Timestamp;
  readonly reason?: string;
}

/** Time actually worked on the bug at one level. An open session (no end) counts up to now. */
export interface Session {
  readonly level: Level;
  readonly start: Timestamp;
  readonly end?: Timestamp;
  /**
   * Who worked: a coding agent's name (the MCP client's, issue 18). Absent: the person, as in
   * every file written before agents.
   */
  readonly by?: string;
}

/**
 * Minutes allowed at one level, measured against all the bug's sessions at that level (the
 * running one included). A bug has at most one per level; a level without one gets the default.
 */
export interface Timebox {
  readonly level: Level;
  readonly minutes: number;
}

export interface Hypothesis {
  readonly id: HypothesisId;
  readonly kind: HypothesisKind;
  readonly text: string;
  readonly status: HypothesisStatus;
  readonly created: Timestamp;
  readonly resolved?: Timestamp;
  readonly prediction?: string;
  readonly evidence?: readonly SnippetId[];
  readonly note?: string;
}

/**
 * Captured evidence. Either `text` holds it inline, or `path` names an attachment file inside
 * the journal folder (for snippets over the size threshold).
 */
export interface Snippet {
  readonly id: SnippetId;
  readonly source: SnippetSource;
  readonly captured: Timestamp;
  readonly file?: string;
  readonly lines?: string;
  readonly commit?: string;
  readonly command?: string;
  readonly exitCode?: number;
  /**
   * The snippet this one re-anchors ("Re-anchor here"): the old one stays as it was, and is found
   * at this one's place from then on.
   */
  readonly reanchors?: SnippetId;
  /** A few lines around `lines` when they were captured, so the code can be found again after edits. */
  readonly context?: SnippetContext;
  readonly text?: string;
  readonly path?: string;
}

/** The lines just above and just below a snippet's lines, as they were when it was captured. */
export interface SnippetContext {
  readonly before: readonly string[];
  readonly after: readonly string[];
}

export interface Resolution {
  readonly layer: FixLayer;
  readonly summary: string;
  readonly link?: string;
}

/** Something that happened while working on the bug (attempts, debug sessions, decisions). */
export interface TimelineEvent {
  readonly at: Timestamp;
  readonly kind: TimelineKind;
  readonly text?: string;
}

export interface Bug {
  readonly schema: typeof SCHEMA_V1;
  readonly id: BugId;
  readonly title: string;
  readonly status: BugStatus;
  readonly level: Level;
  readonly created: Timestamp;
  readonly tags: readonly string[];
  readonly levels: readonly LevelChange[];
  readonly sessions: readonly Session[];
  /**
   * The single timebox of files written before timeboxes per level: it sets the box of its one
   * level, as an entry of `timeboxes` would. Read boxes with timeboxMinutes (timebox.ts), never
   * from here; the first change to a timebox folds it into `timeboxes` and drops it.
   */
  readonly timebox?: Timebox;
  /** Timeboxes per level, set ahead or as you go: at most one entry per level, in the order set. */
  readonly timeboxes?: readonly Timebox[];
  readonly hypotheses: readonly Hypothesis[];
  readonly snippets: readonly Snippet[];
  readonly links: readonly string[];
  readonly timeline: readonly TimelineEvent[];
  readonly notes?: string;
  readonly resolution?: Resolution;
}

/** All bugs of one journal folder that loaded. */
export interface Journal {
  readonly bugs: readonly Bug[];
}

/** The session that is running now; lives in the host's state, never in the shared file. */
export interface RunningSession {
  readonly bugId: BugId;
  readonly level: Level;
  readonly start: Timestamp;
}
