import type { TreeNode } from './treeNodes';

/**
 * What a command receives: a tree node (context menus, inline actions), nothing (the palette:
 * it asks), or an options object (keybindings, tasks, tests), whose fields answer the
 * questions the command would otherwise ask.
 */
export interface CommandOptions {
  readonly bugId?: string;
  /** For New Bug in a multi-root workspace: the workspace folder's name. */
  readonly folder?: string;
  readonly hypothesisId?: string;
  /** For Re-anchor Snippet Here: the snippet, without asking. */
  readonly snippetId?: string;
  readonly title?: string;
  readonly text?: string;
  readonly prediction?: string;
  readonly reason?: string;
  readonly note?: string;
  readonly minutes?: number;
  /** For Set Timebox: the level the timebox is for (default: the bug's current level). */
  readonly level?: 1 | 2 | 3;
  readonly url?: string;
  readonly layer?: 'ours' | 'upstream' | 'workaround';
  /** For Resolve: the level of understanding the fix reached (3: the cause was fixed), without asking. */
  readonly reached?: 2 | 3;
  readonly summary?: string;
  readonly link?: string;
  /** For Export Retro: 'all' or 'bug'; and since, an ISO date. */
  readonly scope?: 'all' | 'bug';
  readonly since?: string;
  /** For Mark Confirmed on a level-1 bug: promote it to level 2 (true) or not (false), without asking. */
  readonly promote?: boolean;
  /** For New Bug: make the new bug the active one (true) or not (false), without asking. */
  readonly activate?: boolean;
  /** For Resolve Merge Conflict: the side to take for values both sides set differently, without asking. */
  readonly take?: 'ours' | 'theirs';
  /** Skip the confirmation / notification questions (automation). */
  readonly quiet?: boolean;
}

export type CommandTarget = TreeNode | CommandOptions | undefined;

export function isTreeNode(target: unknown): target is TreeNode {
  return typeof target === 'object' && target !== null && 'kind' in target && 'journal' in target;
}

/** The options part of a target (empty for tree nodes and the palette). */
export function optionsOf(target: CommandTarget): CommandOptions {
  return target && !isTreeNode(target) && typeof target === 'object' ? target : {};
}
