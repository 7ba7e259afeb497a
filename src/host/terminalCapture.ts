import * as vscode from 'vscode';
import { stripTerminalEscapes } from '../core/model/terminalText';

/** One finished command of a terminal, as shell integration reported it. */
export interface CapturedCommand {
  readonly terminalName: string;
  readonly commandLine: string;
  readonly exitCode: number | undefined;
  readonly output: string;
  readonly truncated: boolean;
}

/** Output kept per command; older output beyond it is dropped (and said so in the snippet). */
const MAX_OUTPUT_CHARS = 256 * 1024;

/**
 * Keeps the last finished command (line, exit code, output) of each terminal through shell
 * integration. Output can only be read from the moment a command starts, so reading begins on
 * every start; terminals without shell integration never report commands.
 */
export class TerminalCapture implements vscode.Disposable {
  private readonly lastByTerminal = new Map<vscode.Terminal, CapturedCommand>();
  private last: CapturedCommand | undefined;
  private readonly disposables: vscode.Disposable[];
  private readonly recording = new Set<Promise<void>>();
  private readonly reading = new Map<vscode.TerminalShellExecution, Promise<{ output: string; truncated: boolean }>>();
  private readonly finished = new vscode.EventEmitter<CapturedCommand>();
  readonly onDidFinishCommand = this.finished.event;

  constructor() {
    this.disposables = [
      this.finished,
      vscode.window.onDidStartTerminalShellExecution((event) => this.reading.set(event.execution, readAll(event.execution))),
      vscode.window.onDidEndTerminalShellExecution((event) => {
        const read = this.reading.get(event.execution);
        this.reading.delete(event.execution);
        // The output stream may still be draining; lastCommand() waits for it.
        const recorded = (async () => {
          const { output, truncated } = read ? await read : { output: '', truncated: false };
          const captured: CapturedCommand = {
            terminalName: event.terminal.name,
            commandLine: event.execution.commandLine.value,
            exitCode: event.exitCode,
            output,
            truncated,
          };
          this.lastByTerminal.set(event.terminal, captured);
          this.last = captured;
          this.finished.fire(captured);
        })();
        this.recording.add(recorded);
        void recorded.finally(() => this.recording.delete(recorded));
      }),
      vscode.window.onDidCloseTerminal((terminal) => this.lastByTerminal.delete(terminal)),
    ];
  }

  /** The active terminal's last command, else the last command of any terminal. */
  async lastCommand(): Promise<CapturedCommand | undefined> {
    await Promise.all(this.recording);
    const active = vscode.window.activeTerminal;
    return (active && this.lastByTerminal.get(active)) ?? this.last;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

async function readAll(execution: vscode.TerminalShellExecution): Promise<{ output: string; truncated: boolean }> {
  let output = '';
  let truncated = false;
  for await (const chunk of execution.read()) {
    output += chunk;
    if (output.length > MAX_OUTPUT_CHARS) {
      output = output.slice(-MAX_OUTPUT_CHARS);
      truncated = true;
    }
  }
  return { output: stripTerminalEscapes(output), truncated };
}
