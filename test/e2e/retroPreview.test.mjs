// Export Retro as a person uses it: from the palette, "All bugs", and the markdown preview beside
// the editor draws the retro's Mermaid chart of where the time went (xychart-beta bars: one per
// bug, split by level, the time past a timebox in red; the code-server build ships VS Code's
// Mermaid preview support). The screenshot shows the summary and the chart.
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
async function chartFrame(page) {
  for (let tries = 0; tries < 60; tries++) {
    for (const frame of page.frames()) {
      if (
        await frame
          .locator('svg[aria-roledescription="xychart"]')
          .count()
          .catch(() => 0)
      )
        return frame;
    }
    await page.waitForTimeout(500);
  }
  throw new Error('no frame shows the xychart');
}

test('Export Retro from the palette opens the retro beside a preview that draws the chart of where the time went', async (t) => {
  const { page } = workbench;
  // Once the journal shows, the extension is active and its commands are in the palette.
  await openBugLevelsView(page);
  await workbench.runCommand('Bug Levels: Export Retro');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'every bug, all time worked' }).click();
  await page.locator('.tab', { hasText: 'Preview' }).first().waitFor();
  const frame = await chartFrame(page);
  const chart = frame.locator('svg[aria-roledescription="xychart"]');
  // The summary and the chart under it, taken before the checks so a failing check still leaves a picture to look at.
  await frame.evaluate(() => {
    const heading = [...document.querySelectorAll('h2')].find((h) => h.textContent?.includes('Summary'));
    heading?.scrollIntoView({ block: 'start' });
  });
  const shot = await workbench.screenshot('retro-preview');
  t.diagnostic(`screenshot ${shot}`);
  // One bar per bug, most time worked first (labels cut to 30 characters and about 150 px: chart.ts LABEL_EMS).
  const labels = chart.locator('g.left-axis g.label text');
  assert.deepEqual(
    (await labels.allTextContents()).map((s) => s.trim()),
    ['502 on first intervie…', 'Server image pins u…', 'First interview hang…', 'Postgres errors floo…'],
  );
  // Four series (total with the time past the box, then in the box to level 3, 2, 1), one rect per bug each.
  assert.equal(await chart.locator('g.plot rect').count(), 16, 'four stacked series of four bars');
  // No two axis labels overlap, on either axis (horizontal bars: the bugs on the left, the minutes on top).
  for (const axis of ['left-axis', 'top-axis']) {
    const boxes = await chart.locator(`g.${axis} g.label text`).evaluateAll((texts) => texts.map((text) => text.getBoundingClientRect().toJSON()));
    assert.ok(boxes.length > 1, axis);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
        assert.ok(!overlap, `${axis} labels ${i} and ${j} overlap: ${JSON.stringify([a, b])}`);
      }
  }
  // The labels are not cut off at the chart's left edge.
  const chartBox = await chart.evaluate((svg) => svg.getBoundingClientRect().toJSON());
  const leftMost = Math.min(...(await labels.evaluateAll((texts) => texts.map((text) => text.getBoundingClientRect().left))));
  assert.ok(leftMost >= chartBox.left - 1, `labels start inside the chart (${leftMost} vs ${chartBox.left})`);
  // The README shows this picture; refresh it on purpose, never as a side effect of CI (and only once the checks pass).
  if (process.env.BUG_LEVELS_UPDATE_SCREENSHOTS === '1') fs.copyFileSync(shot, path.join(repoRoot, 'docs', 'screenshot-retro-preview.png'));
});
