// The runtime texts in German (vscode.l10n.t and l10n/bundle.l10n.de.json), as a person whose
// VS Code runs in German sees them. The workbench starts with the display language "de" and a
// stub language pack (scripts/test-vscode/codeServer.mjs: VS Code's own texts stay English), so
// what turns German here is the extension's own doing. Level names and the scheduler's reason
// come from the core, which stays English.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openBugLevelsView, openWorkbench, repoRoot, sidebarRow, SPACY_BUG } from './support.mjs';

const TITLE = 'Worker stirbt nach pip install';

/** @type {import('./support.mjs').Workbench} */
let workbench;

before(async () => {
  workbench = await openWorkbench({ workspace: path.join(repoRoot, 'demo'), locale: 'de' });
});

after(async () => {
  await workbench?.close();
});

test('the workbench runs with German as its display language', async () => {
  const language = await workbench.page.evaluate(() => /** @type {{ _VSCODE_NLS_LANGUAGE?: string }} */ (globalThis)._VSCODE_NLS_LANGUAGE);
  assert.equal(language, 'de', 'code-server did not take up the stub German language pack');
});

test('the status bar says, in German, that no bug is active', async () => {
  const { page } = workbench;
  await page.locator('.part.statusbar .statusbar-item', { hasText: 'Kein aktiver Bug' }).waitFor();
  assert.equal(await page.locator('.part.statusbar', { hasText: 'No active bug' }).count(), 0);
});

test('the tree shows its groups, times left and verdicts in German', async () => {
  const { page } = workbench;
  await openBugLevelsView(page);
  await sidebarRow(page, 'Zurückgestellt').waitFor();
  const spacy = sidebarRow(page, SPACY_BUG.title, 'Stufe 1');
  await spacy.waitFor();
  // The row starts with the timebox left (or over), in German, then the title.
  assert.match(await spacy.innerText(), /^(noch [\dh ]+ min|[\dh ]+ min überzogen) · First interview hangs/);
  await sidebarRow(page, '502 on first interview after installing FormFyxer', 'Stufe 2').click();
  await page.keyboard.press('ArrowRight');
  await sidebarRow(page, 'preload files load once, at server restart', 'falsche Annahme').waitFor();
  assert.equal(await sidebarRow(page, 'wrong assumption').count(), 0);
  await workbench.screenshot('german-tree');
});

test('"Bug Levels: Neuer Bug" asks in German and shows the new active bug in the status bar in German', async () => {
  const { page } = workbench;
  await workbench.runCommand('Bug Levels: Neuer Bug');
  await page.locator('.quick-input-widget', { hasText: 'Was ist falsch, in einer Zeile?' }).waitFor();
  await page.locator('.quick-input-widget input').fill(TITLE);
  await page.locator('.quick-input-widget input').press('Enter');
  const item = page.locator('.part.statusbar .statusbar-item', { hasText: TITLE }).first();
  await item.waitFor();
  assert.match(await item.innerText(), new RegExp(`L1 · ${TITLE} · noch \\d+ min`));
});

test('"Bug Levels: Nächster Bug (in der Breite)" names the pick in a German notification', async () => {
  const { page } = workbench;
  await workbench.runCommand('Bug Levels: Nächster Bug (in der Breite)');
  const toast = page.locator('.notification-toast', { hasText: /^Als Nächstes: „.+“\./ }).first();
  await toast.waitFor();
  await workbench.screenshot('german-next-bug');
  await page
    .locator('.part.statusbar .statusbar-item', { hasText: /L\d · .+ · (noch [\dh ]+ min|[\dh ]+ min überzogen)/ })
    .filter({ hasNotText: TITLE })
    .first()
    .waitFor();
});

test('no browser request left 127.0.0.1', () => {
  assert.deepEqual(workbench.offLoopback, []);
});

test('the browser build, in the web worker extension host, is German too', async () => {
  // The web worker host reads the bundle over HTTP rather than from disk: a second workbench.
  const web = await openWorkbench({
    workspace: path.join(repoRoot, 'demo'),
    locale: 'de',
    settings: { 'remote.extensionKind': { 'bug-levels.bug-levels': ['web'] } },
  });
  try {
    const { page } = web;
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'Kein aktiver Bug' }).waitFor();
    await web.runCommand('Output: Show Output Channels...');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Bug Levels' }).first().click();
    await page.locator('.part.panel').filter({ hasText: 'activated in the web worker extension host' }).waitFor({ timeout: 15_000 });
    assert.deepEqual(web.offLoopback, []);
  } finally {
    await web.close();
  }
});
