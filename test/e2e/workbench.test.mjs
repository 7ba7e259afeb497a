// Smoke test of the UI harness itself: the real workbench opens on a copy of a folder and its
// Explorer lists that folder's file, with no request leaving the machine.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openWorkbench } from './support.mjs';

const fixture = fileURLToPath(new URL('fixtures/smoke', import.meta.url));

/** @type {import('./support.mjs').Workbench} */
let workbench;

before(async () => {
  workbench = await openWorkbench({ workspace: fixture });
});

after(async () => {
  await workbench?.close();
});

test('the workbench opens on a copy of the folder', (t) => {
  assert.notEqual(workbench.workspace, fixture);
  assert.ok(fs.existsSync(path.join(workbench.workspace, 'smoke-notes.md')));
  t.diagnostic(`timings ${JSON.stringify(workbench.timings)}; run folder ${workbench.runDir}`);
});

test('the Explorer lists a file of the workspace', async (t) => {
  await workbench.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'smoke-notes.md' }).waitFor();
  t.diagnostic(`screenshot ${await workbench.screenshot('explorer')}`);
});

test('no browser request left 127.0.0.1', () => {
  assert.deepEqual(workbench.offLoopback, []);
});
