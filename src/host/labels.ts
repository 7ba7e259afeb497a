import * as vscode from 'vscode';
import type { BugStatus, HypothesisKind, HypothesisStatus, SnippetSource, TimelineKind } from '../core/model/types';
import type { AnchorState } from '../core/model/anchors/resolveAnchor';

/**
 * The journal's enum values (statuses, kinds, sources) as the UI shows them, in the display
 * language. The files keep the English values; only what is shown is translated.
 */
export function bugStatusLabel(status: BugStatus): string {
  switch (status) {
    case 'open':
      return vscode.l10n.t('open');
    case 'parked':
      return vscode.l10n.t('parked');
    case 'resolved':
      return vscode.l10n.t('resolved');
  }
}

export function hypothesisStatusLabel(status: HypothesisStatus): string {
  switch (status) {
    case 'open':
      return vscode.l10n.t('open');
    case 'confirmed':
      return vscode.l10n.t('confirmed');
    case 'refuted':
      return vscode.l10n.t('refuted');
  }
}

/** `hypothesis` or `assumption`, lower case, as in a list of facts. */
export function hypothesisKindLabel(kind: HypothesisKind): string {
  return kind === 'assumption' ? vscode.l10n.t('assumption') : vscode.l10n.t('hypothesis');
}

export function snippetSourceLabel(source: SnippetSource): string {
  switch (source) {
    case 'editor':
      return vscode.l10n.t('editor');
    case 'terminal':
      return vscode.l10n.t('terminal');
    case 'debug':
      return vscode.l10n.t('debug');
    case 'clipboard':
      return vscode.l10n.t('clipboard');
    case 'file':
      return vscode.l10n.t('file');
  }
}

/** The label of a timeline row: `Attempt`, `Debug started`, … */
export function timelineKindLabel(kind: TimelineKind): string {
  switch (kind) {
    case 'attempt':
      return vscode.l10n.t('Attempt');
    case 'debug-start':
      return vscode.l10n.t('Debug started');
    case 'debug-end':
      return vscode.l10n.t('Debug ended');
    case 'exception':
      return vscode.l10n.t('Exception');
    case 'keep-drilling':
      return vscode.l10n.t('Kept drilling');
    case 'timebox-extended':
      return vscode.l10n.t('Timebox extended');
    case 'time-left-out':
      return vscode.l10n.t('Not counted');
    case 'note':
      return vscode.l10n.t('Note');
    case 'parked':
      return vscode.l10n.t('Parked');
    case 'resolved':
      return vscode.l10n.t('Resolved');
    case 'reopened':
      return vscode.l10n.t('Reopened');
  }
}

/** A snippet's anchor state as the tree shows it. */
export function anchorStateLabel(state: AnchorState): string {
  switch (state) {
    case 'exact':
      return vscode.l10n.t('exact');
    case 'moved':
      return vscode.l10n.t('moved');
    case 'changed':
      return vscode.l10n.t('changed');
    case 'outdated':
      return vscode.l10n.t('outdated');
  }
}
