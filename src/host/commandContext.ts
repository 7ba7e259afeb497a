import type * as vscode from 'vscode';
import type { IdSource } from '../core/model/ids';
import type { Timestamp } from '../core/model/types';
import type { Journals } from './journals';
import type { ActiveBug } from './activeBug';
import type { TreeNode } from './treeNodes';
import type { Nudges } from './nudges';
import type { TerminalCapture } from './terminalCapture';
import type { DebugCapture } from './debugCapture';

/** A delete that can still be undone: the file's bytes and where they were. */
export interface UndoableDelete {
  /** Shown once it is undone, in the display language: "Restored bug 'X'." */
  readonly restoredMessage: string;
  readonly undo: () => Promise<void>;
}

/** What every command handler works with. */
export interface CommandContext {
  readonly journals: Journals;
  readonly active: ActiveBug;
  readonly ids: IdSource;
  readonly now: () => Timestamp;
  /** Shows a node in the tree views (select + expand its parents). */
  readonly reveal: (node: TreeNode) => Promise<void>;
  /** The last destructive action, for "Undo Last Delete" and the notification's Undo button. */
  lastDelete?: UndoableDelete;
  readonly extensionContext: vscode.ExtensionContext;
  readonly terminalCapture: TerminalCapture;
  readonly debugCapture: DebugCapture;
  /** Set right after the context is built (nudges act through the context themselves). */
  nudges?: Nudges;
}
