#!/usr/bin/env node
// `npm start`: the extension in a real VS Code on a fresh copy of the demo journal. With a desktop
// `code` on PATH it opens an Extension Development Host window; otherwise it installs the test
// VS Code (code-server, first run only) and serves the workbench on 127.0.0.1, printing the URL.
//   npm start [-- --port N]
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const passThrough = process.argv.slice(2);

const step = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

step(process.execPath, ['esbuild.js']);
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'bug-levels-demo-'));
fs.cpSync(path.join(root, 'demo'), workspace, { recursive: true });
console.log(`Demo journal copied to ${workspace}`);

const desktop = process.env.BUG_LEVELS_NO_DESKTOP ? undefined : findOnPath('code');
if (desktop) {
  console.log(`Opening VS Code (${desktop}) with the extension under development.`);
  step(desktop, [`--extensionDevelopmentPath=${root}`, workspace]);
} else {
  step('bash', [path.join(root, 'scripts', 'test-vscode', 'install.sh')]);
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'test-vscode', 'open.mjs'), ...passThrough, workspace], { cwd: root, stdio: 'inherit' });
  // Ctrl+C reaches open.mjs through the terminal's process group; it stops its server itself.
  process.on('SIGINT', () => {});
  child.on('exit', (code) => process.exit(code ?? 0));
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
