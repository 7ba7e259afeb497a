// The browser build (package.json "browser", dist/web/extension.js) in the web worker extension
// host of the test VS Code, as in vscode.dev: the user setting remote.extensionKind makes the
// workbench run it there instead of in the server's Node.js host.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { bugOnDisk, openBugLevelsView, openWorkbench, overviewFrame, promoteFromPalette, repoRoot, sidebarRow, SPACY_BUG } from './support.mjs';

/** @type {import('./support.mjs').Workbench} */
let workbench;

before(async () => {
  workbench = await openWorkbench({
    workspace: path.join(repoRoot, 'demo'),
    settings: { 'remote.extensionKind': { 'bug-levels.bug-levels': ['web'] } },
  });
});

after(async () => {
  await workbench?.close();
});

test('the tree shows the demo bugs, from the extension running in the web worker extension host', async () => {
  const { page } = workbench;
  await openBugLevelsView(page);
  await sidebarRow(page, SPACY_BUG.title, 'level 1').waitFor();
  await workbench.runCommand('Output: Show Output Channels...');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Bug Levels' }).first().click();
  const panel = page.locator('.part.panel');
  try {
    await panel.filter({ hasText: 'activated in the web worker extension host' }).waitFor({ timeout: 15_000 });
  } finally {
    await workbench.screenshot('web-output');
  }
});

test('Promote to Level 2 from the palette changes the file on disk', async () => {
  await promoteFromPalette(workbench, { ...SPACY_BUG, reason: 'promoted from the web worker host' });
  const onDisk = bugOnDisk(workbench.workspace, SPACY_BUG.file);
  assert.equal(onDisk.level, 2);
  assert.equal(onDisk.levels.at(-1).reason, 'promoted from the web worker host');
});

test('Show Overview works in the browser build: the promoted bug in the level 2 lane, a click selects it in the tree', async () => {
  const { page } = workbench;
  await workbench.runCommand('Bug Levels: Show Overview');
  const frame = await overviewFrame(page);
  const card = frame.locator('section.lane[aria-labelledby="lane-2"] .card', { hasText: SPACY_BUG.title });
  await card.waitFor();
  await workbench.screenshot('web-overview');
  await card.click();
  await sidebarRow(page, SPACY_BUG.title).and(page.locator('.monaco-list-row[aria-selected="true"]')).waitFor();
});
