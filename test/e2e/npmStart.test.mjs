// `npm start` as a new user runs it: a HOME of 40+ characters (code-server's run folders once went
// under ~/.cache and broke its Unix sockets for any HOME longer than /root) and a TMPDIR just as
// long (the run folders then fall back to /tmp). scripts/start.mjs runs in its own process group,
// like a terminal's foreground job; the test opens the URL it prints in Chromium, stops it the
// ways a user can, and checks that nothing is left: no demo copy, no process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { launchBrowser } from '../../scripts/test-vscode/browser.mjs';
import { cacheDir, testVscodePaths } from '../../scripts/test-vscode/paths.mjs';
import { openBugLevelsView, repoRoot, sidebarRow, SPACY_BUG } from './support.mjs';

// esbuild, install.sh's checks and the server's start take a few seconds; leave room on a busy machine.
const START_TIMEOUT_MS = 90_000;
// open.mjs gives code-server 5 s after SIGTERM and 2 s after SIGKILL.
const STOP_TIMEOUT_MS = 20_000;

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bug-levels-npm-start-home-of-a-new-user-'));
/** @type {NodeJS.ProcessEnv} */
let env;
/** @type {number[]} process groups to kill if a test fails halfway */
const groups = [];

before(() => {
  testVscodePaths(); // a clear message when the test VS Code is not installed
  // The install stays where it is: the user's default cache, ~/.cache/bug-levels-vscode, is a
  // link to it, named by that long path, so nothing is installed again.
  const cache = path.join(home, '.cache', 'bug-levels-vscode');
  fs.mkdirSync(path.dirname(cache), { recursive: true });
  fs.symlinkSync(fs.realpathSync(cacheDir()), cache, 'dir');
  fs.mkdirSync(path.join(home, 'tmp'));
  env = { ...process.env, HOME: home, TMPDIR: path.join(home, 'tmp'), BUG_LEVELS_TEST_VSCODE: cache, BUG_LEVELS_NO_DESKTOP: '1' };
  delete env.XDG_CACHE_HOME;
});

after(() => {
  for (const group of groups) signalGroup(group, 'SIGKILL');
  fs.rmSync(home, { recursive: true, force: true });
});

/**
 * `node scripts/start.mjs --port 0` (what `npm start` runs) in its own process group, until it
 * prints the URL.
 */
async function npmStart() {
  const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'start.mjs'), '--port', '0'], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  assert.ok(child.pid);
  groups.push(child.pid);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  /** @type {{code: number | null, signal: string | null} | undefined} */
  let exitInfo;
  /** @type {Promise<{code: number | null, signal: string | null}>} */
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exitInfo = { code, signal }))));
  const started = Date.now();
  let url;
  while (!(url = /^open (http:\/\/127\.0\.0\.1:\d+\/\S*)\n/m.exec(output)?.[1])) {
    if (exitInfo || Date.now() - started > START_TIMEOUT_MS) {
      signalGroup(child.pid, 'SIGKILL');
      assert.fail(`npm start ${exitInfo ? `exited (${JSON.stringify(exitInfo)})` : 'printed no URL in time'}; its output:\n${output}`);
    }
    await sleep(100);
  }
  const copy = /^Copied \S+ to (\S+) \(deleted when this stops\)\n/m.exec(output)?.[1];
  const serverGroup = Number(/process group (\d+)\)/.exec(output)?.[1]);
  assert.ok(copy && serverGroup > 0, `no copy or process group in the output:\n${output}`);
  groups.push(serverGroup);
  return {
    pid: child.pid,
    url,
    copy,
    serverGroup,
    startMs: Date.now() - started,
    output: () => output,
    /** Resolves to how it exited, or fails after STOP_TIMEOUT_MS. */
    stopped: async () => {
      const result = await Promise.race([exited, sleep(STOP_TIMEOUT_MS, undefined, { ref: false })]);
      assert.ok(result, `npm start did not exit within ${STOP_TIMEOUT_MS} ms; its output:\n${output}`);
      return result;
    },
  };
}

/**
 * After npm start exited: its demo copy is deleted and no process of its group or of the
 * server's group is left.
 * @param {Awaited<ReturnType<typeof npmStart>>} run
 */
function assertNothingLeft(run) {
  assert.equal(fs.existsSync(run.copy), false, `the demo copy ${run.copy} is still there`);
  assert.deepEqual(liveMembers(run.pid), [], `processes of npm start's group ${run.pid} are left`);
  assert.deepEqual(liveMembers(run.serverGroup), [], `processes of code-server's group ${run.serverGroup} are left`);
}

test(
  'with a HOME of 40+ characters npm start serves the workbench on a copy of the demo journal; Ctrl+C stops it and deletes the copy',
  { timeout: 180_000 },
  async (t) => {
    assert.ok(home.length >= 40, home);
    const run = await npmStart();
    t.diagnostic(`HOME ${home} (${home.length} characters); workbench URL after ${run.startMs} ms: ${run.url}`);
    // The copy is in a run folder short enough for code-server's sockets (at most 49 bytes: see
    // codeServer.mjs), not under HOME or the long TMPDIR.
    assert.ok(!run.copy.startsWith(home), run.copy);
    assert.ok(Buffer.byteLength(path.dirname(run.copy)) <= 49, run.copy);
    assert.ok(fs.statSync(path.join(run.copy, '.bug-levels')).isDirectory());
    assert.ok(run.url.includes(`folder=${run.copy}`), run.url);

    const browser = await launchBrowser(home);
    try {
      const { page } = browser;
      page.setDefaultTimeout(30_000);
      await page.goto(run.url);
      await page.locator('.monaco-workbench').waitFor();
      await openBugLevelsView(page);
      await sidebarRow(page, SPACY_BUG.title).waitFor();
      await sidebarRow(page, 'Server image pins uwsgi below 2.0.20').waitFor();
    } finally {
      await browser.close();
    }

    // Ctrl+C in a terminal: SIGINT to the whole foreground process group.
    process.kill(-run.pid, 'SIGINT');
    assert.deepEqual(await run.stopped(), { code: 0, signal: null }, run.output());
    assertNothingLeft(run);
  },
);

test('SIGTERM to npm start alone (kill PID) stops the server too and deletes the copy', { timeout: 120_000 }, async () => {
  const run = await npmStart();
  process.kill(run.pid, 'SIGTERM');
  assert.deepEqual(await run.stopped(), { code: 0, signal: null }, run.output());
  assertNothingLeft(run);
});

test('when the server stops by itself, npm start says so, fails and deletes the copy', { timeout: 120_000 }, async () => {
  const run = await npmStart();
  signalGroup(run.serverGroup, 'SIGKILL');
  assert.deepEqual(await run.stopped(), { code: 1, signal: null }, run.output());
  assert.match(run.output(), /code-server stopped by itself/);
  assertNothingLeft(run);
});

/**
 * The processes of a group, as "PID NAME", from /proc. Zombies do not count: a process orphaned
 * by its parent's exit (esbuild's, when esbuild.js ends) waits for PID 1 to reap it, which in a
 * container may take a while, and kill(-group, 0) still finds it meanwhile.
 * @param {number} group
 */
function liveMembers(group) {
  const members = [];
  for (const pid of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (name) state ppid pgrp ...": the name may hold spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === group && state !== 'Z') members.push(`${pid} ${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}`);
  }
  return members;
}

/**
 * @param {number} group
 * @param {NodeJS.Signals} signal
 */
function signalGroup(group, signal) {
  try {
    process.kill(-group, signal);
  } catch {
    // gone already
  }
}
