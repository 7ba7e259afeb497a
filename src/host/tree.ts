import * as vscode from 'vscode';
import type { Bug, Hypothesis, Snippet, TimelineEvent, Timestamp } from '../core/model/types';
import { levelLabel, levelName } from '../core/model/levels';
import { secondsAtCurrentLevel } from '../core/model/timeAccounting';
import { timeboxMinutes, timeboxSecondsLeft } from '../core/model/timebox';
import { next } from '../core/model/scheduler';
import { formatDuration, toTimestamp } from '../core/model/time';
import { latestHypothesis, treeChildCount } from '../core/store/bugPreview';
import type { LoadedBug } from '../core/store/journalStore';
import type { Journals } from './journals';
import type { JournalChange, JournalService } from './journalService';
import type { ActiveBug } from './activeBug';
import { readConfig, type BugLevelsConfig } from './config';
import { BUG_PAGE_SIZE, bugChildren, groupChildren, groupOf, journalChildren, nodeId, type GroupKey, type TreeNode } from './treeNodes';
import { anchorStateLabel, bugStatusLabel, hypothesisKindLabel, hypothesisStatusLabel, snippetSourceLabel, timelineKindLabel } from './labels';
import { commitOfSnippet } from './git';
import type { SnippetAnchors } from './snippetAnchors';
import { anchorLines, type AnchorResolution, type AnchorState } from '../core/model/anchors/resolveAnchor';

export const VIEW_IDS = ['bugLevels.journal', 'bugLevels.debugJournal'] as const;
const BUG_MIME = 'application/vnd.code.tree.buglevels.bugs';
/** The "Show more" row's command: internal to the tree; not contributed, so not in the palette. */
export const SHOW_MORE_COMMAND = 'bugLevels.showMoreBugs';

/** What a drop of bugs onto a group asks the commands layer to do. */
export type MoveBugs = (bugs: Array<Extract<TreeNode, { kind: 'bug' }>>, group: GroupKey) => Promise<void>;

/**
 * The journal tree: workspace folders (when several), level groups, bugs, and each bug's
 * hypotheses, snippets and links. Bugs can be dragged onto another group to change their level.
 */
export class JournalTree implements vscode.TreeDataProvider<TreeNode>, vscode.TreeDragAndDropController<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly dragMimeTypes = [BUG_MIME];
  readonly dropMimeTypes = [BUG_MIME];

  constructor(
    private readonly journals: Journals,
    private readonly active: ActiveBug,
    private readonly moveBugs: MoveBugs,
    private readonly clock: () => Date = () => new Date(),
    /** Where snippets' code is now; without it, snippets show their recorded place. */
    private readonly anchors?: SnippetAnchors,
  ) {}

  /**
   * Settings of each journal's workspace folder, read once per full refresh, not once per row (a
   * journal can have thousands of rows).
   */
  private readonly configs = new Map<JournalService, BugLevelsConfig>();

  /** Per group (by node id): how many bugs it shows before its "Show more" row. */
  private readonly pageLimits = new Map<string, number>();
  /** Bugs shown even past their group's page: those revealed (New Bug, Next Bug, a nudge). */
  private readonly pinned = new Set<string>();

  /**
   * The bug rows handed to VS Code, by node id, with the group each was shown in. VS Code finds
   * the row to redraw by the node object itself, so a bug keeps one node object while it stays
   * in its group.
   */
  private readonly shownBugs = new Map<string, { readonly node: TreeNode; readonly group: GroupKey }>();

  /**
   * The level group nodes handed to VS Code, by node id: as with rows, VS Code finds the group to
   * redraw by its node object.
   */
  private readonly shownGroups = new Map<string, TreeNode>();

  /**
   * Redraws what `change` touched: the changed bugs' rows (and their children) when each stays in
   * its group; the two level groups when a bug moves between levels (a promotion: their counts and
   * rows change, nothing else); else the whole tree (settings are read again then).
   */
  refresh(change?: JournalChange): void {
    const nodes = change?.bugs ? this.nodesToRedraw(change.journal, change.bugs) : undefined;
    if (nodes) {
      if (nodes.length) this.changed.fire(nodes);
      return;
    }
    this.configs.clear();
    // VS Code forgets every node on a full redraw and asks again.
    this.shownBugs.clear();
    this.shownGroups.clear();
    this.changed.fire(undefined);
  }

  /** The shown nodes these changes touch, or undefined when only a full redraw will do. */
  private nodesToRedraw(journal: JournalService, changes: NonNullable<JournalChange['bugs']>): TreeNode[] | undefined {
    const nodes = new Set<TreeNode>();
    for (const { before, after } of changes) {
      const from = groupOf(before);
      const to = groupOf(after);
      if (from === to) {
        // Not shown (a collapsed group, past a page): nothing to redraw.
        const shown = this.shownBugs.get(nodeId({ kind: 'bug', journal, bugId: after.id }));
        if (shown && shown.group === to) nodes.add(shown.node);
        else if (shown) return undefined;
        continue;
      }
      // Parked and Resolved show only while they hold a bug: a move there can add or remove a
      // group, which is the whole tree's business.
      if (typeof from !== 'number' || typeof to !== 'number') return undefined;
      for (const group of [from, to]) {
        const node = this.shownGroups.get(nodeId({ kind: 'group', journal, group }));
        if (!node) return undefined;
        nodes.add(node);
      }
    }
    return [...nodes];
  }

  /** The one node object of a level group (see shownGroups). */
  private shownGroup(node: TreeNode): TreeNode {
    if (node.kind !== 'group') return node;
    const id = nodeId(node);
    const shown = this.shownGroups.get(id);
    if (shown && shown.journal === node.journal) return shown;
    this.shownGroups.set(id, node);
    return node;
  }

  /** The one node object of a bug row (see shownBugs). */
  private shownRow(node: TreeNode, group: GroupKey): TreeNode {
    if (node.kind !== 'bug') return node;
    const id = nodeId(node);
    const shown = this.shownBugs.get(id);
    if (shown && shown.group === group && shown.node.journal === node.journal) return shown.node;
    this.shownBugs.set(id, { node, group });
    return node;
  }

  /** Shows the bug even when it sits past its group's first page, so that reveal finds it. */
  pin(node: TreeNode): void {
    if (node.kind === 'bug' && !this.pinned.has(node.bugId)) {
      this.pinned.add(node.bugId);
      // Only a bug past its group's page needs the group drawn again to have a row to reveal.
      if (!this.shownBugs.has(nodeId(node))) this.changed.fire(undefined);
    }
  }

  /** The "Show more" row's action: one more page of the group. */
  showMore(node: Extract<TreeNode, { kind: 'more' }>): void {
    const group = nodeId({ kind: 'group', journal: node.journal, group: node.group });
    this.pageLimits.set(group, (this.pageLimits.get(group) ?? BUG_PAGE_SIZE) + BUG_PAGE_SIZE);
    this.changed.fire(undefined);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      const journals = this.journals.all;
      // An empty tree lets VS Code show the welcome view with its "New Bug" link.
      if (journals.every((journal) => journal.bugs.length === 0 && journal.problems.length === 0)) return [];
      if (journals.length === 1) return journalChildren(journals[0]!).map((child) => this.shownGroup(child));
      return journals.map((journal): TreeNode => ({ kind: 'folder', journal }));
    }
    switch (node.kind) {
      case 'folder':
        return journalChildren(node.journal).map((child) => this.shownGroup(child));
      case 'group':
        return groupChildren(
          node.journal,
          node.group,
          this.pageLimits.get(nodeId(node)) ?? BUG_PAGE_SIZE,
          (id) => id === this.active.bugId || this.pinned.has(id),
        ).map((child) => this.shownRow(child, node.group));
      case 'bug': {
        const loaded = node.journal.find(node.bugId);
        // A preview has no children yet; the full bug replaces it within the first load, and the
        // refresh that follows asks again.
        return loaded && !loaded.preview ? bugChildren(node.journal, loaded.bug) : [];
      }
      case 'timeline': {
        const events = node.journal.find(node.bugId)?.bug.timeline ?? [];
        // Newest first: the latest attempt or debug run is what you look for.
        return events.map((_, index): TreeNode => ({ kind: 'event', journal: node.journal, bugId: node.bugId, index })).reverse();
      }
      default:
        return [];
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    const top = this.journals.all.length > 1 ? ({ kind: 'folder', journal: node.journal } as const) : undefined;
    switch (node.kind) {
      case 'folder':
        return undefined;
      case 'group':
      case 'problem':
        return top;
      case 'more':
        return { kind: 'group', journal: node.journal, group: node.group };
      case 'bug': {
        const loaded = node.journal.find(node.bugId);
        return loaded ? { kind: 'group', journal: node.journal, group: groupOf(loaded.bug) } : top;
      }
      case 'event':
        return { kind: 'timeline', journal: node.journal, bugId: node.bugId };
      default:
        return { kind: 'bug', journal: node.journal, bugId: node.bugId };
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = this.buildItem(node);
    item.id = nodeId(node);
    return item;
  }

  private buildItem(node: TreeNode): vscode.TreeItem {
    const now = toTimestamp(this.clock());
    switch (node.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(node.journal.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = vscode.ThemeIcon.Folder;
        item.contextValue = 'folder';
        item.tooltip = node.journal.journalUri.fsPath || node.journal.journalUri.toString();
        return item;
      }
      case 'group':
        return this.groupItem(node.journal.bugs.filter((l) => groupOf(l.bug) === node.group).length, node.group);
      case 'bug': {
        const loaded = node.journal.find(node.bugId);
        return loaded ? this.bugItem(loaded, now, this.configOf(node.journal)) : goneItem();
      }
      case 'hypothesis': {
        const bug = node.journal.find(node.bugId)?.bug;
        const h = bug?.hypotheses.find((x) => x.id === node.hypothesisId);
        return h ? hypothesisItem(h, bug?.status === 'resolved') : goneItem();
      }
      case 'snippet': {
        const bug = node.journal.find(node.bugId)?.bug;
        const s = bug?.snippets.find((x) => x.id === node.snippetId);
        if (!bug || !s) return goneItem();
        const item = snippetItem(s, s.file ? this.anchors?.peek(node.journal, bug, s) : undefined);
        item.command = { command: 'bugLevels.openSnippet', title: vscode.l10n.t('Open Snippet'), arguments: [node] };
        return item;
      }
      case 'timeline': {
        const events = node.journal.find(node.bugId)?.bug.timeline ?? [];
        const item = new vscode.TreeItem(vscode.l10n.t('Timeline'), vscode.TreeItemCollapsibleState.Collapsed);
        item.description = `${events.length}`;
        item.iconPath = new vscode.ThemeIcon('history');
        item.contextValue = 'timeline';
        return item;
      }
      case 'event': {
        const event = node.journal.find(node.bugId)?.bug.timeline[node.index];
        return event ? timelineItem(event) : goneItem();
      }
      case 'link': {
        const item = new vscode.TreeItem(node.url, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('link-external');
        item.contextValue = 'link';
        item.tooltip = vscode.l10n.t('Open {0}', node.url);
        item.command = { command: 'bugLevels.openLink', title: vscode.l10n.t('Open Link'), arguments: [node] };
        return item;
      }
      case 'problem': {
        const { problem } = node;
        const item = new vscode.TreeItem(problem.file.slice(problem.file.lastIndexOf('/') + 1), vscode.TreeItemCollapsibleState.None);
        item.description = vscode.l10n.t('line {0}: {1}', problem.line, problem.message);
        item.tooltip = vscode.l10n.t(
          '{0}:{1}:{2}: {3}\n\nThe file was not loaded and is left untouched. Fix it and save: it reloads by itself.',
          problem.file,
          problem.line,
          problem.column,
          problem.message,
        );
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
        item.contextValue = 'problem';
        const uri = node.journal.uriOfProblem(problem);
        const position = new vscode.Position(Math.max(0, problem.line - 1), Math.max(0, problem.column - 1));
        item.command = { command: 'vscode.open', title: vscode.l10n.t('Open File'), arguments: [uri, { selection: new vscode.Range(position, position) }] };
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(vscode.l10n.t('Show {0} more…', Math.min(node.hidden, BUG_PAGE_SIZE)), vscode.TreeItemCollapsibleState.None);
        item.description = vscode.l10n.t('{0} not shown', node.hidden);
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.contextValue = 'more';
        item.command = { command: SHOW_MORE_COMMAND, title: vscode.l10n.t('Show More'), arguments: [node] };
        return item;
      }
    }
  }

  private groupItem(count: number, group: GroupKey): vscode.TreeItem {
    const label = group === 'parked' ? vscode.l10n.t('Parked') : group === 'resolved' ? vscode.l10n.t('Resolved') : levelLabel(group);
    const collapsed = group === 'parked' || group === 'resolved';
    const item = new vscode.TreeItem(label, collapsed ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
    item.description = `${count}`;
    item.iconPath = new vscode.ThemeIcon(group === 'parked' ? 'debug-pause' : group === 'resolved' ? 'pass' : LEVEL_ICONS[group]);
    item.contextValue = `group.${group === 'parked' || group === 'resolved' ? group : `level${group}`}`;
    return item;
  }

  private configOf(journal: JournalService): BugLevelsConfig {
    let config = this.configs.get(journal);
    if (!config) this.configs.set(journal, (config = readConfig(journal.folder)));
    return config;
  }

  private bugItem({ bug, readOnly, preview, conflicted }: LoadedBug, now: Timestamp, config: BugLevelsConfig): vscode.TreeItem {
    const running = this.active.running;
    const isActive = this.active.bugId === bug.id;
    const hasChildren = (preview?.children ?? treeChildCount(bug)) > 0;
    const spent = formatDuration(secondsAtCurrentLevel(bug, now, running));
    let overdue = false;
    // The most useful fact first, in the label itself: a description after a long title is cut
    // off at the sidebar's default width. An open bug's group already names its level.
    let facts = [`L${bug.level}`, spent];
    if (bug.status === 'open') {
      const left = timeboxSecondsLeft(bug, now, config.timeboxMinutes, running);
      overdue = left <= 0;
      facts = [overdue ? vscode.l10n.t('{0} over', formatDuration(-left)) : vscode.l10n.t('{0} left', formatDuration(left))];
    }
    // A bug file git left conflicted stays in view, saying so first (issue 17).
    if (conflicted) facts = [vscode.l10n.t('merge conflict'), ...facts];
    const lead = `${isActive ? '● ' : ''}${facts.join(' · ')}`;
    const item = new vscode.TreeItem(
      { label: `${lead} · ${bug.title}`, highlights: [[0, lead.length]] },
      hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.iconPath = new vscode.ThemeIcon(
      conflicted ? 'git-merge' : bug.status === 'resolved' ? 'pass' : bug.status === 'parked' ? 'debug-pause' : LEVEL_ICONS[bug.level],
      overdue ? new vscode.ThemeColor('problemsWarningIcon.foreground') : isActive ? new vscode.ThemeColor('charts.blue') : undefined,
    );
    item.contextValue = [
      'bug',
      `level${bug.level}`,
      bug.status,
      isActive ? 'active' : 'inactive',
      overdue ? 'overdue' : 'intime',
      conflicted ? 'conflicted' : readOnly ? 'readonly' : 'writable',
    ].join('.');
    // The tooltip waits for a hover (resolveTreeItem): most rows of a long list are never hovered.
    item.accessibilityInformation = {
      label: isActive
        ? vscode.l10n.t('{0}, level {1} {2}, {3}, {4} at this level, active', bug.title, bug.level, levelName(bug.level), bugStatusLabel(bug.status), spent)
        : vscode.l10n.t('{0}, level {1} {2}, {3}, {4} at this level', bug.title, bug.level, levelName(bug.level), bugStatusLabel(bug.status), spent),
    };
    return item;
  }

  /** Builds a bug row's tooltip when it is hovered, from the bug as it is then (the full bug by then). */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.kind !== 'bug' || item.tooltip !== undefined) return item;
    const loaded = node.journal.find(node.bugId);
    if (!loaded) return item;
    const now = toTimestamp(this.clock());
    const running = this.active.running;
    const { bug } = loaded;
    const lines = [
      levelLabel(bug.level),
      [
        bugStatusLabel(bug.status),
        ...(this.active.bugId === bug.id ? [vscode.l10n.t('active')] : []),
        ...(loaded.conflicted
          ? [vscode.l10n.t('merge conflict at line {0}: run "Bug Levels: Resolve Merge Conflict"', loaded.conflicted.line)]
          : loaded.readOnly
            ? [vscode.l10n.t('read-only')]
            : []),
        vscode.l10n.t('{0} at this level', formatDuration(secondsAtCurrentLevel(bug, now, running))),
      ].join(' · '),
    ];
    if (bug.status === 'open') {
      const config = this.configOf(node.journal);
      const box = timeboxMinutes(bug, bug.level, config.timeboxMinutes);
      const left = timeboxSecondsLeft(bug, now, config.timeboxMinutes, running);
      lines.push(
        left > 0
          ? vscode.l10n.t('Timebox: {0} min at level {1}; {2} left', box, bug.level, formatDuration(left))
          : vscode.l10n.t('Timebox: {0} min at level {1}; {2} over', box, bug.level, formatDuration(-left)),
      );
      const pick = next({ bugs: this.journals.allBugs().map((ref) => ref.loaded.bug) }, now, { running, timeboxDefaults: this.journals.timeboxDefaultsOf() });
      if (pick) {
        lines.push(
          pick.bug.id === bug.id
            ? vscode.l10n.t('Breadth-first: the next bug to work on. {0}', pick.reason)
            : vscode.l10n.t("Breadth-first: '{0}' comes first. {1}", pick.bug.title, pick.reason),
        );
      }
    }
    item.tooltip = bugTooltip(bug, lines);
    return item;
  }

  async handleDrag(source: readonly TreeNode[], dataTransfer: vscode.DataTransfer): Promise<void> {
    const bugs = source.filter((node) => node.kind === 'bug');
    if (bugs.length) dataTransfer.set(BUG_MIME, new vscode.DataTransferItem(bugs));
  }

  async handleDrop(target: TreeNode | undefined, dataTransfer: vscode.DataTransfer): Promise<void> {
    const item = dataTransfer.get(BUG_MIME);
    if (!item || !target) return;
    const group = target.kind === 'group' ? target.group : target.kind === 'bug' ? this.groupOfNode(target) : undefined;
    if (group === undefined) return;
    await this.moveBugs(item.value as Array<Extract<TreeNode, { kind: 'bug' }>>, group);
  }

  private groupOfNode(node: Extract<TreeNode, { kind: 'bug' }>): GroupKey | undefined {
    const loaded = node.journal.find(node.bugId);
    return loaded ? groupOf(loaded.bug) : undefined;
  }
}

const LEVEL_ICONS = { 1: 'debug-alt', 2: 'lightbulb', 3: 'tools' } as const;

/** The whole title, then one paragraph per line of facts (level, status, timebox, the scheduler's view). */
function bugTooltip(bug: Bug, lines: readonly string[]): vscode.MarkdownString {
  // Journal text is untrusted: no command links, no HTML.
  const tooltip = new vscode.MarkdownString(undefined, false);
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;
  tooltip.appendText(bug.title);
  for (const line of lines) {
    tooltip.appendMarkdown('\n\n');
    tooltip.appendText(line);
  }
  const latest = latestHypothesis(bug.hypotheses);
  if (latest) {
    tooltip.appendMarkdown('\n\n');
    tooltip.appendText(vscode.l10n.t('Latest hypothesis: {0} ({1})', latest.text, hypothesisStatusLabel(latest.status)));
  }
  return tooltip;
}

/** `bugResolved`: the bug is fixed, so a hypothesis still open was never tested, not pending. */
function hypothesisItem(h: Hypothesis, bugResolved: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(h.text, vscode.TreeItemCollapsibleState.None);
  const wrong = h.kind === 'assumption' && h.status === 'refuted';
  const status = h.status === 'open' && bugResolved ? vscode.l10n.t('untested') : hypothesisStatusLabel(h.status);
  item.description = wrong ? vscode.l10n.t('wrong assumption') : h.kind === 'assumption' ? `${hypothesisKindLabel('assumption')} · ${status}` : status;
  const icon = h.status === 'confirmed' ? 'check' : h.status === 'refuted' ? (wrong ? 'warning' : 'close') : h.kind === 'assumption' ? 'question' : 'beaker';
  const color =
    h.status === 'confirmed' ? 'testing.iconPassed' : wrong ? 'problemsWarningIcon.foreground' : h.status === 'refuted' ? 'testing.iconFailed' : undefined;
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  item.contextValue = `hypothesis.${h.kind}.${h.status}`;
  const tooltip = new vscode.MarkdownString(undefined, false);
  tooltip.appendText(h.kind === 'assumption' ? vscode.l10n.t('Assumption ({0}): {1}', status, h.text) : vscode.l10n.t('Hypothesis ({0}): {1}', status, h.text));
  if (h.prediction) tooltip.appendText(`\n${vscode.l10n.t('Prediction: {0}', h.prediction)}`);
  if (h.note) tooltip.appendText(`\n${vscode.l10n.t('Note: {0}', h.note)}`);
  item.tooltip = tooltip;
  return item;
}

const TIMELINE_ICONS: Record<TimelineEvent['kind'], string> = {
  attempt: 'debug-rerun',
  'debug-start': 'debug-start',
  'debug-end': 'debug-stop',
  exception: 'bug',
  'keep-drilling': 'debug-step-into',
  'timebox-extended': 'watch',
  'time-left-out': 'clock',
  note: 'note',
  parked: 'debug-pause',
  resolved: 'pass',
  reopened: 'issue-reopened',
};

function timelineItem(event: TimelineEvent): vscode.TreeItem {
  const label = timelineKindLabel(event.kind);
  const item = new vscode.TreeItem(event.text ? `${label}: ${event.text}` : label, vscode.TreeItemCollapsibleState.None);
  item.description = event.at.replace('T', ' ').replace(/:\d\dZ$/, '');
  item.iconPath = new vscode.ThemeIcon(
    TIMELINE_ICONS[event.kind],
    event.kind === 'exception' ? new vscode.ThemeColor('problemsErrorIcon.foreground') : undefined,
  );
  item.contextValue = `event.${event.kind}`;
  item.tooltip = `${event.at} · ${event.kind}${event.text ? `\n${event.text}` : ''}`;
  return item;
}

const SNIPPET_ICONS: Record<Snippet['source'], string> = {
  editor: 'code',
  terminal: 'terminal',
  debug: 'debug-console',
  clipboard: 'clippy',
  file: 'file-text',
};

/** The icon of a snippet whose code is not where it was captured (exact keeps its source's icon). */
const ANCHOR_ICONS: Record<Exclude<AnchorState, 'exact'>, vscode.ThemeIcon> = {
  moved: new vscode.ThemeIcon('arrow-swap'),
  changed: new vscode.ThemeIcon('diff-modified', new vscode.ThemeColor('list.warningForeground')),
  outdated: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
};

function snippetItem(s: Snippet, anchor: AnchorResolution | undefined): vscode.TreeItem {
  const firstLine = (s.text ?? '').split('\n').find((line) => line.trim()) ?? vscode.l10n.t('(attachment)');
  const item = new vscode.TreeItem(firstLine.trim().slice(0, 80), vscode.TreeItemCollapsibleState.None);
  const place = anchor && anchor.state !== 'outdated' ? placeOf(anchor.file, anchor.span) : s.file ? `${s.file}${s.lines ? `:${s.lines}` : ''}` : undefined;
  const state = anchor && anchor.state !== 'exact' ? anchorStateLabel(anchor.state) : undefined;
  item.description = [snippetSourceLabel(s.source), place, state].filter(Boolean).join(' · ');
  item.iconPath = anchor && anchor.state !== 'exact' ? ANCHOR_ICONS[anchor.state] : new vscode.ThemeIcon(SNIPPET_ICONS[s.source]);
  item.contextValue = `snippet.${s.source}${s.file ? '.withFile' : ''}`;
  const tooltip = new vscode.MarkdownString(undefined, false);
  tooltip.appendCodeblock((s.text ?? vscode.l10n.t('(stored in {0})', String(s.path))).slice(0, 2000), 'text');
  if (anchor && anchor.state !== 'exact') tooltip.appendText(`${anchorTooltip(anchor, s.commit)}\n`);
  if (s.commit) tooltip.appendText(snippetCommitLine(s.commit));
  item.tooltip = tooltip;
  return item;
}

function placeOf(file: string, span: AnchorResolution['span']): string {
  return `${file}${span ? `:${anchorLines(span)}` : ''}`;
}

/** One line: where the code is now and where it was captured, or that it is gone. */
function anchorTooltip(anchor: AnchorResolution, commit: string | undefined): string {
  const was = placeOf(anchor.originalFile, anchor.originalSpan);
  switch (anchor.state) {
    case 'moved':
      return vscode.l10n.t('Moved: the code is now at {0} (captured at {1}).', placeOf(anchor.file, anchor.span), was);
    case 'changed':
      return vscode.l10n.t('Changed: similar code (score {0}) is at {1} (captured at {2}).', anchor.score, placeOf(anchor.file, anchor.span), was);
    default:
      return commit
        ? vscode.l10n.t('Outdated: the code is no longer in the file; it opens at its commit {0}.', commitOfSnippet(commit).commit)
        : vscode.l10n.t('Outdated: the code is no longer in the file.');
  }
}

/** Which commit a snippet's lines are from, or that they are from the working tree and may differ from it. */
function snippetCommitLine(recorded: string): string {
  const { commit, workingTree } = commitOfSnippet(recorded);
  return workingTree
    ? vscode.l10n.t('Lines from the working tree, with uncommitted changes: they may differ at commit {0}.', commit)
    : vscode.l10n.t('Lines from commit {0}.', commit);
}

/** A row whose bug or entry went away between the refresh and the render. */
function goneItem(): vscode.TreeItem {
  return new vscode.TreeItem(vscode.l10n.t('(gone)'));
}
