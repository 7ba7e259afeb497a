import * as vscode from 'vscode';
import type { Bug } from '../core/model/types';
import type { Timestamp } from '../core/model/types';
import { attemptsWithoutHypothesis } from '../core/model/transitions';
import { bugsLeftBehind, next } from '../core/model/scheduler';
import { secondsAtCurrentLevel } from '../core/model/timeAccounting';
import { isTimeboxOver, timeboxMinutes } from '../core/model/timebox';
import { formatDuration } from '../core/model/time';
import type { Journals } from './journals';
import type { JournalChange } from './journalService';
import type { ActiveBug } from './activeBug';
import type { JournalEditor } from './journalEditor';
import type { TreeNode } from './treeNodes';
import { askText } from './prompts';
import { readConfig, type BugLevelsConfig } from './config';

/** What the nudges read and act through. */
export interface NudgeDependencies {
  readonly journals: Journals;
  readonly active: ActiveBug;
  readonly editor: JournalEditor;
  readonly now: () => Timestamp;
  readonly reveal: (node: TreeNode) => Promise<void>;
}

/** Reopens the unanswered nudge's choice (its status bar item runs it). */
export const SHOW_NUDGE_COMMAND = 'bugLevels.showNudge';

export type NudgeKind = 'timebox-over' | 'promote-deeper' | 'random-walk';

/** A nudge on screen: its text, its buttons, and what each button does. */
export interface Nudge {
  readonly kind: NudgeKind;
  /** The text shown, in the display language. */
  readonly message: string;
  /** The buttons' ids, stable and English whatever the display language: 'Switch', '+15 min', 'Keep drilling', … */
  readonly actions: readonly string[];
  /** The buttons' texts as shown, in the display language; same order as `actions`. */
  readonly labels: readonly string[];
  /** Does what clicking `action` (an id, or a shown label) does; `answer` fills its question, if any. */
  choose(action: string, answer?: string): Promise<void>;
}

/** One button of a nudge: its stable id, its shown text, and what it does. */
interface NudgeAction {
  readonly id: string;
  readonly label: string;
  readonly run: (answer?: string) => Promise<void>;
}

const EXTRA_MINUTES = 15;

/**
 * The scheduler's suggestions, as notifications with actions: the active bug's timebox ran out;
 * a bug was promoted while another open bug sits lower; too many level-1 attempts without a
 * written hypothesis. Each can be switched off in settings (bugLevels.nudges.*).
 */
export class Nudges implements vscode.Disposable {
  private shown: Nudge | undefined;
  /** Timeboxes already nudged about (bug, level, minutes): one nudge each, until it changes. */
  private readonly timeboxesNudged = new Set<string>();
  /** The nudge shown and not yet answered: it stays in the status bar until acted on. */
  private pending: Nudge | undefined;
  private readonly item = vscode.window.createStatusBarItem('bugLevels.nudge', vscode.StatusBarAlignment.Left, 99);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly ctx: NudgeDependencies) {
    this.subscription = ctx.journals.onDidChange((change) => this.afterChange(change));
    this.item.name = vscode.l10n.t('Bug Levels Nudge');
    this.item.command = SHOW_NUDGE_COMMAND;
  }

  /** The nudge waiting for an answer, if any. */
  get unanswered(): Nudge | undefined {
    return this.pending;
  }

  /** Shows the unanswered nudge's choice again (its status bar item, or "Bug Levels: Show Nudge"). */
  async reopen(): Promise<void> {
    const nudge = this.pending;
    if (!nudge) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No nudge is waiting for an answer.'));
      return;
    }
    const dismiss = vscode.l10n.t('Dismiss');
    const picked = await vscode.window.showQuickPick([...nudge.labels, dismiss], { title: nudge.message, placeHolder: vscode.l10n.t('What now?') });
    if (picked === dismiss) this.settle(nudge);
    else if (picked !== undefined) await nudge.choose(picked);
  }

  /** Operations applied in this window: a promotion past waiting bugs, one attempt too many. */
  private afterChange(change: JournalChange | undefined): void {
    const edit = change?.edit;
    if (!edit?.before || !edit.after) return;
    if (edit.operation === 'promote') this.afterPromotion(edit.before, edit.after);
    // A timebox set below the time already worked is over now, not at the next tick.
    if (edit.operation === 'setTimebox' && edit.after.id === this.ctx.active.bugId) void this.checkTimebox();
    const latest = edit.after.timeline.at(-1);
    if ((edit.operation === 'logAttempt' || edit.operation === 'recordDebugEvent') && (latest?.kind === 'attempt' || latest?.kind === 'debug-start'))
      this.afterAttempt(edit.after);
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  /** `nudge` is answered (or replaced): it leaves the status bar. */
  private settle(nudge: Nudge): void {
    if (this.pending !== nudge) return;
    this.pending = undefined;
    this.item.hide();
  }

  /** The latest nudge shown (for the walkthrough and tests). */
  get last(): Nudge | undefined {
    return this.shown;
  }

  /** On every tick: the active bug's timebox. */
  async checkTimebox(): Promise<void> {
    const running = this.ctx.active.running;
    if (!running) return;
    const ref = this.ctx.journals.find(running.bugId);
    if (!ref || ref.loaded.readOnly) return;
    const { bug } = ref.loaded;
    const config = readConfig(ref.journal.folder);
    const now = this.ctx.now();
    if (!config.nudges.timeboxOver || !isTimeboxOver(bug, now, config.timeboxMinutes, running)) return;
    const minutes = timeboxMinutes(bug, bug.level, config.timeboxMinutes);
    const key = `${bug.id}:${bug.level}:${minutes}`;
    if (this.timeboxesNudged.has(key)) return;
    this.timeboxesNudged.add(key);

    const spent = formatDuration(secondsAtCurrentLevel(bug, now, running));
    const bugs = this.ctx.journals.allBugs().map((r) => r.loaded.bug);
    const schedule = { running, exclude: [bug.id], timeboxDefaults: this.ctx.journals.timeboxDefaultsOf() };
    // Switch goes only to a bug that still has time in its box: one past its box would send you
    // straight back here at the next check.
    const pick = next({ bugs }, now, { ...schedule, withinBoxOnly: true });
    const waiting = pick ? undefined : next({ bugs }, now, schedule);
    const message = pick
      ? pick.bug.level < bug.level
        ? vscode.l10n.t(
            "Timebox over: '{0}' has had {1} at level {2}. Next: '{3}' (still at level {4}).",
            bug.title,
            spent,
            bug.level,
            pick.bug.title,
            pick.bug.level,
          )
        : vscode.l10n.t(
            "Timebox over: '{0}' has had {1} at level {2}. Next: '{3}' (at level {4}).",
            bug.title,
            spent,
            bug.level,
            pick.bug.title,
            pick.bug.level,
          )
      : waiting
        ? vscode.l10n.t(
            "Timebox over: '{0}' has had {1} at level {2}, and every other open bug is past its timebox too. Park one, ask someone for help, or take a break and come back with fresh eyes.",
            bug.title,
            spent,
            bug.level,
          )
        : vscode.l10n.t("Timebox over: '{0}' has had {1} at level {2}. No other open bug is waiting.", bug.title, spent, bug.level);
    const actions: NudgeAction[] = [
      ...(pick ? [{ id: 'Switch', label: vscode.l10n.t('Switch'), run: () => this.switchTo(pick.bug) }] : []),
      {
        id: `+${EXTRA_MINUTES} min`,
        label: vscode.l10n.t('+{0} min', EXTRA_MINUTES),
        run: async () => {
          await this.ctx.editor.perform('extendTimebox', ref, { minutes: EXTRA_MINUTES });
        },
      },
      {
        id: 'Keep drilling',
        label: vscode.l10n.t('Keep drilling'),
        run: async (reason?: string) => {
          const why =
            reason ??
            (await askText(undefined, {
              title: vscode.l10n.t("Keep drilling '{0}'", bug.title),
              prompt: vscode.l10n.t('In one line: why is this bug worth more time now?'),
            }));
          if (why) await this.ctx.editor.perform('keepDrilling', ref, { reason: why });
        },
      },
    ];
    this.show('timebox-over', message, actions, true);
  }

  /**
   * After a bug moved to level 3 (from 2, or straight from 1) while another open bug has not
   * reached level 2: the essay's rule is every bug to level 2 before any one to level 3. Reaching
   * level 2 is breadth-first progress and never nudges.
   */
  private afterPromotion(before: Bug, after: Bug): void {
    const config = this.configOfBug(after);
    if (after.level !== 3 || after.level <= before.level || !config.nudges.promoteDeeper) return;
    const behind = bugsLeftBehind({ bugs: this.ctx.journals.allBugs().map((r) => r.loaded.bug) }, after, 2);
    const pick = next({ bugs: behind }, this.ctx.now(), { running: this.ctx.active.running, timeboxDefaults: this.ctx.journals.timeboxDefaultsOf() });
    if (!pick) return;
    const message =
      behind.length === 1
        ? vscode.l10n.t(
            "'{0}' has not reached level 2 yet while '{1}' goes to level 3. Breadth-first: bring every bug to level 2 before drilling one to level 3.",
            pick.bug.title,
            after.title,
          )
        : vscode.l10n.t(
            "{0} open bugs, like '{1}', have not reached level 2 yet while '{2}' goes to level 3. Breadth-first: bring every bug to level 2 before drilling one to level 3.",
            behind.length,
            pick.bug.title,
            after.title,
          );
    const short = shorten(pick.bug.title);
    this.show(
      'promote-deeper',
      message,
      [
        { id: `Switch to '${short}'`, label: vscode.l10n.t("Switch to '{0}'", short), run: () => this.switchTo(pick.bug) },
        { id: 'Keep going', label: vscode.l10n.t('Keep going'), run: async () => undefined },
      ],
      false,
    );
  }

  /** After an attempt (Log Attempt, a debug session at level 1): guessing without a hypothesis. */
  private afterAttempt(bug: Bug): void {
    const config = this.configOfBug(bug);
    if (!config.nudges.randomWalk || bug.level !== 1 || bug.status !== 'open') return;
    const attempts = attemptsWithoutHypothesis(bug);
    if (attempts < config.randomWalkLimit || attempts % config.randomWalkLimit !== 0) return;
    const message = vscode.l10n.t("{0} attempts on '{1}' without a written hypothesis. What do you think is going on?", attempts, bug.title);
    this.show(
      'random-walk',
      message,
      [
        {
          id: 'Add Hypothesis',
          label: vscode.l10n.t('Add Hypothesis'),
          run: async () => {
            await vscode.commands.executeCommand('bugLevels.addHypothesis', { bugId: bug.id });
          },
        },
        { id: 'Not now', label: vscode.l10n.t('Not now'), run: async () => undefined },
      ],
      false,
    );
  }

  /** The settings of the workspace folder whose journal holds `bug`. */
  private configOfBug(bug: Bug): BugLevelsConfig {
    return readConfig(this.ctx.journals.find(bug.id)?.journal.folder);
  }

  private async switchTo(bug: Bug): Promise<void> {
    const ref = this.ctx.journals.find(bug.id);
    if (!ref) return;
    await this.ctx.active.start(bug.id);
    await this.ctx.reveal({ kind: 'bug', journal: ref.journal, bugId: bug.id });
  }

  private show(kind: NudgeKind, message: string, actions: readonly NudgeAction[], warning: boolean): void {
    const nudge: Nudge = {
      kind,
      message,
      actions: actions.map((action) => action.id),
      labels: actions.map((action) => action.label),
      choose: async (chosen: string, answer?: string) => {
        const action = actions.find((a) => a.id === chosen) ?? actions.find((a) => a.label === chosen);
        if (!action) throw new Error(`The nudge has no action '${chosen}' (it has ${actions.map((a) => a.id).join(', ')}).`);
        this.settle(nudge);
        await action.run(answer);
      },
    };
    this.shown = nudge;
    // A toast hides itself after a while; the status bar keeps the question until it is answered.
    this.pending = nudge;
    this.item.text = `$(bell-dot) ${shorten(message, 48)}`;
    this.item.tooltip = vscode.l10n.t('{0}\nClick to choose: {1}', message, nudge.labels.join(' · '));
    this.item.backgroundColor = warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
    const notify = warning ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    // The notification shows the labels and answers with the one clicked; act by its id.
    void notify(message, ...nudge.labels).then(async (picked) => {
      const action = actions.find((a) => a.label === picked);
      if (action) await nudge.choose(action.id).catch((error: unknown) => void vscode.window.showErrorMessage((error as Error).message));
    });
  }
}

function shorten(text: string, max = 30): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
