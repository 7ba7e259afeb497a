#!/usr/bin/env node
// The in-host integration suite in the test VS Code (code-server's Node extension host): once on
// a fresh copy of the demo journal, once on a multi-root workspace of two journals. Needs `tsc -p .`, `node esbuild.js` and the test VS Code
// (scripts/test-vscode/install.sh) first; `npm test` does all of that.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { integrationTestsPath, makeIntegrationWorkspace, makeMultiRootWorkspace, repoRoot } from './integrationWorkspace.mjs';

/** One run of the suite in a fresh code-server; resolves to its exit status. */
function runSuite(suite, workspace) {
  const result = spawnSync(
    process.execPath,
    [
      path.join(repoRoot, 'scripts', 'test-vscode', 'run-host-tests.mjs'),
      '--extension-development-path',
      repoRoot,
      '--extension-tests-path',
      integrationTestsPath,
      '--workspace',
      workspace,
      '--env',
      `BUG_LEVELS_SUITE=${suite}`,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  return result.status ?? 1;
}

const single = makeIntegrationWorkspace();
const singleStatus = runSuite('single-folder', single);
fs.rmSync(single, { recursive: true, force: true });
const multiRootFile = makeMultiRootWorkspace();
const multiRootStatus = runSuite('multi-root', multiRootFile);
fs.rmSync(path.dirname(multiRootFile), { recursive: true, force: true });
process.exit(singleStatus === 0 && multiRootStatus === 0 ? 0 : 1);
