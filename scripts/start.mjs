#!/usr/bin/env node
// `npm start`: the extension in a real VS Code on a fresh copy of the demo journal. With a desktop
// `code` on PATH it opens an Extension Development Host window; otherwise it installs the test
// VS Code (code-server, first run only) and serves the workbench on 127.0.0.1, printing the URL.
//   npm start [-- --port N]
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRunDir } from './test-vscode/codeServer.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const demo = path.join(root, 'demo');
const passThrough = process.argv.slice(2);

const step = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

step(process.execPath, ['esbuild.js']);

const desktop = process.env.BUG_LEVELS_NO_DESKTOP ? undefined : findOnPath('code');
if (desktop) {
  // Not `code --wait`: it returns when the window closes but also when it reloads (Developer:
  // Reload Window, VS Code's whenClosedOrLoaded), and deleting the copy then would pull the
  // folder from under an open window. The copy goes into a run folder instead, which a later
  // `npm start` or `npm test` deletes once it is a day old.
  const workspace = path.join(makeRunDir('demo'), 'demo');
  fs.cpSync(demo, workspace, { recursive: true });
  console.log(`Demo journal copied to ${workspace} (deleted by a later run once a day old)`);
  console.log(`Opening VS Code (${desktop}) with the extension under development.`);
  step(desktop, [`--extensionDevelopmentPath=${root}`, workspace]);
} else {
  step('bash', [path.join(root, 'scripts', 'test-vscode', 'install.sh')]);
  // open.mjs copies the demo into its run folder, deletes the copy when it stops and stops the
  // server's process group on SIGINT and SIGTERM.
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'test-vscode', 'open.mjs'), ...passThrough, '--copy', demo], {
    cwd: root,
    stdio: 'inherit',
  });
  // Ctrl+C in a terminal reaches open.mjs through the process group; a signal sent to this
  // process alone (kill PID) is passed on. Either way this waits for open.mjs to finish.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
