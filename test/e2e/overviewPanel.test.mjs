// The overview panel as a person uses it (issue 20): "Bug Levels: Show Overview" from the palette
// and from the tree's title bar opens a webview of the open bugs in one lane per level, the
// scheduler's pick highlighted; a click (or Enter) on a bug selects it in the tree. A bug whose
// title is hostile HTML shows as text and runs nothing. Screenshots in light, dark and
// high-contrast themes; in each, the page's text keeps a readable contrast against its background.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { openBugLevelsView, openWorkbench, overviewFrame, repoRoot, sidebarRow, SPACY_BUG } from './support.mjs';

const BUGS = {
  spacy: SPACY_BUG.title,
  f502: '502 on first interview after installing FormFyxer',
  uwsgi: 'Server image pins uwsgi below 2.0.20 (sys.executable fix)',
  parked: 'Postgres errors flood docassemble.log',
};

const HOSTILE = `<img src=x onerror=alert(1)><script>alert(2)</script><style>body{display:none}</style>`;

/** @type {import('./support.mjs').Workbench | undefined} */
let workbench;

after(async () => {
  await workbench?.close();
});

/**
 * A workbench on a fresh copy of the demo journal in the given colour theme, the journal shown.
 * @param {string} theme
 */
async function openInTheme(theme) {
  await workbench?.close();
  workbench = await openWorkbench({ workspace: path.join(repoRoot, 'demo'), settings: { 'workbench.colorTheme': theme } });
  await openBugLevelsView(workbench.page);
  return workbench;
}

/**
 * WCAG contrast of the page's text (body and a card's facts) against its background, as drawn.
 * @param {import('playwright-core').Frame} frame
 */
async function contrasts(frame) {
  return frame.evaluate(() => {
    const rgb = (/** @type {string} */ color) => (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const luminance = (/** @type {number[]} */ [r, g, b]) => {
      const lin = (/** @type {number} */ c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const ratio = (/** @type {string} */ a, /** @type {string} */ b) => {
      const [x, y] = [luminance(rgb(a)), luminance(rgb(b))].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    };
    const body = window.getComputedStyle(document.body);
    const card = document.querySelector('.card');
    const facts = document.querySelector('.card .facts');
    return {
      background: body.backgroundColor,
      body: ratio(body.color, body.backgroundColor),
      card: card ? ratio(window.getComputedStyle(card).color, window.getComputedStyle(card).backgroundColor) : 0,
      facts: card && facts ? ratio(window.getComputedStyle(facts).color, window.getComputedStyle(card).backgroundColor) : 0,
    };
  });
}

test('from the palette: the open demo bugs in their levels, the pick highlighted; a click and Enter select the bug in the tree (light theme)', async (t) => {
  const { page } = await openInTheme('Light Modern');
  await page.locator('.monaco-workbench.vs').waitFor();
  await workbench.runCommand('Bug Levels: Show Overview');
  const frame = await overviewFrame(page);
  const lane = (/** @type {number} */ level) => frame.locator(`section.lane[aria-labelledby="lane-${level}"]`);
  await lane(1).locator('.card', { hasText: BUGS.spacy }).waitFor();
  const shot = await workbench.screenshot('overview-light');
  t.diagnostic(`screenshot ${shot}`);
  assert.deepEqual(await lane(1).locator('.card .title').allInnerTexts(), [`Next ${BUGS.spacy}`]);
  assert.deepEqual(await lane(2).locator('.card .title').allInnerTexts(), [BUGS.f502]);
  assert.deepEqual(await lane(3).locator('.card .title').allInnerTexts(), [BUGS.uwsgi]);
  assert.equal(await frame.locator('.card', { hasText: BUGS.parked }).count(), 0, 'a parked bug is not open');
  // The pick: one card, marked for the eye (badge, border) and for a screen reader (aria-current).
  const picked = frame.locator('.card.picked');
  assert.equal(await picked.count(), 1);
  assert.match(await picked.innerText(), /First interview hangs/);
  assert.equal(await picked.getAttribute('aria-current'), 'true');
  assert.match(await frame.locator('.pick-reason').innerText(), /^Next: .*level 1/);
  assert.match(await lane(2).locator('.card').innerText(), /1 wrong assumption/);
  assert.match(await lane(1).locator('.card .facts').innerText(), /^\d+ min of 30 min/);
  // A click selects the bug in the tree.
  await lane(2).locator('.card').click();
  await sidebarRow(page, BUGS.f502).and(page.locator('.monaco-list-row[aria-selected="true"]')).waitFor();
  // The keyboard: a card takes the focus (Tab order: buttons), Enter selects its bug.
  await (await overviewFrame(page)).locator('.card', { hasText: BUGS.uwsgi }).focus();
  await page.keyboard.press('Enter');
  await sidebarRow(page, BUGS.uwsgi).and(page.locator('.monaco-list-row[aria-selected="true"]')).waitFor();
  // A hand edit on disk (a git pull) redraws the page with the new title; the focused card keeps the focus.
  const file = path.join(workbench.workspace, '.bug-levels', 'uwsgi-pinned-below-2-0-20-Qw8Zr5Tn1m.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^title: .*$/m, `title: ${BUGS.uwsgi} (edited by hand)`));
  let frame2 = await overviewFrame(page);
  for (let tries = 0; tries < 40 && !(await frame2.locator('.card', { hasText: '(edited by hand)' }).count()); tries++) {
    await page.waitForTimeout(250);
    frame2 = await overviewFrame(page);
  }
  assert.equal(await frame2.evaluate(() => document.activeElement?.getAttribute('data-id')), 'Qw8Zr5Tn1m', 'the focus is on the edited card');
  const readable = await contrasts(frame2);
  t.diagnostic(`light: ${JSON.stringify(readable)}`);
  const [r, g, b] = (readable.background.match(/[\d.]+/g) ?? []).map(Number);
  assert.ok(r + g + b > 3 * 200, `a light background (${readable.background})`);
  assert.ok(readable.body >= 4.5 && readable.card >= 4.5 && readable.facts >= 4.5, JSON.stringify(readable));
  if (process.env.BUG_LEVELS_UPDATE_SCREENSHOTS === '1') fs.copyFileSync(shot, path.join(repoRoot, 'docs', 'screenshot-overview-light.png'));
});

test("from the tree's title bar, and live: a new bug with a hostile title shows as text, runs no script, opens no dialog", async () => {
  assert.ok(workbench);
  const { page } = workbench;
  /** @type {string[]} */
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await workbench.runCommand('View: Close All Editors');
  await page.locator('.tab', { hasText: 'Bug Levels Overview' }).waitFor({ state: 'detached' });
  await page.locator('.part.sidebar .title-actions .action-label[aria-label^="Show Overview"]').click();
  let frame = await overviewFrame(page);
  await frame.locator('.card.picked', { hasText: BUGS.spacy }).waitFor();
  // A new bug, made from the palette while the overview is open: it appears without a reload.
  await workbench.runCommand('Bug Levels: New Bug');
  const input = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-widget', { hasText: 'New Bug' }).waitFor();
  await input.fill(HOSTILE);
  await input.press('Enter');
  for (let tries = 0; tries < 40; tries++) {
    frame = await overviewFrame(page);
    if (await frame.locator('.card', { hasText: '<script>alert(2)</script>' }).count()) break;
    await page.waitForTimeout(250);
  }
  const card = frame.locator('.card', { hasText: '<script>alert(2)</script>' });
  assert.equal(await card.locator('.title').innerText(), HOSTILE, 'the title is shown as the text it is');
  const shown = await frame.evaluate(() => ({
    scripts: [...document.scripts].map((script) => ({ nonce: script.nonce, id: script.id, src: script.src, text: (script.textContent ?? '').slice(0, 80) })),
    styles: [...document.querySelectorAll('style')].map((style) => ({ nonce: style.nonce, id: style.id, text: (style.textContent ?? '').slice(0, 80) })),
    images: document.images.length,
    display: window.getComputedStyle(document.body).display,
  }));
  // VS Code adds its own two (the acquireVsCodeApi script and the default styles, by id); the page has one of each, by nonce.
  const ours = (/** @type {{id: string}[]} */ elements, /** @type {string} */ vscodeId) => elements.filter((element) => element.id !== vscodeId);
  const scripts = ours(shown.scripts, '_vscodeApiScript');
  const styles = ours(shown.styles, '_defaultStyles');
  assert.equal(scripts.length, 1, JSON.stringify(shown.scripts));
  assert.equal(styles.length, 1, JSON.stringify(shown.styles));
  assert.match(scripts[0]?.nonce ?? '', /^[0-9a-f]{32}$/);
  assert.equal(styles[0]?.nonce, scripts[0]?.nonce);
  assert.ok(!scripts[0]?.text.includes('alert'));
  assert.equal(shown.images, 0, 'no image from the title');
  assert.equal(shown.display, 'block', "the title's style did not apply");
  await page.waitForTimeout(500);
  assert.deepEqual(dialogs, [], 'no alert ran');
});

for (const [theme, uiClass, name] of [
  ['Dark Modern', 'vs-dark', 'dark'],
  ['Default High Contrast', 'hc-black', 'high-contrast'],
]) {
  test(`readable in the ${name} theme: the page takes the theme's colours`, async (t) => {
    const { page } = await openInTheme(theme);
    await page.locator(`.monaco-workbench.${uiClass}`).waitFor();
    await workbench.runCommand('Bug Levels: Show Overview');
    const frame = await overviewFrame(page);
    await frame.locator('.card.picked', { hasText: BUGS.spacy }).waitFor();
    const shot = await workbench.screenshot(`overview-${name}`);
    t.diagnostic(`screenshot ${shot}`);
    const readable = await contrasts(frame);
    t.diagnostic(`${name}: ${JSON.stringify(readable)}`);
    const [r, g, b] = (readable.background.match(/[\d.]+/g) ?? []).map(Number);
    assert.ok(r + g + b < 3 * 80, `a dark background (${readable.background})`);
    assert.ok(readable.body >= 4.5 && readable.card >= 4.5 && readable.facts >= 4.5, JSON.stringify(readable));
    if (process.env.BUG_LEVELS_UPDATE_SCREENSHOTS === '1' && name === 'dark')
      fs.copyFileSync(shot, path.join(repoRoot, 'docs', 'screenshot-overview-dark.png'));
  });
}
