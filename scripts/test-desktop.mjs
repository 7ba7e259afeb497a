#!/usr/bin/env node
// The same in-host integration suite in a desktop VS Code, through @vscode/test-electron: on a
// machine that can download VS Code, or with VSCODE_EXECUTABLE naming an installed one. (The
// machines this project's CI runs on cannot download it; `npm test` uses code-server instead.)
import fs from 'node:fs';
import { runTests } from '@vscode/test-electron';
import { integrationTestsPath, makeIntegrationWorkspace, repoRoot } from './integrationWorkspace.mjs';

const workspace = makeIntegrationWorkspace();
try {
  await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: integrationTestsPath,
    launchArgs: [workspace, '--disable-workspace-trust'],
    ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {}),
  });
} catch (error) {
  console.error(`Desktop integration tests failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
