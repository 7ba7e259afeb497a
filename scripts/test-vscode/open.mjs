#!/usr/bin/env node
// Serves the real VS Code workbench with this repository loaded as an extension, on a folder,
// for trying the extension by hand in a browser. Runs until Ctrl+C or SIGTERM, which stop the
// server's whole process group.
//
//   node scripts/test-vscode/open.mjs [--port N] [--copy] FOLDER
//
// The folder is opened as it is; --copy opens a fresh copy made in the run folder instead and
// deletes the copy when this stops (also when the server stops by itself). code-server has no
// --extensionDevelopmentPath, so the repository is linked in as an installed extension; it
// loads what the manifest's "main" points at, so build first.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startCodeServer } from './codeServer.mjs';
import { workbenchUrl } from './browser.mjs';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const { folder, port, copy: wantCopy } = readOptions();

/** @type {import('./codeServer.mjs').CodeServer | undefined} */
let server;
/** @type {string | undefined} */
let copy;
/** @type {Promise<never> | undefined} */
let stopping;
/** Stops the server's process group, deletes the copy and exits; later calls wait for the first. */
const shutdown = (/** @type {number} */ status) =>
  (stopping ??= (async () => {
    // Without a server yet, exiting is enough: codeServer.mjs kills its group on exit.
    await server?.stop();
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
    process.exit(status);
  })());
// `on`, not `once`: Ctrl+C in a terminal signals both this and npm start, which passes it on, and
// a second signal must not kill this process halfway through stopping.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void shutdown(0));

try {
  server = await startCodeServer({ prefix: 'open', extensions: [repoRoot], port });
} catch (error) {
  console.error(error.message); // a missing install, no short run folder, or the port is taken (the log says)
  process.exit(1);
}
let served = folder;
if (wantCopy) {
  copy = path.join(server.runDir, path.basename(folder));
  fs.cpSync(folder, copy, { recursive: true });
  served = copy;
  console.log(`Copied ${folder} to ${copy} (deleted when this stops)`);
}
console.log(`VS Code (code-server, process group ${server.pid}) is serving ${served}; its log: ${server.log}`);
console.log(`open ${workbenchUrl(server, served)}`);
console.log('Ctrl+C stops it.');

const { code, signal } = await server.exited;
if (!stopping) {
  console.error(`code-server stopped by itself (exit code ${code}, signal ${signal}); its log: ${server.log}`);
  await shutdown(1);
}

function readOptions() {
  try {
    const { values, positionals } = parseArgs({
      options: { port: { type: 'string', default: '0' }, copy: { type: 'boolean', default: false } },
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new Error('give exactly one folder');
    const folder = path.resolve(positionals[0]);
    if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`no folder ${folder}`);
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${values.port}`);
    return { folder, port, copy: values.copy };
  } catch (error) {
    console.error(`${error.message}\nusage: open.mjs [--port N] [--copy] FOLDER`);
    process.exit(2);
  }
}
