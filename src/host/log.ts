import * as vscode from 'vscode';

/** The "Bug Levels" output channel: what the extension did, for troubleshooting. */
export const output = vscode.window.createOutputChannel('Bug Levels', { log: true });

/** Which extension host runs this code: Node.js (desktop, remote) or a browser's web worker. */
export function extensionHostKind(): 'node' | 'web' {
  return typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string' ? 'node' : 'web';
}
