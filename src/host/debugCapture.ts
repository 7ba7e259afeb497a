import * as vscode from 'vscode';

/** The console output of one debug session, kept for Attach Debug Console Output. */
export interface CapturedDebugOutput {
  readonly sessionId: string;
  readonly name: string;
  readonly started: Date;
  ended?: Date;
  output: string;
  truncated: boolean;
}

/** What happened in a debug session that the active bug's timeline records. */
export type DebugEvent =
  | { readonly kind: 'debug-start' | 'debug-end'; readonly session: vscode.DebugSession }
  | { readonly kind: 'exception'; readonly session: vscode.DebugSession; readonly text: string };

const MAX_OUTPUT_CHARS = 256 * 1024;
const SESSIONS_KEPT = 10;

/**
 * A debug adapter tracker on every debug type: keeps the recent console output of each session
 * (also after it ends) and reports starts, ends and stops on exceptions.
 */
export class DebugCapture implements vscode.Disposable {
  private readonly sessions: CapturedDebugOutput[] = [];
  private readonly events = new vscode.EventEmitter<DebugEvent>();
  readonly onDidDebugEvent = this.events.event;
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      this.events,
      vscode.debug.registerDebugAdapterTrackerFactory('*', { createDebugAdapterTracker: (session) => this.trackerFor(session) }),
      // A launch often runs as a parent session with child sessions (js-debug does): the
      // timeline records the session the user started, not each child.
      vscode.debug.onDidStartDebugSession((session) => {
        if (!session.parentSession) this.events.fire({ kind: 'debug-start', session });
      }),
      vscode.debug.onDidTerminateDebugSession((session) => {
        if (session.parentSession) return;
        const captured = this.sessions.find((s) => s.sessionId === session.id);
        if (captured) captured.ended = new Date();
        this.events.fire({ kind: 'debug-end', session });
      }),
    ];
  }

  /** Sessions with output, the most recent first. */
  recent(): readonly CapturedDebugOutput[] {
    return [...this.sessions].reverse().filter((s) => s.output.length > 0);
  }

  /** Output of child sessions goes to the session the user started. */
  private capturedFor(session: vscode.DebugSession): CapturedDebugOutput {
    let root = session;
    while (root.parentSession) root = root.parentSession;
    const existing = this.sessions.find((s) => s.sessionId === root.id);
    if (existing) return existing;
    const captured: CapturedDebugOutput = { sessionId: root.id, name: root.name, started: new Date(), output: '', truncated: false };
    this.sessions.push(captured);
    if (this.sessions.length > SESSIONS_KEPT) this.sessions.shift();
    return captured;
  }

  private trackerFor(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    const captured = this.capturedFor(session);
    return {
      onDidSendMessage: (message: DapMessage) => {
        if (message.type !== 'event') return;
        if (message.event === 'output' && message.body?.category !== 'telemetry' && typeof message.body?.output === 'string') {
          captured.output += message.body.output;
          if (captured.output.length > MAX_OUTPUT_CHARS) {
            captured.output = captured.output.slice(-MAX_OUTPUT_CHARS);
            captured.truncated = true;
          }
        } else if (message.event === 'stopped' && message.body?.reason === 'exception') {
          const text = [message.body.description, message.body.text].filter(Boolean).join(': ') || 'stopped on an exception'; // l10n-ignore: journal content (a timeline event)
          this.events.fire({ kind: 'exception', session, text });
        }
      },
    };
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** The parts of a Debug Adapter Protocol message read here. */
interface DapMessage {
  readonly type?: string;
  readonly event?: string;
  readonly body?: { readonly category?: string; readonly output?: unknown; readonly reason?: string; readonly description?: string; readonly text?: string };
}
