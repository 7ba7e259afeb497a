import * as vscode from 'vscode';
import type { Bug } from '../core/types';
import { attemptsWithoutHypothesis, extendTimebox, keepDrilling } from '../core/journal';
import { bugsLeftBehind, next } from '../core/scheduler';
import { secondsAtCurrentLevel } from '../core/timeAccounting';
import { isTimeboxOver, timeboxMinutes } from '../core/timebox';
import { formatDuration } from '../core/time';
import type { CommandContext } from './commandContext';
import { askText } from './prompts';
import { readConfig } from './config';

export type NudgeKind = 'timebox-over' | 'promote-deeper' | 'random-walk';

/** A nudge on screen: its text, its buttons, and what each button does. */
export interface Nudge {
  readonly kind: NudgeKind;
  readonly message: string;
  readonly actions: readonly string[];
  /** Does what clicking `action` does (the notification calls this too); `answer` fills its question, if any. */
  choose(action: string, answer?: string): Promise<void>;
}

const EXTRA_MINUTES = 15;

/**
 * The scheduler's suggestions, as notifications with actions: the active bug's timebox ran out;
 * a bug was promoted while another open bug sits lower; too many level-1 attempts without a
 * written hypothesis. Each can be switched off in settings (bugLevels.nudges.*).
 */
export class Nudges {
  private shown: Nudge | undefined;
  /** Timeboxes already nudged about (bug, level, minutes): one nudge each, until it changes. */
  private readonly timeboxesNudged = new Set<string>();

  constructor(private readonly ctx: CommandContext) {}

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
    if (!config.nudges.timeboxOver || !isTimeboxOver(bug, now, config.timeboxMinutes, running, config.timeboxMinuteSeconds)) return;
    const minutes = timeboxMinutes(bug, config.timeboxMinutes);
    const key = `${bug.id}:${bug.level}:${minutes}`;
    if (this.timeboxesNudged.has(key)) return;
    this.timeboxesNudged.add(key);

    const spent = formatDuration((secondsAtCurrentLevel(bug, now, running) * 60) / config.timeboxMinuteSeconds);
    const pick = next({ bugs: this.ctx.journals.allBugs().map((r) => r.loaded.bug) }, now, { running, exclude: [bug.id] });
    const message = pick
      ? `Timebox over: '${bug.title}' has had ${spent} at level ${bug.level}. Next: '${pick.bug.title}' (${pick.bug.level < bug.level ? 'still ' : ''}at level ${pick.bug.level}).`
      : `Timebox over: '${bug.title}' has had ${spent} at level ${bug.level}. No other open bug is waiting.`;
    const extend = `+${EXTRA_MINUTES} min`;
    const handlers: Record<string, () => Promise<void>> = {
      ...(pick ? { Switch: () => this.switchTo(pick.bug) } : {}),
      [extend]: async () => {
        await ref.journal.update(bug.id, (b) => extendTimebox(b, EXTRA_MINUTES, config.timeboxMinutes[b.level], this.ctx.now()));
      },
      'Keep drilling': async (reason?: string) => {
        const why = reason ?? (await askText(undefined, { title: `Keep drilling '${bug.title}'`, prompt: 'In one line: why is this bug worth more time now?' }));
        if (why) await ref.journal.update(bug.id, (b) => keepDrilling(b, why, this.ctx.now()));
      },
    };
    this.show('timebox-over', message, handlers, true);
  }

  /** After a bug moved to a deeper level: other open bugs that still sit lower. */
  afterPromotion(before: Bug, after: Bug): void {
    if (after.level <= before.level || !readConfig().nudges.promoteDeeper) return;
    const journal = { bugs: this.ctx.journals.allBugs().map((r) => r.loaded.bug) };
    const behind = bugsLeftBehind(journal, before, after.level);
    const pick = next({ bugs: behind }, this.ctx.now(), { running: this.ctx.active.running });
    if (!pick) return;
    const others = behind.length === 1 ? `'${pick.bug.title}' is` : `${behind.length} open bugs are, like '${pick.bug.title}',`;
    const message = `${others} still at level ${pick.bug.level} while '${after.title}' goes to level ${after.level}. Breadth-first: bring every bug to level ${after.level} before drilling one deeper.`;
    this.show('promote-deeper', message, { [`Switch to '${shorten(pick.bug.title)}'`]: () => this.switchTo(pick.bug), 'Keep going': async () => undefined }, false);
  }

  /** After an attempt (Log Attempt, a debug session at level 1): guessing without a hypothesis. */
  afterAttempt(bug: Bug): void {
    const config = readConfig();
    if (!config.nudges.randomWalk || bug.level !== 1 || bug.status !== 'open') return;
    const attempts = attemptsWithoutHypothesis(bug);
    if (attempts < config.randomWalkLimit || attempts % config.randomWalkLimit !== 0) return;
    const message = `${attempts} attempts on '${bug.title}' without a written hypothesis. What do you think is going on?`;
    this.show('random-walk', message, {
      'Add Hypothesis': async () => {
        await vscode.commands.executeCommand('bugLevels.addHypothesis', { bugId: bug.id });
      },
      'Not now': async () => undefined,
    }, false);
  }

  private async switchTo(bug: Bug): Promise<void> {
    const ref = this.ctx.journals.find(bug.id);
    if (!ref) return;
    await this.ctx.active.start(bug.id);
    await this.ctx.reveal({ kind: 'bug', journal: ref.journal, bugId: bug.id });
  }

  private show(kind: NudgeKind, message: string, handlers: Record<string, (answer?: string) => Promise<void>>, warning: boolean): void {
    const actions = Object.keys(handlers);
    const nudge: Nudge = {
      kind,
      message,
      actions,
      choose: async (action: string, answer?: string) => {
        const handler = handlers[action];
        if (!handler) throw new Error(`The nudge has no action '${action}' (it has ${actions.join(', ')}).`);
        await handler(answer);
      },
    };
    this.shown = nudge;
    const notify = warning ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void notify(message, ...actions).then(async (picked) => {
      if (picked) await nudge.choose(picked).catch((error: unknown) => void vscode.window.showErrorMessage((error as Error).message));
    });
  }
}

function shorten(title: string): string {
  return title.length > 30 ? `${title.slice(0, 29)}…` : title;
}
