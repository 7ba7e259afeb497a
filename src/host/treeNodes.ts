/**
 * The tree's nodes are plain data; tree.ts turns them into TreeItems in one place. Ids come from
 * the bug's id (never its title), so selection and expansion survive a rename.
 */
import type { Bug, BugId, Level } from '../core/model/types';
import type { Problem } from '../core/format/problems';
import type { JournalService } from './journalService';

export type GroupKey = Level | 'parked' | 'resolved';

export type TreeNode =
  | { readonly kind: 'folder'; readonly journal: JournalService }
  | { readonly kind: 'group'; readonly journal: JournalService; readonly group: GroupKey }
  | { readonly kind: 'bug'; readonly journal: JournalService; readonly bugId: BugId }
  | { readonly kind: 'hypothesis'; readonly journal: JournalService; readonly bugId: BugId; readonly hypothesisId: string }
  | { readonly kind: 'snippet'; readonly journal: JournalService; readonly bugId: BugId; readonly snippetId: string }
  | { readonly kind: 'link'; readonly journal: JournalService; readonly bugId: BugId; readonly url: string }
  | { readonly kind: 'timeline'; readonly journal: JournalService; readonly bugId: BugId }
  | { readonly kind: 'event'; readonly journal: JournalService; readonly bugId: BugId; readonly index: number }
  | { readonly kind: 'problem'; readonly journal: JournalService; readonly problem: Problem }
  /** The last row of a group that shows only its first pages: "Show 200 more…". */
  | { readonly kind: 'more'; readonly journal: JournalService; readonly group: GroupKey; readonly hidden: number };

/**
 * Bugs a group shows before its "Show more" row, and how many more each click adds. VS Code asks
 * for a TreeItem of every child of an expanded node at every refresh: a group of thousands of
 * bugs would cost hundreds of milliseconds each time (npm run bench, "first paint").
 */
export const BUG_PAGE_SIZE = 200;

export const GROUPS: readonly GroupKey[] = [1, 2, 3, 'parked', 'resolved'];

/** The group a bug is shown under. */
export function groupOf(bug: Bug): GroupKey {
  return bug.status === 'open' ? bug.level : bug.status;
}

/** A stable id per node, unique across the tree (and across workspace folders). */
export function nodeId(node: TreeNode): string {
  const folder = node.journal.folder.uri.toString();
  switch (node.kind) {
    case 'folder':
      return `folder:${folder}`;
    case 'group':
      return `group:${folder}:${node.group}`;
    case 'bug':
      return `bug:${folder}:${node.bugId}`;
    case 'hypothesis':
      return `hypothesis:${folder}:${node.bugId}:${node.hypothesisId}`;
    case 'snippet':
      return `snippet:${folder}:${node.bugId}:${node.snippetId}`;
    case 'link':
      return `link:${folder}:${node.bugId}:${node.url}`;
    case 'timeline':
      return `timeline:${folder}:${node.bugId}`;
    case 'event':
      return `event:${folder}:${node.bugId}:${node.index}`;
    case 'problem':
      return `problem:${folder}:${node.problem.file}:${node.problem.line}:${node.problem.column}:${node.problem.code}`;
    case 'more':
      return `more:${folder}:${node.group}`;
  }
}

/** Children of a journal: the level groups (always the three levels; Parked/Resolved when used) and broken files. */
export function journalChildren(journal: JournalService): TreeNode[] {
  const used = new Set(journal.bugs.map((loaded) => groupOf(loaded.bug)));
  const groups = GROUPS.filter((group) => typeof group === 'number' || used.has(group)).map((group): TreeNode => ({ kind: 'group', journal, group }));
  const problems = journal.problems.filter((problem) => problem.severity === 'error').map((problem): TreeNode => ({ kind: 'problem', journal, problem }));
  return [...groups, ...problems];
}

/**
 * The group's bugs in file order: the first `limit`, then any later one `alwaysShow` asks for
 * (the active bug, a bug being revealed), then a "more" node counting the rest.
 */
export function groupChildren(journal: JournalService, group: GroupKey, limit = Infinity, alwaysShow: (id: BugId) => boolean = () => false): TreeNode[] {
  const nodes: TreeNode[] = [];
  let inPage = 0;
  let hidden = 0;
  for (const { bug } of journal.bugs) {
    if (groupOf(bug) !== group) continue;
    if (inPage < limit) inPage++;
    else if (!alwaysShow(bug.id)) {
      hidden++;
      continue;
    }
    nodes.push({ kind: 'bug', journal, bugId: bug.id });
  }
  if (hidden > 0) nodes.push({ kind: 'more', journal, group, hidden });
  return nodes;
}

export function bugChildren(journal: JournalService, bug: Bug): TreeNode[] {
  return [
    ...bug.hypotheses.map((h): TreeNode => ({ kind: 'hypothesis', journal, bugId: bug.id, hypothesisId: h.id })),
    ...bug.snippets.map((s): TreeNode => ({ kind: 'snippet', journal, bugId: bug.id, snippetId: s.id })),
    ...bug.links.map((url): TreeNode => ({ kind: 'link', journal, bugId: bug.id, url })),
    ...(bug.timeline.length ? [{ kind: 'timeline', journal, bugId: bug.id } as const] : []),
  ];
}
