// The bench probe (npm run bench:host only, never packaged): a tiny extension loaded beside Bug
// Levels in the same extension host, so it sees that process's event loop, clock and heap. It
// activates at startup ("*"), notices when Bug Levels has activated, waits for its first load
// (BugLevelsApi.journals.ready) and for the index it writes after that to settle, then reports,
// as JSON lines appended to the file named by BUG_LEVELS_BENCH_PROBE:
//   - when Bug Levels' journal began and finished loading (BugLevelsApi.journals.loadTimes);
//   - every event-loop block it saw (a 5 ms timer that came late), up to the index being written;
//   - the heap and RSS after a forced full GC.
// With BUG_LEVELS_BENCH_PROFILE set (a file name), it also records a CPU profile of the extension
// host's thread from its own activation to the report (open it in Chrome's DevTools), or, with
// BUG_LEVELS_BENCH_PROFILE_PROMOTE set too, to two seconds after a promote.
'use strict';
/* global performance */
const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');
const vscode = require('vscode');

const EXTENSION_ID = 'bug-levels.bug-levels';
const TICK_MS = 5;
/** A timer later than this counts as a block (the rest is timer noise). */
const BLOCK_MS = 15;
/** The index is settled once its folder has not changed for this long. */
const QUIET_MS = 1500;
const MAX_WAIT_MS = 300_000;

const out = process.env.BUG_LEVELS_BENCH_PROBE;
const report = (record) => {
  if (!out) return;
  fs.appendFileSync(out, `${JSON.stringify({ ...record, pid: process.pid, wallMs: Date.now() })}\n`);
};
const now = () => performance.now();
/** This thread's performance.now() as wall-clock milliseconds (Date.now()'s scale), to compare with logs and the page. */
const wall = (at) => performance.timeOrigin + at;
/** @type {{start: number, ms: number}[]} */
const blocks = [];

function watchEventLoop() {
  let expected = now() + TICK_MS;
  const tick = () => {
    const at = now();
    const late = at - expected;
    if (late > BLOCK_MS) blocks.push({ start: expected, ms: late });
    expected = at + TICK_MS;
    setTimeout(tick, TICK_MS).unref?.();
  };
  setTimeout(tick, TICK_MS);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The newest mtime in the folder and whether a temporary file is there; undefined: no folder. */
function folderState(dir) {
  let names;
  try {
    names = fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  let newest = 0;
  let temp = false;
  for (const name of names) {
    if (name.endsWith('.tmp')) temp = true;
    try {
      newest = Math.max(newest, fs.statSync(path.join(dir, name)).mtimeMs);
    } catch {
      temp = true; // renamed away while listed: still being written
    }
  }
  return { newest, temp, files: names.length };
}

/** Starts V8's sampling profiler in this thread; returns a function that stops it and saves the profile. */
function startProfile(file) {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  const started = post('Profiler.enable')
    .then(() => post('Profiler.setSamplingInterval', { interval: 250 }))
    .then(() => post('Profiler.start'));
  return async () => {
    await started;
    const { profile } = await post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

function gc() {
  v8.setFlagsFromString('--expose-gc');
  const collect = vm.runInNewContext('gc');
  for (let i = 0; i < 3; i++) collect();
}

function megabytes(bytes) {
  return Math.round((bytes / 1048576) * 10) / 10;
}

async function observe(context) {
  const stopProfile = process.env.BUG_LEVELS_BENCH_PROFILE ? startProfile(process.env.BUG_LEVELS_BENCH_PROFILE) : undefined;
  const probeStart = now();
  report({ event: 'probe', probeStartWallMs: wall(probeStart), uptimeMs: Math.round(process.uptime() * 1000), storage: context.storageUri?.toString() });
  let extension;
  while (!(extension = vscode.extensions.getExtension(EXTENSION_ID))?.isActive) {
    if (now() - probeStart > MAX_WAIT_MS) return report({ event: 'timeout', waitingFor: 'activation' });
    await sleep(TICK_MS);
  }
  const sawActive = now();
  const journals = extension.exports.journals;
  let firstRowsAt;
  let changes = 0;
  const seen = () => {
    changes++;
    if (firstRowsAt === undefined && journals.allBugs().length > 0) firstRowsAt = now();
  };
  seen();
  const subscription = journals.onDidChange(seen);
  await journals.ready;
  const sawReady = now();
  subscription.dispose();
  // Bug Levels may have activated, even loaded, before this probe did: its own record of the load
  // (Journals.loadTimes, wall clock) is what counts; this probe's view is kept beside it.
  const times = journals.loadTimes ?? {};
  report({
    event: 'loaded',
    startedWallMs: times.started,
    readyWallMs: times.ready ?? wall(sawReady),
    probeSawActiveWallMs: wall(sawActive),
    probeSawReadyWallMs: wall(sawReady),
    firstRowsWallMs: firstRowsAt === undefined ? undefined : wall(firstRowsAt),
    changes,
    bugs: journals.allBugs().length,
  });

  // The index is written after the load, not awaited by it: wait until its folder is quiet.
  const indexDir = context.storageUri && path.join(path.dirname(context.storageUri.fsPath), EXTENSION_ID, 'journal-index');
  let settledAt = now();
  let last;
  for (;;) {
    const state = indexDir && folderState(indexDir);
    const key = JSON.stringify(state ?? null);
    if (key !== last) {
      last = key;
      settledAt = now();
    } else if (!state?.temp && now() - settledAt >= QUIET_MS) break;
    if (now() - sawReady > MAX_WAIT_MS) break;
    await sleep(100);
  }
  // A second open that promotes a bug: the profile goes on until two seconds after the promote.
  if (stopProfile && process.env.BUG_LEVELS_BENCH_PROFILE_PROMOTE) {
    const promoted = new Promise((resolve) => {
      const listener = journals.onDidChange((change) => {
        if (change?.edit?.operation !== 'promote') return;
        listener.dispose();
        resolve();
      });
    });
    void promoted.then(() => sleep(2000)).then(stopProfile);
  } else await stopProfile?.();
  const index = indexDir ? folderState(indexDir) : undefined;
  let indexBytes = 0;
  if (index) for (const name of fs.readdirSync(indexDir)) indexBytes += fs.statSync(path.join(indexDir, name)).size;
  gc();
  const memory = process.memoryUsage();
  report({
    event: 'measured',
    bugs: journals.allBugs().length,
    indexSavedWallMs: wall(settledAt),
    indexFiles: index?.files ?? 0,
    indexMB: megabytes(indexBytes),
    // Every block this probe saw up to the index being written; the runner picks those of the load.
    observedFromWallMs: wall(probeStart),
    blocks: blocks.filter((block) => block.start <= settledAt).map((block) => ({ wallMs: Math.round(wall(block.start)), ms: Math.round(block.ms) })),
    heapMB: megabytes(memory.heapUsed),
    externalMB: megabytes(memory.external),
    arrayBuffersMB: megabytes(memory.arrayBuffers),
    rssMB: megabytes(memory.rss),
  });
}

function activate(context) {
  watchEventLoop();
  observe(context).catch((error) => report({ event: 'error', message: String(error?.stack ?? error) }));
}

module.exports = { activate, deactivate() {} };
