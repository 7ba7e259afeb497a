import type { Timestamp } from '../core/model/types';
import type { Journals } from './journals';
import type { ActiveBug } from './activeBug';
import type { TreeNode } from './treeNodes';
import type { TerminalCapture } from './terminalCapture';
import type { DebugCapture } from './debugCapture';
import type { JournalEditor } from './journalEditor';
import type { UndoService } from './undo';
import type { Nudges } from './nudges';
import type { SnippetAnchors } from './snippetAnchors';

/**
 * What the command handlers work with, fixed at activation. Handlers read through `journals`
 * and `active`, and change the journal only through `editor` (the operation table); listeners
 * (tree, status bar, nudges, diagnostics) follow the journal's change events.
 */
export interface CommandContext {
  readonly journals: Journals;
  readonly active: ActiveBug;
  readonly editor: JournalEditor;
  readonly undo: UndoService;
  /** The unanswered nudge, for "Show Nudge". */
  readonly nudges: Nudges;
  readonly now: () => Timestamp;
  /** Shows a node in the tree views (select + expand its parents). */
  readonly reveal: (node: TreeNode) => Promise<void>;
  readonly terminalCapture: TerminalCapture;
  readonly debugCapture: DebugCapture;
  /** Where snippets' code is now (resolved lazily, followed live). */
  readonly anchors: SnippetAnchors;
}
