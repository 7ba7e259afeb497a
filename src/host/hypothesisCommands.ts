import * as vscode from 'vscode';
import type { Bug, HypothesisId, HypothesisKind } from '../core/model/types';
import { askText, pickBug } from './prompts';
import { isTreeNode, optionsOf, type CommandTarget } from './commandTarget';
import type { CommandContext } from './commandContext';
import type { BugRef } from './journals';
import { hypothesisKindLabel, hypothesisStatusLabel } from './labels';

/** Add Hypothesis / Add Assumption: a statement (and, for hypotheses, an optional prediction). */
export function addStatement(kind: HypothesisKind) {
  return async (ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> => {
    const assumption = kind === 'assumption';
    const ref = await pickBug(ctx.journals, ctx.active, target, { title: assumption ? vscode.l10n.t('Add Assumption') : vscode.l10n.t('Add Hypothesis') });
    if (!ref) return undefined;
    const options = optionsOf(target);
    const title = assumption ? vscode.l10n.t("Assumption for '{0}'", ref.loaded.bug.title) : vscode.l10n.t("Hypothesis for '{0}'", ref.loaded.bug.title);
    const text = await askText(options.text, {
      title,
      prompt: assumption ? vscode.l10n.t('What are you taking for granted?') : vscode.l10n.t('What do you think is going on?'),
      placeHolder: assumption ? vscode.l10n.t('preload files load once, at server restart') : vscode.l10n.t('sys.executable is uwsgi, not python'),
    });
    if (text === undefined) return undefined;
    const prediction =
      kind === 'hypothesis'
        ? await askText(options.prediction ?? (options.text !== undefined ? '' : undefined), {
            title,
            prompt: vscode.l10n.t('If it is true, what will you see? (optional)'),
            required: false,
          })
        : '';
    if (prediction === undefined) return undefined;
    return ctx.editor.perform('addHypothesis', ref, { kind, text, ...(prediction ? { prediction } : {}) });
  };
}

/** Mark Confirmed / Mark Refuted: the verdict on an open hypothesis, with an optional note. */
export function markHypothesis(status: 'confirmed' | 'refuted') {
  return async (ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> => {
    const confirmed = status === 'confirmed';
    const picked = await pickHypothesis(ctx, target, confirmed ? vscode.l10n.t('Mark Confirmed') : vscode.l10n.t('Mark Refuted'), (h) => h.status !== status);
    if (!picked) return undefined;
    const { ref, hypothesisId } = picked;
    const note = await askText(optionsOf(target).note, {
      title: confirmed ? vscode.l10n.t('Mark confirmed') : vscode.l10n.t('Mark refuted'),
      prompt: vscode.l10n.t('What decided it? (optional)'),
      required: false,
    });
    if (note === undefined) return undefined;
    return ctx.editor.perform('setVerdict', ref, { hypothesisId, verdict: status, ...(note ? { note } : {}) });
  };
}

/** Delete Hypothesis, with Undo (it comes back where it was). */
export async function deleteHypothesisCommand(ctx: CommandContext, target: CommandTarget): Promise<Bug | undefined> {
  const picked = await pickHypothesis(ctx, target, vscode.l10n.t('Delete Hypothesis'), () => true);
  if (!picked) return undefined;
  const { ref, hypothesisId } = picked;
  const removed = ref.loaded.bug.hypotheses.find((h) => h.id === hypothesisId);
  const bug = await ctx.editor.perform('deleteHypothesis', ref, { hypothesisId });
  if (removed) {
    const index = ref.loaded.bug.hypotheses.indexOf(removed);
    ctx.undo.offer(
      {
        restoredMessage: vscode.l10n.t("Restored hypothesis '{0}'.", removed.text),
        undo: async () => {
          const current = ctx.journals.find(bug.id);
          if (current) await ctx.editor.perform('restoreHypothesis', current, { hypothesis: removed, index });
        },
      },
      vscode.l10n.t("Deleted hypothesis '{0}'.", removed.text),
      optionsOf(target).quiet,
    );
  }
  return bug;
}

async function pickHypothesis(
  ctx: CommandContext,
  target: CommandTarget,
  title: string,
  fits: (h: Bug['hypotheses'][number]) => boolean,
): Promise<{ ref: BugRef; hypothesisId: HypothesisId } | undefined> {
  if (isTreeNode(target) && target.kind === 'hypothesis') {
    const ref = ctx.journals.find(target.bugId);
    return ref ? { ref, hypothesisId: target.hypothesisId as HypothesisId } : undefined;
  }
  const ref = await pickBug(ctx.journals, ctx.active, target, {
    title,
    fits: (bug) => bug.hypotheses.some(fits),
    noneMessage: vscode.l10n.t('No hypothesis to act on. Add one with "Bug Levels: Add Hypothesis".'),
  });
  if (!ref) return undefined;
  const given = optionsOf(target).hypothesisId;
  if (given) return { ref, hypothesisId: given as HypothesisId };
  const candidates = ref.loaded.bug.hypotheses.filter(fits);
  const picked = await vscode.window.showQuickPick(
    candidates.map((h) => ({ label: h.text, description: `${hypothesisKindLabel(h.kind)} · ${hypothesisStatusLabel(h.status)}`, id: h.id })),
    { title, placeHolder: vscode.l10n.t('Which hypothesis?') },
  );
  return picked ? { ref, hypothesisId: picked.id } : undefined;
}
