import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { isTreeNode, optionsOf, type CommandTarget } from './commandTarget';
import { StoreError } from '../core/store/journalStore';
import type { ConflictSide } from '../core/format/mergeConflict';
import type { BugRef } from './journals';

/**
 * Resolve Merge Conflict (issue 17): a bug file git left with conflict markers is rewritten with
 * both sides' entries (resolveConflict.ts). When the two sides set a value differently, it asks
 * which side to take for those values; nothing is written until it is answered.
 */
export async function resolveMergeConflict(ctx: CommandContext, target: CommandTarget): Promise<boolean> {
  const conflicted = ctx.journals.allBugs().filter((ref) => ref.loaded.conflicted);
  const wanted = isTreeNode(target) && 'bugId' in target ? target.bugId : optionsOf(target).bugId;
  let ref: BugRef | undefined = wanted === undefined ? undefined : conflicted.find((candidate) => candidate.loaded.bug.id === wanted);
  if (wanted !== undefined && !ref) {
    void vscode.window.showInformationMessage(vscode.l10n.t('That bug has no merge conflict.'));
    return false;
  }
  if (!ref) {
    if (!conflicted.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No bug file has a merge conflict.'));
      return false;
    }
    ref =
      conflicted.length === 1
        ? conflicted[0]
        : (
            await vscode.window.showQuickPick(
              conflicted.map((candidate) => ({ label: candidate.loaded.bug.title, description: candidate.loaded.file, ref: candidate })),
              { title: vscode.l10n.t('Resolve Merge Conflict'), placeHolder: vscode.l10n.t('Which bug?') },
            )
          )?.ref;
    if (!ref) return false;
  }
  const take: ConflictSide | undefined = optionsOf(target).take;
  try {
    await ref.journal.resolveConflict(ref.loaded.file, take);
  } catch (error) {
    if (!(error instanceof StoreError) || error.code !== 'needs-choice' || take !== undefined) throw error;
    const mine = vscode.l10n.t('Keep Mine');
    const theirs = vscode.l10n.t('Take Theirs');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Both sides changed values of this bug differently. Every entry of both sides is kept; for these values, which side?'),
      { modal: true, detail: error.message },
      mine,
      theirs,
    );
    if (choice === undefined) return false;
    await ref.journal.resolveConflict(ref.loaded.file, choice === mine ? 'ours' : 'theirs');
  }
  if (!optionsOf(target).quiet)
    void vscode.window.showInformationMessage(vscode.l10n.t("Resolved the merge conflict of '{0}': both sides' entries kept.", ref.loaded.bug.title));
  return true;
}
