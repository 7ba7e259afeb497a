/**
 * What the journal tree computes to paint, without VS Code: the root's children (level groups
 * and broken files), each group's count, and a row for every bug on the first page of the
 * expanded groups (levels 1 to 3; Parked and Resolved start collapsed) and its "Show more" row, with the same inputs tree.ts uses: time at the
 * level, time left in the timebox, context value, tooltip text. It mirrors JournalTree.getChildren
 * and getTreeItem; VS Code's own rendering (and readConfig per row) is not included.
 */
import type { LoadedBug } from '../src/core/store/journalStore';
import type { Problem } from '../src/core/format/problems';
import type { Timestamp } from '../src/core/model/types';
import { levelLabel, levelName } from '../src/core/model/levels';
import { secondsAtCurrentLevel } from '../src/core/model/timeAccounting';
import { timeboxSecondsLeft } from '../src/core/model/timebox';
import { formatDuration } from '../src/core/model/time';
import { latestHypothesis } from '../src/core/store/bugPreview';
import type { JournalService } from '../src/host/journalService';
import { BUG_PAGE_SIZE, groupChildren, groupOf, journalChildren, type TreeNode } from '../src/host/treeNodes';

const TIMEBOX_DEFAULTS = { 1: 30, 2: 60, 3: 120 } as const;

export interface Row {
  readonly label: string;
  readonly description: string;
  readonly contextValue: string;
  readonly tooltip: string;
}

/** A stand-in for JournalService with what treeNodes.ts reads, and an O(1) find as the service has. */
export function journalStub(bugs: readonly LoadedBug[], problems: readonly Problem[]): JournalService {
  const byId = new Map(bugs.map((loaded) => [loaded.bug.id as string, loaded]));
  const stub = { bugs, problems, folder: { uri: { toString: () => 'file:///bench' } }, find: (id: string) => byId.get(id) };
  return stub as unknown as JournalService;
}

/** The root, the group items and the rows of the expanded groups; returns the rows. */
export function paintTree(journal: JournalService, now: Timestamp): Row[] {
  const rows: Row[] = [];
  for (const node of journalChildren(journal)) {
    if (node.kind !== 'group') continue;
    const count = journal.bugs.filter((loaded) => groupOf(loaded.bug) === node.group).length;
    rows.push({
      label: typeof node.group === 'number' ? levelLabel(node.group) : node.group,
      description: `${count}`,
      contextValue: `group.${node.group}`,
      tooltip: '',
    });
    if (typeof node.group !== 'number') continue;
    for (const child of groupChildren(journal, node.group, BUG_PAGE_SIZE))
      rows.push(child.kind === 'more' ? moreRow(child.hidden) : bugRow(journal, child, now));
  }
  return rows;
}

/** A group's "Show more" row. */
function moreRow(hidden: number): Row {
  return { label: `Show ${Math.min(hidden, BUG_PAGE_SIZE)} more…`, description: `${hidden} not shown`, contextValue: 'more', tooltip: '' };
}

/** One bug's row, as tree.ts's bugItem builds it. */
export function bugRow(journal: JournalService, node: TreeNode, now: Timestamp): Row {
  const loaded = node.kind === 'bug' ? journal.find(node.bugId) : undefined;
  if (!loaded) return { label: '(gone)', description: '', contextValue: '', tooltip: '' };
  const { bug } = loaded;
  const spent = formatDuration(secondsAtCurrentLevel(bug, now));
  const parts = [`L${bug.level}`, spent];
  let overdue = false;
  if (bug.status === 'open') {
    const left = timeboxSecondsLeft(bug, now, TIMEBOX_DEFAULTS);
    overdue = left <= 0;
    parts.push(overdue ? `${formatDuration(-left)} over` : `${formatDuration(left)} left`);
  }
  const latest = latestHypothesis(bug.hypotheses);
  return {
    label: bug.title,
    description: parts.join(' · '),
    contextValue: ['bug', `level${bug.level}`, bug.status, 'inactive', overdue ? 'overdue' : 'intime', loaded.readOnly ? 'readonly' : 'writable'].join('.'),
    tooltip: `${bug.title}\n\n${levelLabel(bug.level)} ${levelName(bug.level)} · ${bug.status} · ${spent}${latest ? `\n\nLatest hypothesis: ${latest.text} (${latest.status})` : ''}`,
  };
}
