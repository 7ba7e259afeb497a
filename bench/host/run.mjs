#!/usr/bin/env node
// npm run bench:host: Bug Levels inside the real VS Code (the test VS Code: code-server's workbench
// and Node extension host, driven by Chromium), on generated journals of 100, 1,000 and 10,000
// bugs and on a workspace without a journal (the floor). Never part of npm test; asserts nothing
// about time. See bench/README.md ("In the real host").
//
//   node bench/host/run.mjs [--sizes 100,1000,10000] [--runs 3] [--keep] [--no-promote] [--profile] [--source DIR] [--new-port]
//   node bench/host/run.mjs --report A.json,B.json   (the table of saved results, merged: runs interleaved with others)
//
// --keep keeps every session's run folder (logs, user data); --profile saves a CPU profile of the
// extension host per session into the work folder (for finding what is slow; the figures of such a
// run are not comparable); --source DIR measures the extension built from another checkout (a git
// worktree of an older commit, with node_modules linked in), to compare before and after; --new-port
// makes the second open on another port (as a restarted npm start or code-server does).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runsDir } from '../../scripts/test-vscode/codeServer.mjs';
import { buildExtension, journalWorkspace, repoRoot } from './prepare.mjs';
import { runSession } from './session.mjs';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,10000' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
    'no-promote': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    source: { type: 'string' },
    report: { type: 'string' },
    'new-port': { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
if (!sizes.every((size) => Number.isInteger(size) && size > 0) || !(runs >= 1)) {
  console.error(
    'usage: node bench/host/run.mjs [--sizes 100,1000,10000] [--runs 3] [--keep] [--no-promote] [--profile] [--source DIR] [--report A.json,B.json]',
  );
  process.exit(2);
}

const say = (/** @type {string} */ line) => console.log(`[bench:host] ${line}`);
const load = () => os.loadavg().map((value) => value.toFixed(2));

/** Runs the sessions; returns them with the bundles' sizes. */
async function measure() {
  // The test VS Code, as npm test installs it (a no-op when it is there).
  if (spawnSync('bash', [path.join(repoRoot, 'scripts', 'test-vscode', 'install.sh')], { stdio: 'inherit' }).status !== 0) {
    console.error('[bench:host] the test VS Code could not be installed');
    process.exit(1);
  }

  const work = path.join(runsDir('bench'), 'bench-host');
  fs.mkdirSync(work, { recursive: true });
  const extensionDir = path.join(work, 'extension');
  // A profiling run keeps the names in the bundles, so its profiles can be read.
  const bundles = await buildExtension(extensionDir, { minify: !values.profile, ...(values.source ? { source: path.resolve(values.source) } : {}) });
  say(
    `extension built for production into ${extensionDir}: ${Object.entries(bundles)
      .map(([file, bytes]) => `${file} ${(bytes / 1024).toFixed(0)} KB`)
      .join(', ')}`,
  );
  const journals = new Map();
  for (const size of [0, ...sizes]) {
    const started = Date.now();
    journals.set(size, await journalWorkspace(work, size));
    say(`journal of ${size} bugs ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }

  /** @type {Record<string, any[]>} */
  const sessions = {};
  const record = (key, value) => (sessions[key] ??= []).push(value);
  const startedAt = new Date();
  say(`${runs} run(s) of sizes 0 (floor), ${sizes.join(', ')}; load average ${load().join(' ')}`);
  for (let run = 1; run <= runs; run++) {
    for (const size of [0, ...sizes]) {
      const journal = journals.get(size);
      // A fresh copy per run (the promote changes a file), at one path per size: VS Code keys a
      // workspace's storage, where the index is, by the folder's URI.
      const workspace = path.join(work, 'workspaces', String(size));
      fs.rmSync(workspace, { recursive: true, force: true });
      fs.cpSync(journal.folder, workspace, { recursive: true, preserveTimestamps: true });
      const probeOut = path.join(work, `probe-${size}.jsonl`);
      const tag = `run ${run}/${runs}, ${size} bugs`;
      const profile = (open) => (values.profile ? { profile: path.join(work, 'profiles', `${size}-${run}-${open}.cpuprofile`) } : {});
      if (values.profile) fs.mkdirSync(path.join(work, 'profiles'), { recursive: true });
      try {
        const cold = await runSession({
          extensionDir,
          workspace,
          probeOut,
          expectRows: size > 0,
          ...profile('first'),
          say: (line) => say(`${tag}, first open: ${line}`),
        });
        record(`cold:${size}`, cold);
        if (size > 0) {
          // The second open: same port and user data (so the same workspace storage), fresh server and browser.
          const warm = await runSession({
            extensionDir,
            workspace,
            probeOut,
            expectRows: true,
            // --new-port: on another port, as after a restart of npm start (VS Code's workspace storage is keyed by it).
            port: values['new-port'] ? 0 : cold.port,
            userDataDir: cold.userData,
            ...(values['no-promote'] ? {} : { promote: { title: promotable(journal.bugs).title } }),
            ...profile('second'),
            say: (line) => say(`${tag}, second open: ${line}`),
          });
          record(`warm:${size}`, warm);
          if (!values.keep) fs.rmSync(warm.runDir, { recursive: true, force: true });
        }
        if (!values.keep) fs.rmSync(cold.runDir, { recursive: true, force: true });
      } catch (error) {
        say(`${tag}: FAILED: ${error.stack ?? error}`);
      }
    }
  }
  if (!values.keep) fs.rmSync(path.join(work, 'workspaces'), { recursive: true, force: true });
  return { sessions, bundles, startedAt };
}

/** Sessions saved by earlier runs (--report a.json,b.json), merged: runs made at different times, interleaved with others. */
function saved(files) {
  const merged = { sessions: {}, bundles: undefined, startedAt: new Date() };
  for (const file of files) {
    const results = JSON.parse(fs.readFileSync(file, 'utf8'));
    merged.bundles ??= results.bundles;
    for (const [key, list] of Object.entries(results.sessions)) (merged.sessions[key] ??= []).push(...list);
  }
  return merged;
}

const { sessions, bundles, startedAt } = values.report ? saved(values.report.split(',')) : await measure();
/** Sessions per size: the runs asked for, or those found in the saved results. */
const runsDone = Math.max(0, ...Object.values(sessions).map((list) => list.length));

const median = (list) => {
  const numbers = list.filter((value) => typeof value === 'number' && Number.isFinite(value)).sort((a, b) => a - b);
  if (!numbers.length) return undefined;
  const mid = numbers.length >> 1;
  return numbers.length % 2 ? numbers[mid] : (numbers[mid - 1] + numbers[mid]) / 2;
};
const of = (key, pick) => median((sessions[key] ?? []).map(pick));
const round = (value, digits = 0) => (value === undefined ? undefined : Math.round(value * 10 ** digits) / 10 ** digits);
const spread = (key, pick) => {
  const numbers = (sessions[key] ?? []).map(pick).filter((value) => typeof value === 'number');
  return numbers.length > 1 ? `${Math.round(Math.min(...numbers))}-${Math.round(Math.max(...numbers))}` : '';
};

const floorHeap = of('cold:0', (s) => s.probe.heapMB);
const floorRss = of('cold:0', (s) => s.probe.rssMB);
const perSize = (key, pick, digits = 0) => Object.fromEntries(sizes.map((size) => [size, round(of(`${key}:${size}`, pick), digits)]));
const all = Object.values(sessions).flat();
const summary = {
  activationMs: round(median(all.map((s) => s.activation.vscodeMs))),
  paintMs: perSize('cold', (s) => s.paintMs),
  paintFloorMs: round(of('cold:0', (s) => s.paintMs)),
  loadedMs: perSize('cold', (s) => s.loadedMs),
  warmLoadedMs: perSize('warm', (s) => s.loadedMs),
  promoteMs: perSize('warm', (s) => s.promoteMs),
  heapMB: perSize('cold', (s) => s.probe.heapMB - floorHeap, 1),
  longestBlockMs: Object.fromEntries(
    sizes.map((size) => [size, round(Math.max(of(`cold:${size}`, (s) => s.longestBlockMs) ?? 0, of(`warm:${size}`, (s) => s.longestBlockMs) ?? 0))]),
  ),
  warmPaintMs: perSize('warm', (s) => s.paintMs),
  warmHeapMB: perSize('warm', (s) => s.probe.heapMB - floorHeap, 1),
  rssMB: perSize('cold', (s) => s.probe.rssMB - floorRss),
  floorHeapMB: round(floorHeap, 1),
  floorRssMB: round(floorRss),
  runs: runsDone,
};

const row = (cells) => `| ${cells.map((cell) => (cell === undefined ? '—' : String(cell))).join(' | ')} |`;
const ms = (value) => (value === undefined ? undefined : `${Math.round(value)} ms`);
const pair = (key, pick) => {
  const value = of(key, pick);
  const range = spread(key, pick);
  return value === undefined ? undefined : `${Math.round(value)}${range ? ` (${range})` : ''}`;
};
console.log(`\nBug Levels in the test VS Code: medians of ${runsDone} run(s), min-max in brackets; load average ${load().join(' ')} at the end\n`);
console.log(
  row([
    'bugs',
    'activation (VS Code) ms',
    'first paint: navigation → first row ms',
    'click → first row ms',
    'activation → loaded, first open ms',
    'second open ms',
    'promote: Enter → row under L2 ms',
    'heap above floor MB (first / second open)',
    'RSS above floor MB',
    'longest block first / second open ms',
    'activated by',
  ]),
);
console.log(row(['---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---']));
console.log(
  row([
    '0 (floor)',
    pair('cold:0', (s) => s.activation.vscodeMs),
    pair('cold:0', (s) => s.paintMs),
    pair('cold:0', (s) => s.clickToPaintMs),
    pair('cold:0', (s) => s.loadedMs),
    undefined,
    undefined,
    `${round(floorHeap, 1)} (heap) / ${round(floorRss)} (RSS)`,
    undefined,
    pair('cold:0', (s) => s.longestBlockMs),
    sessions['cold:0']?.[0]?.activation.activationEvent,
  ]),
);
for (const size of sizes) {
  const cold = `cold:${size}`;
  const warm = `warm:${size}`;
  const activation = median([...(sessions[cold] ?? []), ...(sessions[warm] ?? [])].map((s) => s.activation.vscodeMs));
  console.log(
    row([
      size.toLocaleString('en'),
      activation === undefined ? undefined : Math.round(activation),
      `${pair(cold, (s) => s.paintMs)} / ${pair(warm, (s) => s.paintMs) ?? '—'} (2nd)`,
      pair(cold, (s) => s.clickToPaintMs),
      pair(cold, (s) => s.loadedMs),
      pair(warm, (s) => s.loadedMs),
      pair(warm, (s) => s.promoteMs),
      `${round(summary.heapMB[size], 1)} / ${round(summary.warmHeapMB[size], 1)}`,
      round(summary.rssMB[size]),
      `${pair(cold, (s) => s.longestBlockMs)} / ${pair(warm, (s) => s.longestBlockMs)}`,
      [...new Set([...(sessions[cold] ?? []), ...(sessions[warm] ?? [])].map((s) => s.activation.activationEvent))].join(', '),
    ]),
  );
}
console.log(
  `\nbundles (production): ${Object.entries(bundles)
    .map(([file, bytes]) => `${file} ${(bytes / 1024).toFixed(1)} KB`)
    .join(', ')}; ${ms(Date.now() - startedAt.getTime())} in all`,
);

const resultsDir = path.join(repoRoot, 'bench', 'results');
fs.mkdirSync(resultsDir, { recursive: true });
const resultsFile = path.join(resultsDir, `host-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(
  resultsFile,
  JSON.stringify(
    { startedAt, source: values.source ?? repoRoot, report: values.report, sizes, runs: runsDone, bundles, summary, sessions, loadAverageAtEnd: os.loadavg() },
    null,
    2,
  ),
);
console.log(`every session: ${resultsFile}\n`);
console.log(JSON.stringify(summary));

/** The first open level-1 bug in the tree's order (file name order), so it lands near the top of Level 2. */
function promotable(bugs) {
  const sorted = [...bugs].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const bug = sorted.find((b) => b.level === 1 && b.status === 'open');
  if (!bug) throw new Error('no open level-1 bug to promote');
  return bug;
}
