#!/usr/bin/env node
// Runs an extension's integration tests inside the real VS Code extension host (code-server's
// Node one), with the contract of @vscode/test-electron's runTests: the tests module exports
// run(), which resolves when the tests pass and rejects when they fail.
//
//   node scripts/test-vscode/run-host-tests.mjs --extension-development-path . \
//     --extension-tests-path out/test/integration/index --workspace DIR \
//     [--env KEY=VALUE ...] [--timeout SECONDS]
//
// The workbench is opened on DIR as it is (make a copy first if the tests change it). When
// run() settles, the workbench calls window.codeAutomationExit(code, logs); until then every
// log line, the extension host's console included, goes to window.codeAutomationLog(type, args).
// This script provides both. --timeout defaults to 300 s. Exit status: 0 when run() resolved,
// 1 otherwise (failure, timeout, crash), 2 for bad arguments or a missing install.
import fs from 'node:fs';
import path from 'node:path';
import { format, parseArgs } from 'node:util';
import { startCodeServer } from './codeServer.mjs';
import { testVscodePaths } from './paths.mjs';
import { enableExtensionTestMode, extensionTestPayload, launchBrowser, workbenchUrl } from './browser.mjs';

// The workbench's own chatter, which arrives through codeAutomationLog mixed with the extension
// host's console (so the tests' reporter), at the same levels. Hidden here; the window's log
// files are saved in the run folder.
const WORKBENCH_NOISE = new RegExp(
  [
    /^Resolv(ing|ed) connection token/,
    /^Creating a socket/,
    /^(Ignoring fetching|Updating) additional builtin extensions/,
    /^\[(reconnection-grace-time|Service Worker|AgentHost|AccountPolicyGate|ChatModelSelection)\b/,
    // account look-ups cut off (an 'error' with its stack) when the extension host shuts down
    /^Canceled: Canceled/,
  ]
    .map((pattern) => pattern.source)
    .join('|'),
);

const started = Date.now();
const options = readOptions();
try {
  testVscodePaths();
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
const say = (/** @type {string} */ message) => console.log(`[host-tests] ${message}`);
const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1)} s`;

/** @type {import('./codeServer.mjs').CodeServer | undefined} */
let server;
/** @type {import('./browser.mjs').Browser | undefined} */
let browser;
const cleanup = async () => {
  await browser?.close();
  await server?.stop();
};
for (const [signal, status] of Object.entries({ SIGINT: 130, SIGTERM: 143 })) {
  process.once(signal, () => {
    console.error(`[host-tests] ${signal}: stopping`);
    cleanup().finally(() => process.exit(status));
  });
}

let status = 1;
try {
  status = await runTests();
} catch (error) {
  console.error('[host-tests] ERROR: the run broke down:', error);
} finally {
  await cleanup();
}
say(`exit code ${status}, ${seconds(Date.now() - started)} in all${server ? `; run folder ${server.runDir}` : ''}`);
process.exit(status);

/** @returns {Promise<number>} */
async function runTests() {
  server = await startCodeServer({ prefix: 'host' });
  say(`code-server ${server.url} (process group ${server.pid}) listening after ${seconds(server.startMs)}`);
  const { runDir } = server;
  browser = await launchBrowser(runDir);
  const { page } = browser;

  /** @type {(result: {status: number, problem?: string}) => void} */
  let finish = () => {};
  const finished = new Promise((resolve) => (finish = resolve));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = format(...args);
    if (!WORKBENCH_NOISE.test(line)) (type === 'error' ? console.error : console.log)(line);
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    finish({ status: code === 0 ? 0 : 1 });
    saveWindowLogs(path.join(runDir, 'window-logs'), logs);
  });
  page.on('crash', () => finish({ status: 1, problem: 'the browser page crashed' }));
  void server.exited.then(() => finish({ status: 1, problem: `code-server exited (its log: ${server?.log})` }));
  const timer = setTimeout(
    () =>
      finish({
        status: 1,
        problem: `TIMEOUT: the tests did not finish within ${options.timeout} s (--timeout)`,
      }),
    options.timeout * 1000,
  );

  await enableExtensionTestMode(page);
  const payload = extensionTestPayload(server, options);
  const opened = Date.now();
  await page.goto(workbenchUrl(server, options.workspace, payload));
  page
    .locator('.monaco-workbench')
    .waitFor({ timeout: 0 })
    .then(
      () => say(`workbench ready after ${seconds(Date.now() - opened)}`),
      () => {}, // the page closed first
    );

  const result = await finished;
  clearTimeout(timer);
  if (result.problem) console.error(`\n[host-tests] ${'!'.repeat(20)} ${result.problem} ${'!'.repeat(20)}\n`);
  if (browser.offLoopback.length) console.error('[host-tests] requests that left loopback:', browser.offLoopback);
  const screenshot = path.join(runDir, 'final.png');
  await page.screenshot({ path: screenshot }).then(
    () => say(`screenshot ${screenshot}`),
    () => {},
  );
  return result.status;
}

function readOptions() {
  const usage =
    'usage: run-host-tests.mjs --extension-development-path DIR --extension-tests-path MODULE ' +
    '--workspace DIR|FILE.code-workspace [--env KEY=VALUE ...] [--timeout SECONDS]';
  try {
    const { values } = parseArgs({
      options: {
        'extension-development-path': { type: 'string' },
        'extension-tests-path': { type: 'string' },
        workspace: { type: 'string' },
        env: { type: 'string', multiple: true, default: [] },
        timeout: { type: 'string', default: '300' },
      },
    });
    const required = ['extension-development-path', 'extension-tests-path', 'workspace'];
    const missing = required.filter((name) => !values[name]);
    if (missing.length) throw new Error(`missing --${missing.join(', --')}`);
    const timeout = Number(values.timeout);
    if (!(timeout > 0)) throw new Error(`--timeout must be a number of seconds, not ${values.timeout}`);
    const workspace = path.resolve(values.workspace);
    const isWorkspaceFile = workspace.endsWith('.code-workspace') && fs.statSync(workspace, { throwIfNoEntry: false })?.isFile();
    if (!isWorkspaceFile && !fs.statSync(workspace, { throwIfNoEntry: false })?.isDirectory())
      throw new Error(`no folder or .code-workspace file ${workspace}`);
    const env = Object.fromEntries(
      values.env.map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 1) throw new Error(`--env takes KEY=VALUE, not ${pair}`);
        return [pair.slice(0, eq), pair.slice(eq + 1)];
      }),
    );
    return {
      developmentPath: path.resolve(values['extension-development-path']),
      testsPath: path.resolve(values['extension-tests-path']),
      workspace,
      env,
      timeout,
    };
  } catch (error) {
    console.error(`${error.message}\n${usage}`);
    process.exit(2);
  }
}

/**
 * The window's log files, handed over by codeAutomationExit, kept for debugging a run.
 * @param {string} dir
 * @param {{relativePath: string, contents: string}[]} logs
 */
function saveWindowLogs(dir, logs = []) {
  for (const { relativePath, contents } of logs) {
    const file = path.join(dir, relativePath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
  }
}
