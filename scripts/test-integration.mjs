#!/usr/bin/env node
// The in-host integration suite in the test VS Code (code-server's Node extension host), on a
// fresh copy of the demo journal. Needs `tsc -p .`, `node esbuild.js` and the test VS Code
// (scripts/test-vscode/install.sh) first; `npm test` does all of that.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { integrationTestsPath, makeIntegrationWorkspace, repoRoot } from './integrationWorkspace.mjs';

const workspace = makeIntegrationWorkspace();
const result = spawnSync(process.execPath, [
  path.join(repoRoot, 'scripts', 'test-vscode', 'run-host-tests.mjs'),
  '--extension-development-path', repoRoot,
  '--extension-tests-path', integrationTestsPath,
  '--workspace', workspace,
  ...process.argv.slice(2),
], { stdio: 'inherit' });
fs.rmSync(workspace, { recursive: true, force: true });
process.exit(result.status ?? 1);
