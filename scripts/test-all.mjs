#!/usr/bin/env node
// `npm test`: every check, in the order a failure is cheapest to find. Typecheck (tsc, which
// also compiles the tests), lint, unit tests, the bundle, then the tests inside a real VS Code:
// the in-host integration suite and the UI tests. The test VS Code (code-server) is installed
// into a cache folder on the first run. Ends with one line "N passed, N failed".
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
const totals = { passed: 0, failed: 0 };
const timings = [];

/** Runs a step, streaming its output; resolves to its exit code and captured output. */
function run(label, command, args, options = {}) {
  const t0 = Date.now();
  console.log(`\n=== ${label}: ${[command, ...args].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
      });
    }
    child.on('close', (code) => {
      timings.push(`${label} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      resolve({ code: code ?? 1, output });
    });
  });
}

function fail(label, why) {
  console.error(`\n*** ${label} failed${why ? `: ${why}` : ''}`);
  summary();
  process.exit(1);
}

function summary() {
  console.log(`\nSteps: ${timings.join(', ')}; total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
}

/** Adds a runner's counts (every summary line it printed); a step that ran no test fails. */
function count(label, result, pattern) {
  const matches = [...result.output.matchAll(new RegExp(pattern.source, 'g'))];
  if (!matches.length) fail(label, 'its summary line was not found (did it run any test?)');
  const passed = matches.reduce((sum, match) => sum + Number(match.groups.passed), 0);
  // mocha prints "N failing" after its failures' details: counted on its own, wherever it stands.
  const failingLines = [...result.output.matchAll(/^\s*(\d+) failing\s*$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  const failed = Math.max(
    failingLines,
    matches.reduce((sum, match) => sum + Number(match.groups.failed ?? 0), 0),
  );
  totals.passed += passed;
  totals.failed += failed;
  if (passed === 0) fail(label, 'no test ran');
  if (failed > 0 || result.code !== 0) fail(label, `${failed} failing, exit code ${result.code}`);
}

const npx = (bin) => path.join(root, 'node_modules', '.bin', bin);

if ((await run('typecheck', npx('tsc'), ['-p', '.'])).code !== 0) fail('typecheck');
if ((await run("typecheck (pure model and format, without Node's types)", npx('tsc'), ['-p', 'tsconfig.pure.json'])).code !== 0)
  fail('typecheck of the pure core');
if ((await run('lint', npx('eslint'), ['.'])).code !== 0) fail('lint');
if ((await run('format (Prettier; npm run format fixes it)', npx('prettier'), ['--check', '.'])).code !== 0) fail('format');
count('unit tests', await run('unit tests', npx('mocha'), []), /(?<passed>\d+) passing[\s\S]*?(?:(?<failed>\d+) failing)?\s*$/);
if ((await run('build', process.execPath, ['esbuild.js'])).code !== 0) fail('build');
if ((await run('test VS Code install', 'bash', ['scripts/test-vscode/install.sh'])).code !== 0) fail('test VS Code install');

const integration = await run('integration tests (in a real VS Code extension host)', process.execPath, ['scripts/test-integration.mjs']);
count('integration tests', integration, /integration \([^)]*\): (?<passed>\d+) passed, (?<failed>\d+) failed/);

count(
  'UI tests',
  await run('UI tests (Chromium driving the VS Code workbench)', process.execPath, ['--test', '--test-reporter=spec', 'test/e2e/']),
  /ℹ pass (?<passed>\d+)[\s\S]*?ℹ fail (?<failed>\d+)/,
);

summary();
