import type { Bug, RunningSession, Timestamp } from '../core/model/types';
import { OPERATIONS, type EditOperationName, type OperationContext } from '../core/model/operations';
import { randomIds } from '../core/store/randomIds';
import type { DeletedBug, LoadedBug } from '../core/store/journalStore';
import type { JournalService } from './journalService';
import type { BugRef } from './journals';
import type { ActiveBug } from './activeBug';
import { readConfig } from './config';

/**
 * The context an operation runs with in this window: now, random ids, the folder's timebox
 * defaults, and the running session when it is on the bug being changed.
 */
export function operationContext(
  journal: JournalService,
  now: Timestamp,
  closedSession?: OperationContext['closedSession'],
  running?: RunningSession,
): OperationContext {
  return {
    now,
    ids: randomIds,
    timeboxDefaults: readConfig(journal.folder).timeboxMinutes,
    ...(closedSession ? { closedSession } : {}),
    ...(running ? { running } : {}),
  };
}

/**
 * The one way the VS Code side changes a journal: an operation of the table, applied with one
 * write. When the operation splits or ends the active bug's running session (a level change, a
 * park, a resolve), the session is closed into that same write, and the active bug goes on at
 * the new level (or stops) only once the write succeeded: a failed write loses no time.
 */
export class JournalEditor {
  constructor(
    private readonly active: ActiveBug,
    private readonly now: () => Timestamp,
  ) {}

  async perform(operation: EditOperationName, ref: BugRef, input: Readonly<Record<string, unknown>> = {}): Promise<Bug> {
    const id = ref.loaded.bug.id;
    const effect = OPERATIONS[operation].session;
    const now = this.now();
    const closing = this.active.closingFor(id, effect, now);
    // A session this edit closes is in closing.record; one that goes on counts as running.
    const running = this.active.running;
    const context = operationContext(ref.journal, now, closing?.record, running?.bugId === id && !closing ? running : undefined);
    const edited = await ref.journal.apply(operation, id, input, context);
    await this.active.afterEdit(id, effect, edited.bug, now, closing);
    return edited.bug;
  }

  async create(journal: JournalService, input: Readonly<Record<string, unknown>>): Promise<LoadedBug> {
    return journal.create(input, operationContext(journal, this.now()));
  }

  /** Deletes the bug's file; a running session on it is recorded first, so Undo brings it back too. */
  async delete(ref: BugRef): Promise<DeletedBug> {
    if (this.active.bugId === ref.loaded.bug.id) await this.active.stop();
    return ref.journal.delete(ref.loaded.bug.id);
  }
}
