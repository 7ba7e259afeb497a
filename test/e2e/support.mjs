// Helpers for the UI tests (test/e2e/*.test.mjs, run with `node --test test/e2e/`): a real VS
// Code workbench (code-server) with this repository loaded as an extension, opened in Debian's
// Chromium on a fresh copy of a folder, so a test may change its workspace freely.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startCodeServer } from '../../scripts/test-vscode/codeServer.mjs';
import { launchBrowser, workbenchUrl } from '../../scripts/test-vscode/browser.mjs';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * @typedef {object} Workbench
 * @property {import('playwright-core').Page} page
 * @property {string} workspace  the copy the workbench has open (inside runDir)
 * @property {string} runDir     this run's folder: code-server's log, screenshots
 * @property {string[]} offLoopback  requests that left 127.0.0.1 (there should be none)
 * @property {{serverMs: number, browserMs: number, workbenchMs: number}} timings
 * @property {(title: string) => Promise<void>} runCommand  runs a command from the palette
 * @property {(name: string) => Promise<string>} screenshot  saves runDir/NAME.png, returns its path
 * @property {() => Promise<void>} close  stops browser and server; safe to call twice
 */

/**
 * Starts everything and waits until the workbench shows. Call close() in an after() hook; when
 * opening fails, what was started is stopped before the error is thrown.
 * @param {object} options
 * @param {string} options.workspace  folder to copy and open
 * @param {string} [options.extension]  extension folder to load (default: this repository)
 * @param {string} [options.vsix]  a packaged .vsix to install instead of loading a folder
 * @param {Record<string, unknown>} [options.settings]  extra user settings
 * @param {string} [options.locale]  display language, e.g. "de" (VS Code's own texts stay English)
 * @returns {Promise<Workbench>}
 */
export async function openWorkbench({ workspace, extension = repoRoot, vsix, settings = {}, locale }) {
  const server = await startCodeServer({ prefix: 'ui', ...(vsix ? { vsixes: [vsix] } : { extensions: [extension] }), settings, ...(locale ? { locale } : {}) });
  /** @type {import('../../scripts/test-vscode/browser.mjs').Browser | undefined} */
  let browser;
  const close = async () => {
    await browser?.close();
    await server.stop();
  };
  try {
    const copy = path.join(server.runDir, 'workspace');
    fs.cpSync(workspace, copy, { recursive: true });
    let mark = Date.now();
    browser = await launchBrowser(server.runDir);
    const browserMs = Date.now() - mark;
    const { page } = browser;
    // The first start of the workbench takes 3 to 10 s on a small machine; leave room.
    page.setDefaultTimeout(30_000);
    mark = Date.now();
    await page.goto(workbenchUrl(server, copy));
    await page.locator('.monaco-workbench').waitFor();
    await page.locator('.activitybar').waitFor();
    const workbenchMs = Date.now() - mark;
    return {
      page,
      workspace: copy,
      runDir: server.runDir,
      offLoopback: browser.offLoopback,
      timings: { serverMs: server.startMs, browserMs, workbenchMs },
      runCommand: (title) => runCommand(page, title),
      screenshot: async (name) => {
        const file = path.join(server.runDir, `${name}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * F1, then the command's title as shown in the palette ("Category: Title"). Waits until its row
 * has the focus so Enter does not hit a half-filtered list. Returns once Enter is pressed: the command may
 * open the next input in the same widget, so the caller waits for whatever the command does.
 * @param {import('playwright-core').Page} page
 * @param {string} title
 */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill(`>${title}`);
  // The focused row, not any row: right after fill the list may still show the unfiltered
  // commands (recently used first), and Enter runs whichever row has the focus.
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).waitFor();
  await input.press('Enter');
}

/**
 * In the quick pick on screen: types `filter`, waits until the row with `rowText` has the focus
 * (the list filters after the text arrives; Enter runs the focused row), then presses Enter.
 * @param {import('playwright-core').Page} page
 * @param {string} filter
 * @param {string} rowText
 */
export async function chooseInQuickPick(page, filter, rowText) {
  const input = page.locator('.quick-input-widget input');
  await input.fill(filter);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: rowText }).waitFor();
  await input.press('Enter');
}

/**
 * Clicks the Bug Levels icon in the activity bar and waits for the three level groups (or the
 * groups named: in a large journal, rows below the view's height are not drawn).
 * @param {import('playwright-core').Page} page
 * @param {string[]} [groups]
 */
export async function openBugLevelsView(page, groups = ['Level 1 · Random walk', 'Level 2 · Understanding', 'Level 3 · Root fix']) {
  // The demo workspace shows the view by itself (bugLevels.showJournalOnOpen), possibly only
  // after this has clicked; clicking the icon of the view already shown would hide it. So the
  // icon is clicked only while its container is not the one shown, and that is checked again.
  const title = page.locator('.part.sidebar .title-label', { hasText: 'Bug Levels' });
  const icon = page.locator('.activitybar .action-item a[aria-label^="Bug Levels"]');
  await title.waitFor({ timeout: 5000 }).catch(() => undefined);
  for (let tries = 0; tries < 6 && !(await title.isVisible()); tries++) {
    const shown = await icon.evaluate((link) => link.closest('.action-item')?.classList.contains('checked') || link.getAttribute('aria-expanded') === 'true');
    if (!shown) await icon.click();
    await title.waitFor({ timeout: 5000 }).catch(() => undefined);
  }
  await title.waitFor();
  for (const group of groups) {
    await sidebarRow(page, group).waitFor();
  }
}

/**
 * A row of the side bar whose text contains all of `texts`.
 * @param {import('playwright-core').Page} page
 * @param {...string} texts
 */
export function sidebarRow(page, ...texts) {
  const rows = page.locator('.part.sidebar .monaco-list-row');
  let row = rows;
  // A bug row shows a shortened title; its aria-label (what a screen reader says) has all of it.
  for (const text of texts)
    row = row.and(rows.filter({ hasText: text }).or(page.locator(`.part.sidebar .monaco-list-row[aria-label*=${JSON.stringify(text)}]`)));
  return row.first();
}

/**
 * "Bug Levels: Promote to Level 2" from the palette: picks the bug by typing `filter`, answers
 * the reason, and waits until the tree shows the bug at level 2.
 * @param {Workbench} workbench
 * @param {{ title: string, filter: string, reason: string }} bug
 */
export async function promoteFromPalette(workbench, { title, filter, reason }) {
  const { page } = workbench;
  await workbench.runCommand('Bug Levels: Promote to Level 2');
  const input = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-widget', { hasText: 'Promote to Level 2' }).waitFor();
  await chooseInQuickPick(page, filter, title);
  await page.locator('.quick-input-widget', { hasText: 'What do you understand now?' }).waitFor();
  await input.fill(reason);
  await input.press('Enter');
  await sidebarRow(page, title, 'level 2').waitFor();
}

/** The demo bug the UI tests promote, and where its file is. */
export const SPACY_BUG = {
  title: 'First interview hangs ~30 s while the spaCy model downloads',
  filter: 'spaCy',
  file: path.join('.bug-levels', 'first-run-hangs-spacy-download-k3Jd9QpL2x.yaml'),
};

/**
 * The frame of the Bug Levels overview (a webview: frames inside frames), polled until it shows.
 * Call again after the journal changes: the page is redrawn in a new frame.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<import('playwright-core').Frame>}
 */
export async function overviewFrame(page) {
  for (let tries = 0; tries < 60; tries++) {
    for (const frame of page.frames()) {
      if (
        await frame
          .locator('body > div.lanes')
          .count()
          .catch(() => 0)
      )
        return frame;
    }
    await page.waitForTimeout(500);
  }
  throw new Error('no frame shows the Bug Levels overview');
}

/**
 * The bug in `file` (workspace-relative) as it is on disk now: its file folded with the addition
 * files beside it (issue 17), read by the built core (dist/parseWorker.js, which `node esbuild.js`
 * makes), independently of the extension's memory.
 * @param {string} workspace
 * @param {string} file
 */
export function bugOnDisk(workspace, file) {
  const core = createRequire(import.meta.url)(path.join(repoRoot, 'dist', 'parseWorker.js'));
  const header = path.join(workspace, file);
  const parsed = core.parseBugBytes(fs.readFileSync(header), file);
  if (!parsed.ok) throw new Error(`${file} does not parse: ${JSON.stringify(parsed.problems)}`);
  const folder = header.replace(/\.yaml$/, '');
  const additions = fs.existsSync(folder)
    ? fs
        .readdirSync(folder)
        .filter((name) => name.endsWith('.yaml'))
        .map((name) => {
          const addition = core.parseAdditionBytes(fs.readFileSync(path.join(folder, name)), name);
          if (!addition.ok) throw new Error(`${name} does not parse: ${JSON.stringify(addition.problems)}`);
          return { file: name, addition: addition.addition };
        })
    : [];
  return core.foldAdditions(parsed.bug, additions).bug;
}
