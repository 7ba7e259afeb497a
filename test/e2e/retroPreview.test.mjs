// Export Retro as a person uses it: from the palette, "All bugs", and the markdown preview beside
// the editor draws the retro's Mermaid chart of where the time went (xychart-beta bars: one per
// bug, split by level, the time past a timebox in red; the code-server build ships VS Code's
// Mermaid preview support). The screenshot shows the summary and the chart. The same for generated
// journals of 30 and 300 bugs (bench/generate.ts): past 20 rows the smallest bugs share one row.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadGenerator } from '../../bench/host/prepare.mjs';
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

/**
 * No two axis labels overlap, on either axis (horizontal bars: the bugs on the left, the minutes
 * on top), and the bug labels are not cut off at the chart's left edge.
 * @param {import('playwright-core').Locator} chart
 */
async function assertLabelsReadable(chart) {
  const labels = chart.locator('g.left-axis g.label text');
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
  // The value ticks on top have a gap between them (not just no overlap: digits touching read as
  // one number, "100120140"), and the last is not cut at the chart's right edge.
  const ticks = (await chart.locator('g.top-axis g.label text').evaluateAll((texts) => texts.map((text) => text.getBoundingClientRect().toJSON()))).sort(
    (a, b) => a.left - b.left,
  );
  for (let i = 1; i < ticks.length; i++)
    assert.ok(ticks[i].left - ticks[i - 1].right >= 3, `ticks ${i - 1} and ${i} are ${ticks[i].left - ticks[i - 1].right} px apart`);
  assert.ok(ticks.at(-1).right <= chartBox.right + 1, `the last tick ends inside the chart (${ticks.at(-1).right} vs ${chartBox.right})`);
}

/**
 * No toast over the picture, and the palette that cleared them gone (it fades out).
 * @param {import('./support.mjs').Workbench} bench
 */
async function clearNotifications(bench) {
  await bench.runCommand('Notifications: Clear All Notifications');
  await bench.page.locator('.notification-toast').first().waitFor({ state: 'detached' });
  await bench.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await bench.page.waitForTimeout(500);
}

/**
 * Export Retro of every bug from the palette; the preview's chart once drawn, scrolled to the summary.
 * @param {import('./support.mjs').Workbench} bench
 * @param {{ generated?: boolean }} [options]
 */
async function exportRetroChart(bench, { generated = false } = {}) {
  const { page } = bench;
  // Once the journal shows, the extension is active and its commands are in the palette. (A
  // generated journal's first group has more rows than the view shows: the others are not drawn.)
  await openBugLevelsView(page, generated ? ['Level 1 · Random walk'] : undefined);
  await bench.runCommand('Bug Levels: Export Retro');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'every bug, all time worked' }).click();
  await page.locator('.tab', { hasText: 'Preview' }).first().waitFor();
  const frame = await chartFrame(page);
  // The summary and the chart under it, taken before the checks so a failing check still leaves a picture to look at.
  await frame.evaluate(() => {
    const heading = [...document.querySelectorAll('h2')].find((h) => h.textContent?.includes('Summary'));
    heading?.scrollIntoView({ block: 'start' });
  });
  return { frame, chart: frame.locator('svg[aria-roledescription="xychart"]') };
}

test('Export Retro from the palette opens the retro beside a preview that draws the chart of where the time went', async (t) => {
  const { chart } = await exportRetroChart(workbench);
  await clearNotifications(workbench);
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
  await assertLabelsReadable(chart);
  // The README shows this picture; refresh it on purpose, never as a side effect of CI (and only once the checks pass).
  if (process.env.BUG_LEVELS_UPDATE_SCREENSHOTS === '1') fs.copyFileSync(shot, path.join(repoRoot, 'docs', 'screenshot-retro-preview.png'));
});

for (const count of [30, 300])
  test(`a generated journal of ${count} bugs: the chart is drawn, ${count > 20 ? '19 bugs and one row of the others' : 'a row per bug'}, no label over another`, async (t) => {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bug-levels-retro-'));
    /** @type {import('./support.mjs').Workbench | undefined} */
    let bench;
    try {
      const folder = path.join(workDir, 'workspace');
      const generator = await loadGenerator(workDir);
      generator.writeJournal(path.join(folder, '.bug-levels'), count, 'meta');
      bench = await openWorkbench({ workspace: folder });
      const { chart } = await exportRetroChart(bench, { generated: true });
      // The chart, not the summary, and no notification over it.
      await clearNotifications(bench);
      await chart.evaluate((svg) => svg.scrollIntoView({ block: 'start' }));
      const shot = await bench.screenshot(`retro-preview-${count}`);
      t.diagnostic(`screenshot ${shot}`);
      const labels = (await chart.locator('g.left-axis g.label text').allTextContents()).map((s) => s.trim());
      assert.equal(labels.length, 20, labels.join(' | '));
      assert.equal(labels.at(-1), `${count - 19} others (avg.)`);
      assert.equal(await chart.locator('g.plot rect').count(), 4 * 20, 'four stacked series of twenty bars');
      await assertLabelsReadable(chart);
    } finally {
      await bench?.close();
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  });
