import * as vscode from 'vscode';
import { levelLabel } from '../core/model/levels';
import { overviewHtml, overviewModel, type Overview, type OverviewText } from '../core/model/overview';
import type { CommandContext } from './commandContext';

/** Changes come in bursts (a load, a git pull): the page is drawn once they settle. */
const REDRAW_DELAY_MS = 250;
/** Time at level moves while a bug is worked on: the page is checked this often (redrawn only if it changed). */
const TICK_MS = 30_000;

/** The overview panel as the Show Overview command returns it (tests read it). */
export interface OverviewPanelHandle {
  readonly panel: vscode.WebviewPanel;
  /** The model the page shows now. */
  readonly overview: Overview;
  /** What the page's script posts: `{ type: 'reveal', id }`. Resolves true when a bug was revealed. */
  receive(message: unknown): Promise<boolean>;
}

let current: OverviewPanel | undefined;

/**
 * Show Overview (issue 20): the journal's open bugs in one lane per level, in a webview beside
 * the editor; one panel per window, shown again if already open. The page itself is built in
 * core/model/overview.ts (escaped text, CSP by nonce); this file only makes the panel, redraws it
 * when the journal or the active bug changes, and reveals in the tree the bug a click names.
 * No Node API here: the browser build runs the same code.
 */
export function showOverview(ctx: CommandContext): OverviewPanelHandle {
  if (current) current.panel.reveal(undefined, false);
  else current = new OverviewPanel(ctx, () => (current = undefined));
  current.draw();
  return current;
}

class OverviewPanel implements OverviewPanelHandle {
  readonly panel: vscode.WebviewPanel;
  overview: Overview = { lanes: [], pick: null };
  private shown = '';
  private redrawTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly tick: ReturnType<typeof setInterval>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly ctx: CommandContext,
    onDispose: () => void,
  ) {
    this.panel = vscode.window.createWebviewPanel('bugLevels.overview', vscode.l10n.t('Bug Levels Overview'), vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      // Nothing is loaded from disk or the network: style and script are inline, by nonce.
      localResourceRoots: [],
    });
    const later = (): void => this.drawLater();
    this.disposables.push(
      ctx.journals.onDidChange(later),
      ctx.active.onDidChange(later),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('bugLevels')) later();
      }),
      this.panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      this.panel.onDidChangeViewState(() => {
        if (this.panel.visible) this.draw();
      }),
    );
    this.tick = setInterval(() => {
      if (this.panel.visible) this.draw();
    }, TICK_MS);
    this.panel.onDidDispose(() => {
      clearInterval(this.tick);
      clearTimeout(this.redrawTimer);
      for (const disposable of this.disposables) disposable.dispose();
      onDispose();
    });
  }

  /** Builds the model now; the page is replaced only when what it shows changed (a redraw resets its scroll). */
  draw(): void {
    clearTimeout(this.redrawTimer);
    const { journals, active } = this.ctx;
    const running = active.running;
    const refs = journals.allBugs();
    const folders = new Map(refs.map((ref) => [ref.loaded.bug, journals.all.indexOf(ref.journal)]));
    this.overview = overviewModel({ bugs: refs.map((ref) => ref.loaded.bug) }, this.ctx.now(), {
      ...(running ? { running } : {}),
      ...(journals.all.length > 1 ? { folderOf: (bug) => folders.get(bug) } : {}),
      timeboxDefaults: journals.timeboxDefaultsOf(),
      ...(active.bugId ? { exclude: [active.bugId] } : {}),
    });
    const text = overviewText();
    const key = JSON.stringify(this.overview);
    if (key === this.shown) return;
    this.shown = key;
    this.panel.webview.html = overviewHtml(this.overview, newNonce(), text);
  }

  private drawLater(): void {
    clearTimeout(this.redrawTimer);
    this.redrawTimer = setTimeout(() => this.draw(), REDRAW_DELAY_MS);
  }

  /**
   * The page's message: only a string id of a bug in the journal is acted on (the page holds
   * journal text), in the folder the card names when there are several.
   */
  async receive(message: unknown): Promise<boolean> {
    if (typeof message !== 'object' || message === null) return false;
    const { type, id, folder } = message as { type?: unknown; id?: unknown; folder?: unknown };
    if (type !== 'reveal' || typeof id !== 'string') return false;
    const { journals } = this.ctx;
    const inFolder = typeof folder === 'number' ? journals.all[folder] : undefined;
    const loaded = inFolder?.find(id);
    const ref = inFolder && loaded ? { journal: inFolder, loaded } : journals.find(id);
    if (!ref) return false;
    await this.ctx.reveal({ kind: 'bug', journal: ref.journal, bugId: ref.loaded.bug.id });
    return true;
  }
}

/** A fresh nonce per page: 16 random bytes as hex (Web Crypto: the desktop and the browser build have it). */
function newNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function overviewText(): OverviewText {
  return {
    language: vscode.env.language,
    title: vscode.l10n.t('Bug Levels Overview'),
    lane: levelLabel,
    emptyLane: vscode.l10n.t('No open bug at this level.'),
    next: vscode.l10n.t('Next:'),
    nextBadge: vscode.l10n.t('Next'),
    noOpenBug: vscode.l10n.t('No open bug.'),
    timeAtLevel: (time, minutes) => vscode.l10n.t('{0} of {1} min', time, minutes),
    pastTimebox: vscode.l10n.t('(past the timebox)'),
    wrongAssumptions: (count) => (count === 1 ? vscode.l10n.t('1 wrong assumption') : vscode.l10n.t('{0} wrong assumptions', count)),
    more: (count) => vscode.l10n.t('… and {0} more open bugs at this level (the tree lists them all).', count),
  };
}
