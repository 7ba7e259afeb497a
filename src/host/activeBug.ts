import * as vscode from 'vscode';
import type { Bug, BugId, RunningSession, Session, Timestamp } from '../core/model/types';
import { JournalError } from '../core/model/transitions';
import type { OperationContext, SessionEffect } from '../core/model/operations';
import { formatDuration, toTimestamp } from '../core/model/time';
import { recordActivity, recordTick, resumeAfterReload, startTracking, stopTracking, type ClockStep, type TrackedSession } from '../core/model/workClock';
import type { Journals } from './journals';
import { operationContext } from './journalEditor';

const STATE_KEY = 'bugLevels.activeBug';
/** Activity is kept in memory and saved at most this often (a crash loses at most this much). */
const SAVE_EVERY_MS = 15_000;
/** Ticks further apart than this mean the machine slept or was suspended. */
export const MAX_TICK_GAP_SECONDS = 60;

/** The active bug and, unless it is paused for idleness, its running session. */
interface ActiveState {
  readonly bugId: BugId;
  readonly session?: TrackedSession;
  readonly lastTick?: Timestamp;
}

/** The running session closed by an operation, to be written with it. */
export interface ClosingSession {
  readonly record: NonNullable<OperationContext['closedSession']>;
  readonly step: ClockStep;
}

/** Time that was not counted, for the status bar message. */
export interface LeftOut {
  readonly bugId: BugId;
  readonly seconds: number;
  readonly because: 'idle' | 'clock-gap';
}

/**
 * The one bug you are working on in this window. Its running session lives in workspace state
 * (per user, per window), never in the shared bug file, until it is closed into the bug's
 * `sessions`: on Stop, on switching bug, on a level change, on deactivate, after an idle stretch
 * or a clock gap (sleep). The arithmetic is core/workClock.ts; this class feeds it events.
 */
export class ActiveBug implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly leftOut = new vscode.EventEmitter<LeftOut>();
  readonly onDidLeaveOutTime = this.leftOut.event;
  private current: ActiveState | undefined;
  private lastSaved = 0;

  constructor(
    private readonly state: vscode.Memento,
    private readonly journals: Journals,
    private readonly idleSeconds: () => number,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.current = state.get<ActiveState>(STATE_KEY);
  }

  get bugId(): BugId | undefined {
    return this.current?.bugId;
  }

  /** The running session, for time accounting; undefined when no bug is active or it is paused. */
  get running(): RunningSession | undefined {
    return this.current?.session;
  }

  get paused(): boolean {
    return this.current !== undefined && this.current.session === undefined;
  }

  /** After a reload: the saved session goes on if it was active recently, else it is closed. */
  async resume(): Promise<void> {
    const saved = this.current;
    if (!saved?.session) return;
    await this.apply(saved.bugId, resumeAfterReload(saved.session, this.now(), this.idleSeconds()));
  }

  /** Makes `id` the active bug, closing the previous bug's session first. */
  async start(id: BugId): Promise<void> {
    if (this.bugId === id && this.current?.session) return;
    await this.stop();
    const { loaded } = this.journals.require(id);
    if (loaded.bug.status !== 'open') {
      throw new JournalError(
        'not-open',
        loaded.bug.status === 'parked'
          ? vscode.l10n.t("'{0}' is parked; reopen it to work on it.", loaded.bug.title)
          : vscode.l10n.t("'{0}' is resolved; reopen it to work on it.", loaded.bug.title),
      );
    }
    await this.save({ bugId: id, session: startTracking({ bugId: id, level: loaded.bug.level, start: this.now() }), lastTick: this.now() });
  }

  /** Closes the running session into its bug's file; the window then has no active bug. */
  async stop(): Promise<void> {
    const current = this.current;
    if (!current) return;
    await this.save(undefined);
    if (current.session) await this.apply(current.bugId, stopTracking(current.session, this.now(), this.idleSeconds()), false);
  }

  /**
   * Window closing or reloading: the running session is closed into the file (nothing is lost
   * if the window never comes back), and the bug stays active, paused until the next activity.
   */
  async suspend(): Promise<void> {
    const current = this.current;
    if (!current?.session) return;
    await this.save({ bugId: current.bugId, lastTick: this.now() });
    await this.apply(current.bugId, stopTracking(current.session, this.now(), this.idleSeconds()), false);
  }

  /**
   * The running session an operation on `id` ends or splits (a level change, a park, a resolve),
   * closed at `now`, for the operation to write in the same write; undefined when there is none.
   */
  closingFor(id: BugId, effect: SessionEffect, now: Timestamp): ClosingSession | undefined {
    const current = this.current;
    if (effect === 'keeps' || current?.bugId !== id || !current.session) return undefined;
    const step = stopTracking(current.session, now, this.idleSeconds());
    if (!step.closed) return undefined;
    const leftOutNote = leftOutNoteOf(step);
    return { step, record: { session: step.closed, ...(leftOutNote ? { leftOutNote } : {}) } };
  }

  /**
   * After an operation on `id` was written: a split session goes on at the bug's new level (a
   * session never spans two levels), an ended one stops. Without a change of bug or of running,
   * no change event: the journal's event for the same edit redraws what shows it.
   */
  async afterEdit(id: BugId, effect: SessionEffect, bug: Bug | undefined, now: Timestamp, closing: ClosingSession | undefined): Promise<void> {
    const current = this.current;
    if (effect === 'keeps' || current?.bugId !== id) return;
    if (effect === 'splits' && bug?.status === 'open') {
      // Paused for idleness: the next activity starts a session at the bug's level then.
      if (!current.session) return;
      await this.save({ bugId: id, session: startTracking({ bugId: id, level: bug.level, start: now }), lastTick: now });
    } else {
      await this.save(undefined);
    }
    if (closing) this.reportLeftOut(id, closing.step);
  }

  /** The user did something (edited, moved the cursor, ran a command, debugged). */
  async noteActivity(): Promise<void> {
    const current = this.current;
    if (!current) return;
    const now = this.now();
    if (!current.session) {
      // Back from an idle pause: a new session starts now, at the bug's current level.
      const bug = this.journals.find(current.bugId)?.loaded.bug;
      if (bug?.status !== 'open') return;
      await this.save({ ...current, session: startTracking({ bugId: current.bugId, level: bug.level, start: now }) });
      return;
    }
    await this.apply(current.bugId, recordActivity(current.session, now, this.idleSeconds()), Date.now() - this.lastSaved > SAVE_EVERY_MS);
  }

  /** Called every few seconds: notices clock gaps and idleness even when no event comes. */
  async tick(): Promise<void> {
    const current = this.current;
    if (!current?.session) return;
    const now = this.now();
    const step = recordTick(current.session, current.lastTick ?? now, now, MAX_TICK_GAP_SECONDS, this.idleSeconds());
    await this.apply(current.bugId, step, true, now);
  }

  private async apply(bugId: BugId, step: ClockStep, persist = true, tick?: Timestamp): Promise<void> {
    if (step.closed) await this.writeClosed(bugId, step);
    const stillActive = this.current?.bugId === bugId;
    if (stillActive) {
      const next: ActiveState = { bugId, ...(step.running ? { session: step.running } : {}), lastTick: tick ?? this.current?.lastTick ?? this.now() };
      if (persist || step.closed || !step.running) await this.save(next);
      else this.current = next;
    }
    this.reportLeftOut(bugId, step);
  }

  private reportLeftOut(bugId: BugId, step: ClockStep): void {
    if (step.leftOutSeconds && step.leftOutBecause && step.leftOutSeconds >= 60) {
      this.leftOut.fire({ bugId, seconds: step.leftOutSeconds, because: step.leftOutBecause });
    }
  }

  /**
   * Records a closed stretch of work in the bug's file, with a timeline note of any time left
   * out. If that fails (the file was deleted or broken by hand), the user is told which time
   * was not recorded; switching bugs goes on regardless.
   */
  private async writeClosed(bugId: BugId, step: ClockStep): Promise<void> {
    const closed: Session | undefined = step.closed;
    if (!closed) return;
    const ref = this.journals.find(bugId);
    const leftOutNote = leftOutNoteOf(step);
    try {
      if (!ref) throw new Error(vscode.l10n.t('the bug is no longer in the journal'));
      await ref.journal.apply('recordSession', bugId, { session: closed, ...(leftOutNote ? { leftOutNote } : {}) }, operationContext(ref.journal, this.now()));
    } catch (error) {
      const reason = (error as Error).message;
      void vscode.window.showWarningMessage(
        ref
          ? vscode.l10n.t(
              "Bug Levels could not record the session {0} to {1} (level {2}) in '{3}': {4}",
              closed.start,
              String(closed.end),
              closed.level,
              ref.loaded.bug.title,
              reason,
            )
          : vscode.l10n.t(
              'Bug Levels could not record the session {0} to {1} (level {2}) in bug {3}: {4}',
              closed.start,
              String(closed.end),
              closed.level,
              bugId,
              reason,
            ),
      );
    }
  }

  private async save(next: ActiveState | undefined): Promise<void> {
    // A session going on at another level of the same bug is no change of its own: it only
    // happens with an edit of that bug, whose journal event redraws what shows it.
    const changedBug = next?.bugId !== this.current?.bugId || Boolean(next?.session) !== Boolean(this.current?.session);
    this.current = next;
    this.lastSaved = Date.now();
    await this.state.update(STATE_KEY, next);
    if (changedBug) this.changed.fire();
  }

  private now(): Timestamp {
    return toTimestamp(this.clock());
  }

  dispose(): void {
    this.changed.dispose();
    this.leftOut.dispose();
  }
}

/** The timeline note of time a closed stretch left out (journal content: English). */
function leftOutNoteOf(step: ClockStep): string | undefined {
  if (!step.leftOutSeconds || step.leftOutSeconds < 60) return undefined;
  return `${formatDuration(step.leftOutSeconds)} ${step.leftOutBecause === 'clock-gap' ? 'clock gap (sleep or suspend)' : 'idle'} not counted`; // l10n-ignore: journal content
}
