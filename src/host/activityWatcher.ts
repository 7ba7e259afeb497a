import * as vscode from 'vscode';
import type { ActiveBug } from './activeBug';

/** How often the clock is checked for idleness, sleep gaps and timeboxes. */
export const TICK_MS = 5_000;
/** Activity events come in bursts (every keystroke); one per this interval is enough. */
const ACTIVITY_THROTTLE_MS = 2_000;

/** Calls `tick` every `ms` until disposed: the ticks of the work clock (tests pass their own). */
export type TickSource = (tick: () => void, ms: number) => vscode.Disposable;

const intervalTicks: TickSource = (tick, ms) => {
  const timer = setInterval(tick, ms);
  return { dispose: () => clearInterval(timer) };
};

/**
 * Feeds the active bug's clock: editor, terminal, debug and window-focus events count as
 * activity, and a timer ticks so idle stretches and clock gaps are noticed without an event.
 * The clock ticks while the bug is paused too: a pause that runs into a sleep is told apart.
 */
export function watchActivity(active: ActiveBug, onTick: () => void, ticks: TickSource = intervalTicks): vscode.Disposable {
  let lastActivity = 0;
  const activity = (): void => {
    const now = Date.now();
    if (now - lastActivity < ACTIVITY_THROTTLE_MS) return;
    lastActivity = now;
    void active.noteActivity();
  };
  const timer = ticks(() => {
    void active.tick().finally(onTick);
  }, TICK_MS);
  return vscode.Disposable.from(
    timer,
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0 && event.document.uri.scheme !== 'output') activity();
    }),
    vscode.window.onDidChangeTextEditorSelection(activity),
    vscode.window.onDidChangeActiveTextEditor(activity),
    vscode.window.onDidChangeActiveTerminal(activity),
    vscode.window.onDidStartTerminalShellExecution(activity),
    vscode.window.onDidEndTerminalShellExecution(activity),
    vscode.debug.onDidStartDebugSession(activity),
    vscode.debug.onDidChangeActiveStackItem(activity),
    vscode.debug.onDidReceiveDebugSessionCustomEvent(activity),
    vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) activity();
    }),
  );
}
