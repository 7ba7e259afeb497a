/**
 * The journal overview (issue 20): the open bugs in one lane per level, each with its time at the
 * level against its timebox and its wrong assumptions counted, the scheduler's pick highlighted
 * with its reason. Pure: the model and the webview's HTML are built here from the journal and a
 * `now`; the host only makes the panel, passes a nonce and reveals the bug a click names.
 *
 * The HTML is safe with any journal text: every text is HTML-escaped, the Content-Security-Policy
 * allows no remote resource and only the page's own style and script (by nonce), and the script
 * reads no journal text (it posts the id held in a data attribute, which the host checks).
 */
import { LEVELS, levelLabel } from './levels';
import { next } from './scheduler';
import { escapeForTerminal } from './terminalText';
import { formatDuration } from './time';
import { secondsAtCurrentLevel } from './timeAccounting';
import { DEFAULT_TIMEBOX_MINUTES, timeboxMinutes, type TimeboxDefaults } from './timebox';
import type { Bug, BugId, Journal, Level, RunningSession, Timestamp } from './types';

export interface OverviewCard {
  readonly id: string;
  readonly title: string;
  readonly level: Level;
  readonly secondsAtLevel: number;
  readonly timeboxMinutes: number;
  readonly wrongAssumptions: number;
  readonly picked: boolean;
  /** The workspace folder whose journal holds the bug (OverviewOptions.folderOf), when several do. */
  readonly folder?: number;
}

/**
 * Cards a lane shows at most (the pick among them); the lane says how many more. A journal of
 * thousands of open bugs would otherwise make a page too long to read and slow to redraw.
 */
export const MAX_CARDS_PER_LANE = 100;

export interface Overview {
  /** `more`: the lane's open bugs not shown as cards. */
  readonly lanes: ReadonlyArray<{ readonly level: Level; readonly cards: readonly OverviewCard[]; readonly more: number }>;
  /** The scheduler's pick and why, or null when no bug is open. */
  readonly pick: { readonly id: string; readonly reason: string } | null;
}

export interface OverviewOptions {
  readonly running?: RunningSession;
  /** Minutes per level for bugs without a timebox of their own; per bug where journals of several folders differ. */
  readonly timeboxDefaults?: TimeboxDefaults | ((bug: Bug) => TimeboxDefaults);
  /** Not to be picked unless no other bug is open (the active bug): the pick is the one Next Bug would start. */
  readonly exclude?: readonly BugId[];
  /**
   * The index of the workspace folder whose journal holds `bug`: two folders can hold bugs of one
   * id (two clones of a repository), and a click must reveal the one clicked.
   */
  readonly folderOf?: (bug: Bug) => number | undefined;
}

/** The overview of a journal's open bugs at `now`. */
export function overviewModel(journal: Journal, now: Timestamp, options: OverviewOptions = {}): Overview {
  const given = options.timeboxDefaults ?? DEFAULT_TIMEBOX_MINUTES;
  const defaultsOf = typeof given === 'function' ? given : () => given;
  const schedule = { timeboxDefaults: defaultsOf, ...(options.running ? { running: options.running } : {}) };
  const pick = next(journal, now, { ...schedule, exclude: options.exclude ?? [] }) ?? next(journal, now, schedule);
  const open = journal.bugs.filter((bug) => bug.status === 'open');
  return {
    lanes: LEVELS.map((level) => {
      const atLevel = open.filter((bug) => bug.level === level);
      let shown = atLevel.slice(0, MAX_CARDS_PER_LANE);
      // The pick is always on the page, first in its lane when it would have been cut.
      if (pick && pick.bug.level === level && !shown.some((bug) => bug.id === pick.bug.id)) shown = [pick.bug, ...shown.slice(0, MAX_CARDS_PER_LANE - 1)];
      return {
        level,
        more: atLevel.length - shown.length,
        cards: shown.map((bug) => {
          const folder = options.folderOf?.(bug);
          return {
            id: bug.id,
            title: bug.title,
            level,
            secondsAtLevel: secondsAtCurrentLevel(bug, now, options.running),
            timeboxMinutes: timeboxMinutes(bug, level, defaultsOf(bug)),
            wrongAssumptions: bug.hypotheses.filter((h) => h.kind === 'assumption' && h.status === 'refuted').length,
            // The bug itself, not its id: another folder's bug of the same id is not the pick.
            picked: pick?.bug === bug,
            ...(folder === undefined ? {} : { folder }),
          };
        }),
      };
    }),
    pick: pick ? { id: pick.bug.id, reason: pick.reason } : null,
  };
}

/**
 * The page's own words, in the display language: the host fills them through vscode.l10n.t
 * (the core has no access to it); English by default.
 */
export interface OverviewText {
  /** The page's `lang`, e.g. `en` or `de`. */
  readonly language: string;
  readonly title: string;
  /** `Level 1 · Random walk`. */
  readonly lane: (level: Level) => string;
  readonly emptyLane: string;
  /** Before the pick's reason. */
  readonly next: string;
  /** The picked card's badge. */
  readonly nextBadge: string;
  readonly noOpenBug: string;
  /** `12 min of 30 min`. */
  readonly timeAtLevel: (time: string, timeboxMinutes: number) => string;
  readonly pastTimebox: string;
  readonly wrongAssumptions: (count: number) => string;
  /** Under a lane cut at MAX_CARDS_PER_LANE. */
  readonly more: (count: number) => string;
}

export const OVERVIEW_TEXT_EN: OverviewText = {
  language: 'en',
  title: 'Bug Levels overview',
  lane: levelLabel,
  emptyLane: 'No open bug at this level.',
  next: 'Next:',
  nextBadge: 'Next',
  noOpenBug: 'No open bug.',
  timeAtLevel: (time, minutes) => `${time} of ${minutes} min`,
  pastTimebox: '(past the timebox)',
  wrongAssumptions: (count) => (count === 1 ? '1 wrong assumption' : `${count} wrong assumptions`),
  more: (count) => `… and ${count} more open bugs at this level (the tree lists them all).`,
};

/** Text as HTML text or a double-quoted attribute value: nothing in it can become markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * Journal text (a title, a reason quoting titles) for the page: escaped, and the controls that
 * reorder what is shown (U+202E ...) made visible, as the CLI shows them: else a title's override
 * runs on into the rest of the pick's reason, which quotes it.
 */
function journalText(text: string): string {
  return escapeHtml(escapeForTerminal(text));
}

/**
 * The overview as a complete HTML page for a webview. `nonce` (fresh per render, from the host)
 * is the only way a style or script runs; theme colours come from VS Code's CSS variables, so
 * light, dark and high-contrast themes apply; each bug is a button (Tab and Enter reach it).
 */
export function overviewHtml(overview: Overview, nonce: string, text: OverviewText = OVERVIEW_TEXT_EN): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(nonce)) throw new Error('overviewHtml: the nonce must be 16 or more base64 characters');
  const lanes = overview.lanes
    .map(
      (lane) => `<section class="lane" aria-labelledby="lane-${lane.level}">
<h2 id="lane-${lane.level}">${escapeHtml(text.lane(lane.level))} <span class="count">(${lane.cards.length + lane.more})</span></h2>
${lane.cards.length ? `<ul>${lane.cards.map((c) => card(c, text)).join('\n')}</ul>` : `<p class="empty">${escapeHtml(text.emptyLane)}</p>`}${lane.more ? `\n<p class="more">${escapeHtml(text.more(lane.more))}</p>` : ''}
</section>`,
    )
    .join('\n');
  const pick = overview.pick
    ? `<p class="pick-reason"><strong>${escapeHtml(text.next)}</strong> ${journalText(overview.pick.reason)}</p>`
    : `<p class="pick-reason">${escapeHtml(text.noOpenBug)}</p>`;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(text.language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text.title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
${pick}
<div class="lanes">
${lanes}
</div>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}

function card(c: OverviewCard, text: OverviewText): string {
  const box = c.timeboxMinutes * 60;
  const share = Math.min(100, Math.round((c.secondsAtLevel / Math.max(1, box)) * 100));
  const over = c.secondsAtLevel >= box;
  const time = `${text.timeAtLevel(formatDuration(c.secondsAtLevel), c.timeboxMinutes)}${over ? ` ${text.pastTimebox}` : ''}`;
  const wrong = c.wrongAssumptions ? ` · ${text.wrongAssumptions(c.wrongAssumptions)}` : '';
  return `<li><button type="button" class="card${c.picked ? ' picked' : ''}${over ? ' over' : ''}" data-id="${escapeHtml(c.id)}"${c.folder === undefined ? '' : ` data-folder="${c.folder}"`}${c.picked ? ' aria-current="true"' : ''}>
<span class="title">${c.picked ? `<span class="badge">${escapeHtml(text.nextBadge)}</span> ` : ''}${journalText(c.title)}</span>
<span class="bar" aria-hidden="true"><span class="fill w${Math.round(share / 10)}"></span></span>
<span class="facts">${escapeHtml(time)}${escapeHtml(wrong)}</span>
</button></li>`;
}

const STYLE = `
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 12px; }
.lanes { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 12px; }
.lane { border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); border-radius: 4px; padding: 0 8px 8px; }
h2 { font-size: 1.05em; font-weight: 600; } .count, .empty, .more, .facts { color: var(--vscode-descriptionForeground); }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
.card { width: 100%; text-align: left; display: grid; gap: 4px; padding: 6px 8px; cursor: pointer; font: inherit;
  color: var(--vscode-foreground); background: var(--vscode-editorWidget-background); border: 1px solid var(--vscode-contrastBorder, var(--vscode-widget-border, transparent)); border-radius: 3px; }
.card:hover { background: var(--vscode-list-hoverBackground); }
.card:focus-visible { outline: 2px solid var(--vscode-focusBorder); outline-offset: 1px; }
.card.picked { border: 2px solid var(--vscode-focusBorder); }
.badge { background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); border-radius: 2px; padding: 0 4px; font-size: 0.85em; }
.bar { display: block; height: 4px; background: rgba(128, 128, 128, 0.3); }
.fill { display: block; height: 4px; background: var(--vscode-progressBar-background, #0a84ff); }
body.vscode-high-contrast .bar, body.vscode-high-contrast-light .bar { background: transparent; outline: 1px solid var(--vscode-contrastBorder); }
.w0 { width: 0; } .w1 { width: 10%; } .w2 { width: 20%; } .w3 { width: 30%; } .w4 { width: 40%; } .w5 { width: 50%; } .w6 { width: 60%; } .w7 { width: 70%; } .w8 { width: 80%; } .w9 { width: 90%; } .w10 { width: 100%; }
.card.over .fill { background: var(--vscode-errorForeground, #d62728); }
.pick-reason { margin: 12px 0; }
`;

/**
 * Posts the clicked bug's id to the host (which reveals it in the tree); reads no journal text.
 * The host redraws the page when the journal changes: the focused card is kept in the webview's
 * state and focused again, so a keyboard user keeps their place.
 */
const SCRIPT = `
const vscode = acquireVsCodeApi();
const folderOf = (button) => (button.hasAttribute('data-folder') ? Number(button.getAttribute('data-folder')) : undefined);
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('button[data-id]') : null;
  if (target) vscode.postMessage({ type: 'reveal', id: target.getAttribute('data-id'), folder: folderOf(target) });
});
document.addEventListener('focusin', (event) => {
  const target = event.target instanceof Element ? event.target.closest('button[data-id]') : null;
  vscode.setState({ focused: target ? target.getAttribute('data-id') : null, folder: target ? folderOf(target) : undefined });
});
const state = vscode.getState() || {};
if (typeof state.focused === 'string') {
  const again = [...document.querySelectorAll('button[data-id]')].find((button) => button.getAttribute('data-id') === state.focused && folderOf(button) === state.folder);
  if (again) again.focus();
}
`;
