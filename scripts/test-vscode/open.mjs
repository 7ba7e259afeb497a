#!/usr/bin/env node
// Serves the real VS Code workbench with this repository loaded as an extension, on a folder,
// for trying the extension by hand in a browser. Runs until Ctrl+C.
//
//   node scripts/test-vscode/open.mjs [--port N] FOLDER
//
// The folder is opened as it is: pass a copy if it should stay untouched. code-server has no
// --extensionDevelopmentPath, so the repository is linked in as an installed extension; it
// loads what the manifest's "main" points at, so build first.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startCodeServer } from './codeServer.mjs';
import { workbenchUrl } from './browser.mjs';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const { folder, port } = readOptions();

/** @type {import('./codeServer.mjs').CodeServer | undefined} */
let server;
let stopRequested = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  // Without a server yet, exiting is enough: codeServer.mjs kills its group on exit.
  process.once(signal, async () => {
    stopRequested = true;
    await server?.stop();
    process.exit(0);
  });
}
try {
  server = await startCodeServer({ prefix: 'open', extensions: [repoRoot], port });
} catch (error) {
  console.error(error.message); // a missing install, or the port is taken (the log says)
  process.exit(1);
}
console.log(`VS Code (code-server, process group ${server.pid}) is serving ${folder}`);
console.log(`open ${workbenchUrl(server, folder)}`);
console.log('Ctrl+C stops it.');

const { code, signal } = await server.exited;
if (!stopRequested) {
  console.error(`code-server stopped by itself (exit code ${code}, signal ${signal}); its log: ${server.log}`);
  await server.stop();
  process.exit(1);
}

function readOptions() {
  try {
    const { values, positionals } = parseArgs({ options: { port: { type: 'string', default: '0' } }, allowPositionals: true });
    if (positionals.length !== 1) throw new Error('give exactly one folder');
    const folder = path.resolve(positionals[0]);
    if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`no folder ${folder}`);
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${values.port}`);
    return { folder, port };
  } catch (error) {
    console.error(`${error.message}\nusage: open.mjs [--port N] FOLDER`);
    process.exit(2);
  }
}
