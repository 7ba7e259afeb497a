import * as vscode from 'vscode';
import type { Bug, BugId, RunningSession, Session, Timestamp } from '../core/model/types';
import { JournalError } from '../core/model/transitions';
import type { OperationContext, SessionEffect } from '../core/model/operations';
import { formatDuration, toTimestamp } from '../core/model/time';
import {
  recordActivity,
  recordTick,
  resumeAfterReload,
  startTracking,
  stopTracking,
  type ClockLimits,
  type ClockState,
  type ClockStep,
  type IdlePause,
  type LeftOutTime,
  type TrackedSession,
} from '../core/model/workClock';
import type { Journals } from './journals';
import { operationContext } from './journalEditor';

const STATE_KEY = 'bugLevels.activeBug';
/** Activity is kept in memory and saved at most this often (a crash loses at most this much). */
const SAVE_EVERY_MS = 15_000;
/** Ticks further apart than this mean the machine slept or was suspended. */
export const MAX_TICK_GAP_SECONDS = 60;
/** Left-out time shorter than this is not worth a message or a timeline note. */
const REPORT_FROM_SECONDS = 60;

/**
 * The active bug and its clock: a running session, an idle pause (the session was closed at its
 * last activity and the clock waits for the next one), or neither (after a window close or a
 * reload: the next activity starts a session).
 */
interface ActiveState {
  readonly bugId: BugId;
  readonly session?: TrackedSession;
  readonly pause?: IdlePause;
  readonly lastTick?: Timestamp;
}

/** The running session closed by an operation, to be written with it. */
export interface ClosingSession {
  /** The closed session and its note, for the operation's write; none when no work was left to record. */
  readonly record?: NonNullable<OperationContext['closedSession']>;
  readonly step: ClockStep;
}

/** Time that was not counted, for the status bar message: idle time, a clock gap (sleep), or both. */
export interface LeftOut {
  readonly bugId: BugId;
  /** At most one part per reason, idle first; each a minute or more. */
  readonly parts: readonly LeftOutTime[];
}

/**
 * The one bug you are working on in this window. Its running session lives in workspace state
 * (per user, per window), never in the shared bug file, until it is closed into the bug's
 * `sessions`: on Stop, on switching bug, on a level change, on deactivate, after an idle stretch
 * or a clock gap (sleep). The arithmetic is core/workClock.ts; this class feeds it events, and
 * reads the time only from `clock` (tests pass a fake one and call tick() themselves).
 */
export class ActiveBug implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly leftOut = new vscode.EventEmitter<LeftOut>();
  readonly onDidLeaveOutTime = this.leftOut.event;
  private current: ActiveState | undefined;
  /** When the state was last saved, in the clock's milliseconds. */
  private lastSaved = Number.NEGATIVE_INFINITY;
  /** Events, ticks and commands change the clock one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();

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

  /**
   * After a reload: a session saved without a clean stop goes on if it was active within the
   * idle limit, else it is closed at its last activity; a saved idle pause ends.
   */
  resume(): Promise<void> {
    return this.serially(async () => {
      const saved = this.current;
      if (!saved) return;
      const now = this.now();
      await this.apply(saved.bugId, resumeAfterReload(this.clockOf(saved), now, this.limits()));
    });
  }

  /** Makes `id` the active bug, closing the previous bug's session first. */
  start(id: BugId): Promise<void> {
    return this.serially(async () => {
      if (this.bugId === id && this.current?.session) return;
      await this.stopNow();
      const { loaded } = this.journals.require(id);
      if (loaded.bug.status !== 'open') {
        throw new JournalError(
          'not-open',
          loaded.bug.status === 'parked'
            ? vscode.l10n.t("'{0}' is parked; reopen it to work on it.", loaded.bug.title)
            : vscode.l10n.t("'{0}' is resolved; reopen it to work on it.", loaded.bug.title),
        );
      }
      const now = this.now();
      await this.save({ bugId: id, session: startTracking({ bugId: id, level: loaded.bug.level, start: now }), lastTick: now });
    });
  }

  /** Closes the running session into its bug's file; the window then has no active bug. */
  stop(): Promise<void> {
    return this.serially(() => this.stopNow());
  }

  /**
   * Window closing or reloading: the running session is closed into the file (nothing is lost
   * if the window never comes back), and the bug stays active, paused until the next activity.
   */
  suspend(): Promise<void> {
    return this.serially(async () => {
      const current = this.current;
      if (!current?.session && !current?.pause) return;
      const now = this.now();
      const step = stopTracking(this.clockOf(current), now, this.limits());
      await this.save(activeState(current.bugId, step.state));
      await this.record(current.bugId, step);
    });
  }

  /**
   * The running session an operation on `id` ends or splits (a level change, a park, a resolve),
   * closed at `now`, for the operation to write in the same write; undefined when there is none.
   */
  closingFor(id: BugId, effect: SessionEffect, now: Timestamp): ClosingSession | undefined {
    const current = this.current;
    if (effect === 'keeps' || current?.bugId !== id || !current.session) return undefined;
    const step = stopTracking(this.clockOf(current), now, this.limits());
    const leftOutNote = leftOutNoteOf(step.leftOut);
    return { step, ...(step.closed ? { record: { session: step.closed, ...(leftOutNote ? { leftOutNote } : {}) } } : {}) };
  }

  /**
   * After an operation on `id` was written: a split session goes on at the bug's new level (a
   * session never spans two levels), an ended one stops. Without a change of bug or of running,
   * no change event: the journal's event for the same edit redraws what shows it.
   */
  afterEdit(id: BugId, effect: SessionEffect, bug: Bug | undefined, now: Timestamp, closing: ClosingSession | undefined): Promise<void> {
    return this.serially(async () => {
      const current = this.current;
      if (effect === 'keeps' || current?.bugId !== id) return;
      if (effect === 'splits' && bug?.status === 'open') {
        // Paused for idleness: the next activity starts a session at the bug's level then.
        if (!current.session) return;
        await this.save({ bugId: id, session: startTracking({ bugId: id, level: bug.level, start: now }), lastTick: now });
      } else {
        await this.save(undefined);
        // Parked or resolved during an idle pause: the pause ends here, and is noted.
        if (!closing && current.pause) await this.record(id, stopTracking(this.clockOf(current), now, this.limits()));
      }
      if (!closing) return;
      // Without a session to close (no work since it started), the note goes on its own.
      if (!closing.record) await this.writeNote(id, closing.step.leftOut);
      this.reportLeftOut(id, closing.step.leftOut);
    });
  }

  /** The user did something (edited, moved the cursor, ran a command, debugged). */
  noteActivity(): Promise<void> {
    return this.serially(async () => {
      const current = this.current;
      if (!current) return;
      const now = this.now();
      // Back from a pause (or a reload): a new session starts now, at the bug's current level.
      const bug = this.journals.find(current.bugId)?.loaded.bug;
      const restart = bug?.status === 'open' ? { bugId: current.bugId, level: bug.level } : undefined;
      await this.apply(current.bugId, recordActivity(this.clockOf(current), now, this.limits(), restart), this.saveIsDue());
    });
  }

  /** Called every few seconds, paused or not: notices clock gaps and idleness even when no event comes. */
  tick(): Promise<void> {
    return this.serially(async () => {
      const current = this.current;
      if (!current) return;
      await this.apply(current.bugId, recordTick(this.clockOf(current), this.now(), this.limits()), this.saveIsDue());
    });
  }

  private async stopNow(): Promise<void> {
    const current = this.current;
    if (!current) return;
    await this.save(undefined);
    await this.record(current.bugId, stopTracking(this.clockOf(current), this.now(), this.limits()));
  }

  /**
   * Writes what the step closed (and notes), then keeps its state if the bug is still the
   * active one; saved to workspace state when `persist`, or when anything but the running
   * session's last activity changed.
   */
  private async apply(bugId: BugId, step: ClockStep, persist = true): Promise<void> {
    await this.writeStep(bugId, step);
    const current = this.current;
    if (current?.bugId === bugId) {
      const next = activeState(bugId, step.state);
      const sameShape = Boolean(next.session) === Boolean(current.session) && next.session?.start === current.session?.start && next.pause === current.pause;
      if (persist || !sameShape || step.closed) await this.save(next);
      else this.current = next;
    }
    this.reportLeftOut(bugId, step.leftOut);
  }

  /** Writes and reports a step of a bug that is no longer (or not any more) the active one. */
  private async record(bugId: BugId, step: ClockStep): Promise<void> {
    await this.writeStep(bugId, step);
    this.reportLeftOut(bugId, step.leftOut);
  }

  private async writeStep(bugId: BugId, step: ClockStep): Promise<void> {
    if (step.closed) await this.writeClosed(bugId, step.closed, leftOutNoteOf(step.leftOut));
    else await this.writeNote(bugId, step.leftOut);
  }

  private reportLeftOut(bugId: BugId, leftOut: readonly LeftOutTime[]): void {
    const parts = reportable(leftOut);
    if (parts.length > 0) this.leftOut.fire({ bugId, parts });
  }

  /**
   * Records a closed stretch of work in the bug's file, with a timeline note of any time left
   * out. If that fails (the file was deleted or broken by hand), the user is told which time
   * was not recorded; switching bugs goes on regardless.
   */
  private async writeClosed(bugId: BugId, closed: Session, leftOutNote: string | undefined): Promise<void> {
    const ref = this.journals.find(bugId);
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

  /** Notes time left out without a session to close (an idle pause that ended) in the bug's timeline. */
  private async writeNote(bugId: BugId, leftOut: readonly LeftOutTime[]): Promise<void> {
    const leftOutNote = leftOutNoteOf(leftOut);
    const ref = this.journals.find(bugId);
    // A bug deleted meanwhile has no timeline to note it in; nothing worked is lost.
    if (!leftOutNote || !ref) return;
    try {
      await ref.journal.apply('recordLeftOut', bugId, { leftOutNote }, operationContext(ref.journal, this.now()));
    } catch (error) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t("Bug Levels could not note '{0}' in '{1}': {2}", leftOutNote, ref.loaded.bug.title, (error as Error).message),
      );
    }
  }

  private async save(next: ActiveState | undefined): Promise<void> {
    // A session going on at another level of the same bug is no change of its own: it only
    // happens with an edit of that bug, whose journal event redraws what shows it.
    const changedBug = next?.bugId !== this.current?.bugId || Boolean(next?.session) !== Boolean(this.current?.session);
    this.current = next;
    this.lastSaved = this.clock().getTime();
    await this.state.update(STATE_KEY, next);
    if (changedBug) this.changed.fire();
  }

  private saveIsDue(): boolean {
    return this.clock().getTime() - this.lastSaved >= SAVE_EVERY_MS;
  }

  /** The saved state as the clock arithmetic reads it (a state saved by an older version may lack its last tick). */
  private clockOf(current: ActiveState): ClockState {
    return {
      ...(current.session ? { running: current.session } : {}),
      ...(current.pause ? { pause: current.pause } : {}),
      lastTick: current.lastTick ?? current.session?.lastActivity ?? current.pause?.since ?? this.now(),
    };
  }

  private limits(): ClockLimits {
    return { idleSeconds: this.idleSeconds(), maxTickGapSeconds: MAX_TICK_GAP_SECONDS };
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private now(): Timestamp {
    return toTimestamp(this.clock());
  }

  dispose(): void {
    this.changed.dispose();
    this.leftOut.dispose();
  }
}

/** The clock's state as workspace state keeps it. */
function activeState(bugId: BugId, clock: ClockState): ActiveState {
  return { bugId, ...(clock.running ? { session: clock.running } : {}), ...(clock.pause ? { pause: clock.pause } : {}), lastTick: clock.lastTick };
}

/** The parts of left-out time worth telling: a minute or more. */
function reportable(leftOut: readonly LeftOutTime[]): LeftOutTime[] {
  return leftOut.filter((part) => part.seconds >= REPORT_FROM_SECONDS);
}

/**
 * The timeline note of time left out (journal content: English), e.g. "30 min idle not counted",
 * "15 min idle and 8 h 02 min clock gap (sleep or suspend) not counted".
 */
export function leftOutNoteOf(leftOut: readonly LeftOutTime[]): string | undefined {
  const parts = reportable(leftOut);
  if (parts.length === 0) return undefined;
  const described = parts.map((part) => `${formatDuration(part.seconds)} ${part.because === 'clock-gap' ? 'clock gap (sleep or suspend)' : 'idle'}`); // l10n-ignore: journal content
  return `${described.join(' and ')} not counted`; // l10n-ignore: journal content
}
