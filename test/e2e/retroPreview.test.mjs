// Export Retro as a person uses it: from the palette, "All bugs", and the markdown preview beside
// the editor draws the retro's Mermaid gantt chart of work sessions (the code-server build ships
// VS Code's Mermaid preview support). The screenshot shows the chart.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openBugLevelsView, openWorkbench, repoRoot } from './support.mjs';

/** @type {import('./support.mjs').Workbench} */
let workbench;

before(async () => {
  workbench = await openWorkbench({ workspace: path.join(repoRoot, 'demo') });
});

after(async () => {
  await workbench?.close();
});

/**
 * The preview is a webview: frames inside frames. Polls every frame for the chart's SVG.
 * @param {import('playwright-core').Page} page
 */
async function ganttFrame(page) {
  for (let tries = 0; tries < 60; tries++) {
    for (const frame of page.frames()) {
      if (
        await frame
          .locator('svg[aria-roledescription="gantt"]')
          .count()
          .catch(() => 0)
      )
        return frame;
    }
    await page.waitForTimeout(500);
  }
  throw new Error('no frame shows a gantt chart');
}

test('Export Retro from the palette opens the retro beside a preview that draws the gantt chart of work sessions', async (t) => {
  const { page } = workbench;
  // Once the journal shows, the extension is active and its commands are in the palette.
  await openBugLevelsView(page);
  await workbench.runCommand('Bug Levels: Export Retro');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'every bug, all time worked' }).click();
  await page.locator('.tab', { hasText: 'Preview' }).first().waitFor();
  const frame = await ganttFrame(page);
  const sections = await frame.locator('svg[aria-roledescription="gantt"] text.sectionTitle').allTextContents();
  assert.deepEqual(
    sections.map((s) => s.trim()),
    ['502 on first interview after in…', 'First interview hangs 30 s whil…', 'Postgres errors flood docassemb…', 'Server image pins uwsgi below 2…'],
  );
  assert.equal(await frame.locator('svg[aria-roledescription="gantt"] rect.task').count(), 8, 'one bar per session');
  await frame.locator('svg[aria-roledescription="gantt"]').scrollIntoViewIfNeeded();
  const shot = await workbench.screenshot('retro-preview');
  t.diagnostic(`screenshot ${shot}`);
  // The README shows this picture; refresh it on purpose, never as a side effect of CI.
  if (process.env.BUG_LEVELS_UPDATE_SCREENSHOTS === '1') fs.copyFileSync(shot, path.join(repoRoot, 'docs', 'screenshot-retro-preview.png'));
});
