import * as vscode from 'vscode';
import type { Bug } from '../core/model/types';
import { levelLabel } from '../core/model/levels';
import type { BugRef, Journals } from './journals';
import type { ActiveBug } from './activeBug';
import { isTreeNode, optionsOf, type CommandTarget } from './commandTarget';
import { bugStatusLabel } from './labels';
import { readConfig } from './config';

/**
 * The bug a command acts on: the clicked tree node, the `bugId` option, the active bug when it
 * fits (unless bugLevels.askWhichBug), or a quick pick of the bugs that fit (the active bug
 * first). Undefined when the user cancels or nothing fits.
 */
export async function pickBug(
  journals: Journals,
  active: ActiveBug,
  target: CommandTarget,
  options: { title: string; fits?: (bug: Bug) => boolean; noneMessage?: string },
): Promise<BugRef | undefined> {
  if (isTreeNode(target) && 'bugId' in target) return journals.find(target.bugId) ?? gone();
  const bugId = optionsOf(target).bugId;
  if (bugId) return journals.find(bugId) ?? gone();
  const fits = options.fits ?? (() => true);
  const activeRef = active.bugId === undefined ? undefined : journals.find(active.bugId);
  if (activeRef && fits(activeRef.loaded.bug) && !readConfig(activeRef.journal.folder).askWhichBug) return activeRef;
  const candidates = journals.allBugs().filter((ref) => fits(ref.loaded.bug));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(options.noneMessage ?? vscode.l10n.t('No bug fits. Create one with "Bug Levels: New Bug".'));
    return undefined;
  }
  const activeId = active.bugId;
  candidates.sort((a, b) => Number(b.loaded.bug.id === activeId) - Number(a.loaded.bug.id === activeId));
  const several = journals.all.length > 1;
  const picked = await vscode.window.showQuickPick(
    candidates.map((ref) => ({
      label: ref.loaded.bug.title,
      description: [
        ...(ref.loaded.bug.id === activeId ? [`$(debug-start) ${vscode.l10n.t('active')}`] : []),
        levelLabel(ref.loaded.bug.level),
        bugStatusLabel(ref.loaded.bug.status),
      ].join(' · '),
      detail: several ? ref.journal.folder.name : undefined,
      ref,
    })),
    { title: options.title, placeHolder: vscode.l10n.t('Which bug?'), matchOnDescription: true },
  );
  return picked?.ref;
}

function gone(): undefined {
  void vscode.window.showWarningMessage(vscode.l10n.t('That bug is no longer in the journal (deleted or changed outside VS Code).'));
  return undefined;
}

/** An answer from the options, or asked in an input box; undefined when cancelled. */
export async function askText(given: string | undefined, box: vscode.InputBoxOptions & { required?: boolean }): Promise<string | undefined> {
  if (given !== undefined) return given;
  const required = box.required ?? true;
  return vscode.window.showInputBox({
    ignoreFocusOut: true,
    ...box,
    validateInput: (value) => (required && !value.trim() ? vscode.l10n.t('Please write something (Escape cancels).') : box.validateInput?.(value)),
  });
}
