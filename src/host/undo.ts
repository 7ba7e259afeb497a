import * as vscode from 'vscode';

/** A delete that can still be undone. */
export interface UndoableDelete {
  /** Shown once it is undone, in the display language: "Restored bug 'X'." */
  readonly restoredMessage: string;
  readonly undo: () => Promise<void>;
}

/**
 * The last destructive action of this window (a deleted bug or hypothesis), for "Undo Last
 * Delete" and the notification's Undo button. Only the latest can be undone.
 */
export class UndoService {
  private last: UndoableDelete | undefined;

  /** Remembers `entry` as the one to undo and, unless quiet, says `message` with an Undo button. */
  offer(entry: UndoableDelete, message: string, quiet = false): void {
    this.last = entry;
    if (quiet) return;
    const undo = vscode.l10n.t('Undo');
    void vscode.window.showInformationMessage(message, undo).then(async (choice) => {
      // A later delete replaced this one: its button no longer undoes anything.
      if (choice === undo && this.last === entry) await this.undoLast();
    });
  }

  async undoLast(): Promise<boolean> {
    const pending = this.last;
    if (!pending) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to undo.'));
      return false;
    }
    this.last = undefined;
    await pending.undo();
    void vscode.window.showInformationMessage(pending.restoredMessage);
    return true;
  }
}
