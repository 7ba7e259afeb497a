import * as vscode from 'vscode';
import type { BugId, RunningSession } from '../core/types';
import { closeSession, startSession } from '../core/journal';
import { toTimestamp } from '../core/time';
import type { Journals } from './journals';

const STATE_KEY = 'bugLevels.runningSession';

/**
 * The one bug you are working on in this window, and its running session. The session lives in
 * workspace state (per user, per window), never in the shared bug file, until it is closed into
 * the bug's `sessions`: on Stop, on switching bug, on a level change, and on deactivate.
 */
export class ActiveBug implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento, private readonly journals: Journals, private readonly clock: () => Date = () => new Date()) {}

  get running(): RunningSession | undefined {
    return this.state.get<RunningSession>(STATE_KEY);
  }

  get bugId(): BugId | undefined {
    return this.running?.bugId;
  }

  /** Makes `id` the active bug, closing the previous bug's session first. */
  async start(id: BugId): Promise<void> {
    if (this.bugId === id) return;
    await this.stop();
    const { loaded } = this.journals.require(id);
    await this.state.update(STATE_KEY, startSession(loaded.bug, toTimestamp(this.clock())));
    this.changed.fire();
  }

  /** Closes the running session into its bug's file; the window then has no active bug. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    await this.state.update(STATE_KEY, undefined);
    this.changed.fire();
    await this.closeIntoFile(running);
  }

  /**
   * Closes the running session at the old level and starts a new one at the bug's new level, so a
   * session never spans two levels. Call after the bug's level changed on disk.
   */
  async splitAtLevelChange(id: BugId): Promise<void> {
    const running = this.running;
    if (!running || running.bugId !== id) return;
    const ref = this.journals.find(id);
    if (!ref || ref.loaded.bug.level === running.level) return;
    const now = toTimestamp(this.clock());
    await this.closeIntoFile({ ...running }, now);
    if (ref.loaded.bug.status === 'open') await this.state.update(STATE_KEY, { bugId: id, level: ref.loaded.bug.level, start: now });
    else await this.state.update(STATE_KEY, undefined);
    this.changed.fire();
  }

  /**
   * Records the session in the bug's file. If that fails (the file was deleted or broken by
   * hand), the user is told what time was not recorded; switching bugs goes on regardless.
   */
  private async closeIntoFile(running: RunningSession, end = toTimestamp(this.clock())): Promise<void> {
    const ref = this.journals.find(running.bugId);
    try {
      if (!ref) throw new Error('the bug is no longer in the journal');
      await ref.journal.update(running.bugId, (bug) => closeSession(bug, running, end));
    } catch (error) {
      void vscode.window.showWarningMessage(
        `Bug Levels could not record the session ${running.start} to ${end} (level ${running.level}) in ${ref ? `'${ref.loaded.bug.title}'` : `bug ${running.bugId}`}: ${(error as Error).message}`,
      );
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
