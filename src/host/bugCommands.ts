import * as vscode from 'vscode';
import type { Bug, FixLayer, Level } from '../core/model/types';
import { LEVELS, levelLabel } from '../core/model/levels';
import { timeboxMinutes } from '../core/model/timebox';
import { next } from '../core/model/scheduler';
import { askText, pickBug } from './prompts';
import { isTreeNode, optionsOf, type CommandTarget } from './commandTarget';
import type { CommandContext } from './commandContext';
import type { BugRef } from './journals';
import type { GroupKey, TreeNode } from './treeNodes';
import { readConfig } from './config';

/**
 * New Bug: asks a title (and the folder, in a multi-root workspace) and writes the file. The new
 * bug becomes active when no other bug is; while you work on another bug, bugLevels.newBugBecomesActive
 * decides (asked once, then remembered): a bug noted in passing must not take the time of the
 * bug you are debugging.
 */
export async function newBug(ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> {
  const journal = await pickJournal(ctx, target);
  if (!journal) return undefined;
  const title = await askText(optionsOf(target).title, {
    title: vscode.l10n.t('New Bug'),
    prompt: vscode.l10n.t('What is wrong, in one line?'),
    placeHolder: vscode.l10n.t('502 on first interview after installing FormFyxer'),
  });
  if (title === undefined) return undefined;
  const { bug } = await ctx.editor.create(journal, { title });
  const working = ctx.active.bugId === undefined ? undefined : ctx.journals.find(ctx.active.bugId);
  const choice = optionsOf(target).activate ?? (working ? readConfig(journal.folder).newBugBecomesActive : 'always');
  if (choice === true || choice === 'always') await ctx.active.start(bug.id);
  else if (choice === 'ask' && working) void askToSwitch(ctx, bug, working.loaded.bug);
  await ctx.reveal({ kind: 'bug', journal, bugId: bug.id });
  return bug;
}

/** The one-time question of New Bug while another bug is active; the answer becomes the setting. */
async function askToSwitch(ctx: CommandContext, created: Bug, working: Bug): Promise<void> {
  const switchTo = vscode.l10n.t('Switch to the new bug');
  const keep = vscode.l10n.t("Keep working on '{0}'", working.title);
  const answer = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      "Created '{0}'. Switch to it? The time of '{1}' stops counting. Your answer is remembered (setting Bug Levels: New Bug Becomes Active).",
      created.title,
      working.title,
    ),
    switchTo,
    keep,
  );
  if (answer === undefined) return;
  await vscode.workspace
    .getConfiguration('bugLevels')
    .update('newBugBecomesActive', answer === switchTo ? 'always' : 'never', vscode.ConfigurationTarget.Global);
  if (answer === switchTo && ctx.journals.find(created.id)) await ctx.active.start(created.id);
}

async function pickJournal(ctx: CommandContext, target: CommandTarget) {
  const journals = ctx.journals.all;
  if (journals.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: the journal lives in the workspace folder.'));
    return undefined;
  }
  if (isTreeNode(target)) return target.journal;
  const folder = optionsOf(target).folder;
  if (folder !== undefined) return journals.find((journal) => journal.folder.name === folder);
  if (journals.length === 1) return journals[0];
  const picked = await vscode.window.showQuickPick(
    journals.map((journal) => ({ label: journal.folder.name, journal })),
    { placeHolder: vscode.l10n.t('In which folder’s journal?') },
  );
  return picked?.journal;
}

/** Promote to Level N: asks why (what you now understand), then moves the bug to level N. */
export function promoteTo(level: Level) {
  return async (ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> => {
    const ref = await pickBug(ctx.journals, ctx.active, target, {
      title: vscode.l10n.t('Promote to {0}', levelLabel(level)),
      fits: (bug) => bug.status !== 'resolved' && bug.level < level,
      noneMessage: vscode.l10n.t('No bug below level {0} to promote.', level),
    });
    if (!ref) return undefined;
    if (ref.loaded.bug.level >= level) {
      void vscode.window.showInformationMessage(vscode.l10n.t("'{0}' is already at level {1}.", ref.loaded.bug.title, ref.loaded.bug.level));
      return undefined;
    }
    const reason = await askText(optionsOf(target).reason, {
      title: vscode.l10n.t("Promote '{0}' to {1}", ref.loaded.bug.title, levelLabel(level)),
      prompt:
        level === 2
          ? vscode.l10n.t('What do you understand now? (the log line, the repro, the wrong assumption)')
          : vscode.l10n.t('Where does the root fix go? (the layer, the upstream issue)'),
      required: false,
    });
    if (reason === undefined) return undefined;
    return moveToLevel(ctx, ref, level, reason);
  };
}

/** Demote: one level back, when the understanding turned out wrong. */
export async function demoteBug(ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> {
  const ref = await pickBug(ctx.journals, ctx.active, target, {
    title: vscode.l10n.t('Demote'),
    fits: (bug) => bug.status !== 'resolved' && bug.level > 1,
    noneMessage: vscode.l10n.t('No bug above level 1 to demote.'),
  });
  if (!ref) return undefined;
  const reason = await askText(optionsOf(target).reason, {
    title: vscode.l10n.t("Demote '{0}'", ref.loaded.bug.title),
    prompt: vscode.l10n.t('What turned out wrong?'),
    required: false,
  });
  if (reason === undefined) return undefined;
  return ctx.editor.perform('demote', ref, { reason });
}

function moveToLevel(ctx: CommandContext, ref: BugRef, level: Level, reason: string): Promise<Bug> {
  return level > ref.loaded.bug.level ? ctx.editor.perform('promote', ref, { to: level, reason }) : ctx.editor.perform('demote', ref, { reason });
}

/** Park: set the bug aside (the scheduler skips it); the reason goes to its timeline. */
export async function parkBug(ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> {
  const ref = await pickBug(ctx.journals, ctx.active, target, {
    title: vscode.l10n.t('Park Bug'),
    fits: (bug) => bug.status === 'open',
    noneMessage: vscode.l10n.t('No open bug to park.'),
  });
  if (!ref) return undefined;
  const reason = await askText(optionsOf(target).reason, {
    title: vscode.l10n.t("Park '{0}'", ref.loaded.bug.title),
    prompt: vscode.l10n.t('Why set it aside? (optional)'),
    required: false,
  });
  if (reason === undefined) return undefined;
  return ctx.editor.perform('park', ref, { reason });
}

export async function reopenBug(ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> {
  const ref = await pickBug(ctx.journals, ctx.active, target, {
    title: vscode.l10n.t('Reopen Bug'),
    fits: (bug) => bug.status !== 'open',
    noneMessage: vscode.l10n.t('No parked or resolved bug to reopen.'),
  });
  if (!ref) return undefined;
  return ctx.editor.perform('reopen', ref);
}

/** The fix layers to pick from (built when asked: the texts are in the display language). */
function layerItems(): ReadonlyArray<{ layer: FixLayer; label: string; detail: string }> {
  return [
    { layer: 'ours', label: vscode.l10n.t('Our code'), detail: vscode.l10n.t('Fixed where we own the code') },
    { layer: 'upstream', label: vscode.l10n.t('Upstream'), detail: vscode.l10n.t('Fixed (or reported) in a dependency, the platform, a tool') },
    { layer: 'workaround', label: vscode.l10n.t('Workaround'), detail: vscode.l10n.t('Avoided, not fixed at the cause') },
  ];
}

/** Resolve: asks the fix layer and a one-line summary. */
export async function resolve(ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> {
  const ref = await pickBug(ctx.journals, ctx.active, target, {
    title: vscode.l10n.t('Resolve Bug'),
    fits: (bug) => bug.status !== 'resolved',
    noneMessage: vscode.l10n.t('No unresolved bug.'),
  });
  if (!ref) return undefined;
  const options = optionsOf(target);
  const title = vscode.l10n.t("Resolve '{0}'", ref.loaded.bug.title);
  const understanding = options.layer === undefined ? await askUnderstanding(ref.loaded.bug, title) : { reached: options.reached };
  if (!understanding) return undefined;
  const layer =
    understanding.layer ??
    options.layer ??
    (await vscode.window.showQuickPick(layerItems(), { title, placeHolder: vscode.l10n.t('At which layer was it fixed?') }))?.layer;
  if (!layer) return undefined;
  const summary = await askText(options.summary, {
    title,
    prompt: vscode.l10n.t('The fix in one line'),
    placeHolder: vscode.l10n.t('sys.executable is uwsgi, not python; fixed in uwsgi 2.0.20'),
  });
  if (summary === undefined) return undefined;
  const reached = understanding.reached;
  const bug = await ctx.editor.perform('resolve', ref, { layer, summary, ...(options.link ? { link: options.link } : {}), ...(reached ? { reached } : {}) });
  if (!options.quiet) offerNextBug(ctx, bug);
  return bug;
}

/**
 * Resolving below level 3: was the cause understood and the fix put where it belongs (the bug
 * reaches level 3 with the fix), or is it a workaround? Without asking, the retro would call a
 * bug with a confirmed cause and a real fix "Level 1 · Random walk · resolved".
 */
async function askUnderstanding(bug: Bug, title: string): Promise<{ reached?: Level; layer?: FixLayer } | undefined> {
  if (bug.level === 3) return {};
  const items = [
    {
      label: vscode.l10n.t('Understood and fixed at the cause'),
      detail: vscode.l10n.t('The bug reaches level 3 (root fix) with this resolution'),
      reached: 3 as Level,
    },
    {
      label: vscode.l10n.t('Worked around'),
      detail: vscode.l10n.t('Resolved as a workaround at level {0}; the cause stays open for the retro', bug.level),
      layer: 'workaround' as FixLayer,
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t("'{0}' is at level {1}. How was it resolved?", bug.title, bug.level),
  });
  return picked && ('reached' in picked ? { reached: picked.reached } : { layer: picked.layer });
}

/** After a bug is resolved: the scheduler's next pick, one click away. */
function offerNextBug(ctx: CommandContext, resolved: Bug): void {
  const pick = next({ bugs: ctx.journals.allBugs().map((ref) => ref.loaded.bug) }, ctx.now(), {
    running: ctx.active.running,
    timeboxDefaults: ctx.journals.timeboxDefaultsOf(),
  });
  if (!pick) {
    void vscode.window.showInformationMessage(vscode.l10n.t("Resolved '{0}'. No open bug is left.", resolved.title));
    return;
  }
  const start = vscode.l10n.t("Work on '{0}'", pick.bug.title.length > 40 ? `${pick.bug.title.slice(0, 39)}…` : pick.bug.title);
  void vscode.window
    .showInformationMessage(vscode.l10n.t("Resolved '{0}'. Next (breadth-first): {1}", resolved.title, pick.reason), start)
    .then(async (choice) => {
      const ref = choice === start ? ctx.journals.find(pick.bug.id) : undefined;
      if (!ref || ref.loaded.bug.status !== 'open') return;
      await ctx.active.start(pick.bug.id);
      await ctx.reveal({ kind: 'bug', journal: ref.journal, bugId: pick.bug.id });
    });
}

/** Set Timebox: minutes allowed at the bug's current level. */
export async function setBugTimebox(ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> {
  const ref = await pickBug(ctx.journals, ctx.active, target, {
    title: vscode.l10n.t('Set Timebox'),
    fits: (bug) => bug.status === 'open',
    noneMessage: vscode.l10n.t('No open bug.'),
  });
  if (!ref) return undefined;
  const { bug } = ref.loaded;
  const options = optionsOf(target);
  const defaults = readConfig(ref.journal.folder).timeboxMinutes;
  // Any level, the current one first: the level-2 box can be set before the bug gets there.
  const level =
    options.level ??
    (options.minutes !== undefined
      ? bug.level
      : (
          await vscode.window.showQuickPick(
            [bug.level, ...LEVELS.filter((l) => l !== bug.level)].map((l) => ({
              label: levelLabel(l),
              description:
                l === bug.level
                  ? vscode.l10n.t('current level · {0} min', timeboxMinutes(bug, l, defaults))
                  : vscode.l10n.t('{0} min', timeboxMinutes(bug, l, defaults)),
              level: l,
            })),
            { title: vscode.l10n.t("Set Timebox for '{0}'", bug.title), placeHolder: vscode.l10n.t('For which level?') },
          )
        )?.level);
  if (level === undefined) return undefined;
  const answer =
    options.minutes !== undefined
      ? String(options.minutes)
      : await askText(undefined, {
          title: vscode.l10n.t("Timebox for '{0}' at level {1}", bug.title, level),
          prompt: vscode.l10n.t('Minutes allowed at this level'),
          value: String(timeboxMinutes(bug, level, defaults)),
          validateInput: (value) =>
            /^\d+$/.test(value.trim()) && Number(value) >= 1 && Number(value) <= 10000 ? undefined : vscode.l10n.t('A whole number of minutes from 1 to 10000'),
        });
  if (answer === undefined) return undefined;
  return ctx.editor.perform('setTimebox', ref, { minutes: Number(answer.trim()), level });
}

/** Add Link: an issue, PR or release note. */
export async function addBugLink(ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> {
  const ref = await pickBug(ctx.journals, ctx.active, target, { title: vscode.l10n.t('Add Link') });
  if (!ref) return undefined;
  const url = await askText(optionsOf(target).url, {
    title: vscode.l10n.t("Link for '{0}'", ref.loaded.bug.title),
    prompt: vscode.l10n.t('URL of the issue, PR, docs or release note'),
    placeHolder: 'https://github.com/unbit/uwsgi/issues/670',
    validateInput: (value) => (/^https?:\/\/\S+$/.test(value.trim()) ? undefined : vscode.l10n.t('An http(s) URL')),
  });
  if (url === undefined) return undefined;
  return ctx.editor.perform('addLink', ref, { url: url.trim() });
}

export async function openBugFile(ctx: CommandContext, target: CommandTarget): Promise<vscode.TextEditor | undefined> {
  const ref = await pickBug(ctx.journals, ctx.active, target, { title: vscode.l10n.t('Open Bug File') });
  if (!ref) return undefined;
  return vscode.window.showTextDocument(ref.journal.uriOf(ref.loaded.file));
}

/** Delete Bug: removes its file and its additions, and offers Undo (the exact bytes come back). */
export async function deleteBug(ctx: CommandContext, target: CommandTarget): Promise<boolean> {
  // The Delete key in the tree sends the focused row, which may be a hypothesis, not a bug.
  if (isTreeNode(target) && target.kind === 'hypothesis') return (await vscode.commands.executeCommand('bugLevels.deleteHypothesis', target)) !== undefined;
  if (isTreeNode(target) && target.kind !== 'bug') return false;
  const ref = await pickBug(ctx.journals, ctx.active, target, { title: vscode.l10n.t('Delete Bug') });
  if (!ref) return false;
  const { bug } = ref.loaded;
  const removed = await ctx.editor.delete(ref);
  ctx.undo.offer(
    { restoredMessage: vscode.l10n.t("Restored bug '{0}'.", bug.title), undo: () => ref.journal.restore(removed.file, removed.bytes, removed.additions) },
    vscode.l10n.t("Deleted '{0}'.", bug.title),
    optionsOf(target).quiet,
  );
  return true;
}

/** Dragging bugs onto a group: a level (asks why), Parked, or Resolved (asks the fix). */
export async function moveBugsToGroup(ctx: CommandContext, nodes: Array<Extract<TreeNode, { kind: 'bug' }>>, group: GroupKey): Promise<void> {
  const refs = nodes.map((node) => ctx.journals.find(node.bugId)).filter((ref): ref is BugRef => ref !== undefined);
  if (group === 'parked') {
    for (const ref of refs) if (ref.loaded.bug.status === 'open') await parkBug(ctx, { bugId: ref.loaded.bug.id });
    return;
  }
  if (group === 'resolved') {
    for (const ref of refs) if (ref.loaded.bug.status !== 'resolved') await resolve(ctx, { bugId: ref.loaded.bug.id });
    return;
  }
  const moving = refs.filter((ref) => ref.loaded.bug.level !== group || ref.loaded.bug.status !== 'open');
  if (moving.length === 0) return;
  const title =
    moving.length === 1
      ? vscode.l10n.t("Move '{0}' to {1}", moving[0]!.loaded.bug.title, levelLabel(group))
      : vscode.l10n.t('Move {0} bugs to {1}', moving.length, levelLabel(group));
  const reason = await askText(undefined, { title, prompt: vscode.l10n.t('Why? (optional)'), required: false });
  if (reason === undefined) return;
  for (const ref of moving) {
    if (ref.loaded.bug.level === group) await ctx.editor.perform('reopen', ref);
    else await moveToLevel(ctx, ref, group, reason);
  }
}
