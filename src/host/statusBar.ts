import * as vscode from 'vscode';
import { next } from '../core/model/scheduler';
import { timeboxSecondsLeft } from '../core/model/timebox';
import { formatDuration, toTimestamp } from '../core/model/time';
import type { Journals } from './journals';
import type { ActiveBug } from './activeBug';
import { readConfig } from './config';

/** The tooltip's pick is worked out this long after the last change (see update). */
const PICK_DELAY_MS = 750;

/** `$(bug) L2 · <title> · 12m left`, red when over; the tooltip names the scheduler's next pick. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('bugLevels.activeBug', vscode.StatusBarAlignment.Left, 50);
  private readonly timer: ReturnType<typeof setInterval>;
  private pickTimer: ReturnType<typeof setTimeout> | undefined;
  private visible = false;

  constructor(
    private readonly journals: Journals,
    private readonly active: ActiveBug,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.item.name = vscode.l10n.t('Bug Levels: Active Bug');
    this.item.command = 'bugLevels.nextBug';
    // Time left changes by the minute; nothing is stored by this timer.
    this.timer = setInterval(() => this.update(), 30_000);
    this.update();
  }

  /** What the status bar shows now (text and tooltip), for tests and the walkthrough. */
  get shown(): { readonly text: string; readonly tooltip: string; readonly visible: boolean } {
    return { text: this.item.text, tooltip: String(this.item.tooltip ?? ''), visible: this.visible };
  }

  update(): void {
    const running = this.active.running;
    const ref = this.active.bugId ? this.journals.find(this.active.bugId) : undefined;
    if (!ref) {
      this.item.text = vscode.l10n.t('$(bug) No active bug');
      this.item.backgroundColor = undefined;
      this.setVisible(this.journals.allBugs().length > 0);
    } else {
      const { bug } = ref.loaded;
      const left = timeboxSecondsLeft(bug, toTimestamp(this.clock()), readConfig(ref.journal.folder).timeboxMinutes, running);
      const title = bug.title.length > 40 ? `${bug.title.slice(0, 39)}…` : bug.title;
      this.item.text = statusText(bug.level, title, left, this.active.paused);
      this.item.backgroundColor = left > 0 ? undefined : new vscode.ThemeColor('statusBarItem.errorBackground');
      this.setVisible(true);
    }
    // The tooltip's pick reads every bug (10,000 bugs: about 100 ms of the scheduler): it is
    // worked out once changes settle, not in the change that asked for it (a promote's row would
    // wait for it), once for a burst of changes, and not during a load (issue 15).
    clearTimeout(this.pickTimer);
    this.pickTimer = setTimeout(() => this.updateTooltip(), PICK_DELAY_MS);
  }

  private updateTooltip(): void {
    // Not while the journal loads: the update that follows the load asks again.
    if (this.journals.loadTimes.ready === undefined) return;
    const running = this.active.running;
    const activeId = this.active.bugId;
    const ref = activeId ? this.journals.find(activeId) : undefined;
    const pick = next({ bugs: this.journals.allBugs().map((r) => r.loaded.bug) }, toTimestamp(this.clock()), {
      running,
      exclude: activeId ? [activeId] : [],
      timeboxDefaults: this.journals.timeboxDefaultsOf(),
    });
    if (!ref) {
      this.item.tooltip = pick
        ? vscode.l10n.t('Next (breadth-first): {0}\n{1}\nClick to start it.', pick.bug.title, pick.reason)
        : vscode.l10n.t('No open bugs.');
      return;
    }
    const { bug } = ref.loaded;
    this.item.tooltip = pick
      ? vscode.l10n.t("Working on '{0}' (level {1}).\nNext (breadth-first): {2}\n{3}\nClick for Next Bug.", bug.title, bug.level, pick.bug.title, pick.reason)
      : vscode.l10n.t("Working on '{0}' (level {1}).\nClick for Next Bug.", bug.title, bug.level);
  }

  private setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    clearInterval(this.timer);
    clearTimeout(this.pickTimer);
    this.item.dispose();
  }
}

/** `$(bug) L2 · <title> · 12 min left`, or `… · 5 min over`, with ` · paused` while idle. */
function statusText(level: number, title: string, left: number, paused: boolean): string {
  if (left > 0) {
    const time = formatDuration(left);
    return paused
      ? vscode.l10n.t('$(bug) L{0} · {1} · {2} left · paused', level, title, time)
      : vscode.l10n.t('$(bug) L{0} · {1} · {2} left', level, title, time);
  }
  const time = formatDuration(-left);
  return paused
    ? vscode.l10n.t('$(bug) L{0} · {1} · {2} over · paused', level, title, time)
    : vscode.l10n.t('$(bug) L{0} · {1} · {2} over', level, title, time);
}
