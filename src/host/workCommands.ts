import * as vscode from 'vscode';
import type { Bug } from '../core/model/types';
import { next } from '../core/model/scheduler';
import { pickBug } from './prompts';
import type { CommandTarget } from './commandTarget';
import type { CommandContext } from './commandContext';

/** Start Working on Bug: makes it the active bug; its time starts counting. */
export async function startWorking(ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> {
  const ref = await pickBug(ctx.journals, ctx.active, target, {
    title: vscode.l10n.t('Start Working on Bug'),
    // The active bug is already being worked on: offering it would change nothing.
    fits: (bug) => bug.status === 'open' && bug.id !== ctx.active.bugId,
    noneMessage: vscode.l10n.t('No other open bug. Create one with "Bug Levels: New Bug".'),
  });
  if (!ref) return undefined;
  await ctx.active.start(ref.loaded.bug.id);
  return ref.loaded.bug;
}

/** Stop Working: closes the running session into the bug's file. */
export async function stopWorking(ctx: CommandContext): Promise<void> {
  await ctx.active.stop();
}

/** Next Bug (Breadth-First): the scheduler's pick becomes the active bug, with the reason shown. */
export async function nextBug(ctx: CommandContext): Promise<Bug | undefined> {
  const bugs = ctx.journals.allBugs();
  const current = ctx.active.bugId;
  const schedule = { running: ctx.active.running, timeboxDefaults: ctx.journals.timeboxDefaultsOf() };
  const pick =
    next({ bugs: bugs.map((ref) => ref.loaded.bug) }, ctx.now(), { ...schedule, exclude: current ? [current] : [] }) ??
    next({ bugs: bugs.map((ref) => ref.loaded.bug) }, ctx.now(), schedule);
  if (!pick) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No open bugs: nothing to work on next.'));
    return undefined;
  }
  const ref = ctx.journals.find(pick.bug.id);
  if (!ref) return undefined;
  await ctx.active.start(pick.bug.id);
  await ctx.reveal({ kind: 'bug', journal: ref.journal, bugId: pick.bug.id });
  void vscode.window.showInformationMessage(vscode.l10n.t("Next: '{0}'. {1}", pick.bug.title, pick.reason));
  return pick.bug;
}
