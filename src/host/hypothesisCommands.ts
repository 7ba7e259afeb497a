import * as vscode from 'vscode';
import type { Bug, HypothesisId, HypothesisKind, Timestamp } from '../core/model/types';
import { parseDate, toMillis } from '../core/model/time';
import { askText, pickBug } from './prompts';
import { isTreeNode, optionsOf, type CommandTarget } from './commandTarget';
import type { CommandContext } from './commandContext';
import type { BugRef } from './journals';
import { hypothesisKindLabel, hypothesisStatusLabel } from './labels';

/**
 * Add Hypothesis / Add Assumption: a statement (and, for hypotheses, an optional prediction; for
 * assumptions, since when it was believed, by default now).
 */
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
    // An assumption is often written down after it was believed (or found wrong): since when?
    // (A hypothesis takes `since` from the options only.)
    const since = assumption ? await askSince(options.since ?? (options.text !== undefined ? '' : undefined), title, ctx.now()) : (options.since ?? '');
    if (since === undefined) return undefined;
    const believed = isNow(since) ? undefined : since.trim();
    return ctx.editor.perform('addHypothesis', ref, { kind, text, ...(prediction ? { prediction } : {}), ...(believed ? { since: believed } : {}) });
  };
}

/** "now" or nothing: the statement is believed from now on. */
function isNow(answer: string): boolean {
  return answer.trim() === '' || answer.trim().toLowerCase() === 'now' || answer.trim() === vscode.l10n.t('now');
}

/** Since when an assumption was believed: "now" (the default), a UTC date or a UTC time not in the future. */
async function askSince(given: string | undefined, title: string, now: Timestamp): Promise<string | undefined> {
  if (given !== undefined) return given;
  return vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Since when have you believed it? Enter: from now on; or a UTC date, 2026-02-25, or a UTC time, 2026-02-25T17:00:00Z'),
    value: vscode.l10n.t('now'),
    ignoreFocusOut: true,
    validateInput: (value) => sinceProblem(value, now),
  });
}

/** What is wrong with an answer to "since when?" (undefined: nothing): not a date, or in the future. */
export function sinceProblem(value: string, now: Timestamp): string | undefined {
  if (isNow(value)) return undefined;
  const at = parseDate(value);
  if (!at) return vscode.l10n.t('now, or a date like 2026-02-25 or 2026-02-25T17:00:00Z (UTC).');
  return toMillis(at) > toMillis(now) ? vscode.l10n.t('That is in the future: since when, up to now?') : undefined;
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
    const bug = await ctx.editor.perform('setVerdict', ref, { hypothesisId, verdict: status, ...(note ? { note } : {}) });
    const hypothesis = bug.hypotheses.find((h) => h.id === hypothesisId);
    if (confirmed && hypothesis && bug.level === 1 && bug.status === 'open') await offerPromotion(bug, hypothesis.text, optionsOf(target));
    return bug;
  };
}

/**
 * A confirmed hypothesis on a level-1 bug is the understanding level 2 asks for: offer the
 * promotion, with the hypothesis as its reason. `promote` in the options answers without asking.
 */
async function offerPromotion(bug: Bug, reason: string, options: { promote?: boolean; quiet?: boolean }): Promise<void> {
  const promote = (): Thenable<unknown> => vscode.commands.executeCommand('bugLevels.promoteToLevel2', { bugId: bug.id, reason });
  if (options.promote !== undefined || options.quiet) {
    if (options.promote) await promote();
    return;
  }
  const action = vscode.l10n.t('Promote to Level 2');
  void vscode.window
    .showInformationMessage(vscode.l10n.t("Confirmed: you can say why '{0}' fails. Promote it to Level 2 with this as the reason?", bug.title), action)
    .then((choice) => (choice === action ? promote() : undefined));
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
