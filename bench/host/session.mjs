// One open of a workspace in the test VS Code, measured: a fresh code-server (the user data of an
// earlier session when given: the second open) and a fresh Chromium, the Bug Levels icon clicked
// as soon as the activity bar shows it (as a user would, the window opening on another view), the
// time to the first bug row (or, on an empty journal, to the view's welcome text), then what the
// probe extension reports from inside the extension host, optionally one promote from the palette,
// and VS Code's own activation figure from Developer: Show Running Extensions.
/* global performance, requestAnimationFrame -- pageWatcher and the promote watcher run in the page */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCodeServer } from '../../scripts/test-vscode/codeServer.mjs';
import { launchBrowser, workbenchUrl } from '../../scripts/test-vscode/browser.mjs';
import { probeFolder } from './prepare.mjs';

const ICON = '.activitybar .action-item a[aria-label^="Bug Levels"]';
/** Loading 10,000 bugs took 73 s before issue 15; leave room for a slower machine. */
const LOAD_TIMEOUT_MS = 600_000;

/**
 * Installed before the workbench's own scripts: notes (wall clock, Date.now) the first mouse-down,
 * and, every animation frame, whether a bug row (by its accessible label) or the Bug Levels view's
 * welcome text is on screen yet. Frames, not mutations: a frame is when it can be seen.
 */
function pageWatcher() {
  const bench = { navStart: performance.timeOrigin, click: undefined, firstRow: undefined, welcome: undefined };
  Object.defineProperty(window, '__bench', { value: bench });
  document.addEventListener('mousedown', () => (bench.click ??= Date.now()), true);
  const check = () => {
    if (bench.firstRow === undefined) {
      // A bug row says what it is to screen readers: "<title>, level 2 Understanding, open, ...".
      for (const row of document.querySelectorAll('.part.sidebar .monaco-list-row[aria-label]')) {
        if (/, level [123] /.test(row.getAttribute('aria-label') ?? '')) {
          bench.firstRow = Date.now();
          break;
        }
      }
    }
    if (bench.welcome === undefined && document.querySelector('.part.sidebar .title-label')?.textContent?.includes('Bug Levels')) {
      const welcome = document.querySelector('.part.sidebar .welcome-view-content');
      if (welcome && welcome.textContent?.trim()) bench.welcome = Date.now();
    }
    if (bench.firstRow === undefined || bench.welcome === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

/**
 * @typedef {object} SessionOptions
 * @property {string} extensionDir  the built extension (prepare.mjs buildExtension)
 * @property {string} workspace     the folder to open (the same path on a second open: VS Code keys workspace storage by it)
 * @property {string} probeOut      where the probe writes (a fresh file per session)
 * @property {boolean} expectRows   a journal with bugs (false: the empty floor, wait for the welcome view)
 * @property {number} [port]        the port of the first open, for the second (the storage key holds it)
 * @property {string} [userDataDir] the first open's user data, for the second
 * @property {{title: string}} [promote]  a level-1 bug to promote from the palette once loaded
 * @property {string} [profile]     where the probe saves a CPU profile of the extension host (diagnosis only: it slows the host)
 * @property {(line: string) => void} [say]
 */

/**
 * @param {SessionOptions} options
 */
export async function runSession({ extensionDir, workspace, probeOut, expectRows, port = 0, userDataDir, promote, profile, say = () => {} }) {
  fs.rmSync(probeOut, { force: true });
  process.env.BUG_LEVELS_BENCH_PROBE = probeOut;
  if (profile) fs.rmSync(profile, { force: true });
  if (profile) process.env.BUG_LEVELS_BENCH_PROFILE = profile;
  else delete process.env.BUG_LEVELS_BENCH_PROFILE;
  if (profile && promote) process.env.BUG_LEVELS_BENCH_PROFILE_PROMOTE = '1';
  else delete process.env.BUG_LEVELS_BENCH_PROFILE_PROMOTE;
  const server = await startCodeServer({ prefix: 'bh', extensions: [extensionDir, probeFolder], port, ...(userDataDir ? { userDataDir } : {}) });
  /** @type {import('../../scripts/test-vscode/browser.mjs').Browser | undefined} */
  let browser;
  try {
    browser = await launchBrowser(server.runDir);
    const { page } = browser;
    page.setDefaultTimeout(120_000);
    await page.addInitScript(pageWatcher);
    await page.goto(workbenchUrl(server, workspace));
    // Profiling: the probe (and its profiler) first, so that the profile covers Bug Levels' activation.
    for (let waited = 0; profile && !fs.existsSync(probeOut) && waited < 60_000; waited += 100) await sleep(100);
    await page.locator(ICON).click();
    const { navStart, click, shown } = await waitInPage(
      page,
      LOAD_TIMEOUT_MS,
      (rows) => {
        const b = /** @type {any} */ (window).__bench;
        const at = rows ? b.firstRow : b.welcome;
        return at === undefined ? undefined : { navStart: b.navStart, click: b.click, shown: at };
      },
      expectRows,
    );
    say(
      `first ${expectRows ? 'bug row' : 'welcome view'} ${Math.round(shown - navStart)} ms after the navigation (click at ${Math.round(click - navStart)} ms)`,
    );
    const probe = await waitForProbe(probeOut, server);
    const promoteMs = promote ? await promoteFromPalette(page, promote.title) : undefined;
    const activation = await runningExtensionsFigure(page);
    // The probe writes its profile two seconds after the promote.
    for (let waited = 0; profile && !fs.existsSync(profile) && waited < 15_000; waited += 200) await sleep(200);
    const hostLog = activationLog(server.userData);
    // From VS Code starting to activate Bug Levels (its log) to Bug Levels' own record of the
    // first load done; the probe's blocks in the same span, up to the index being written.
    const { loaded, measured } = probe;
    const start = hostLog.activationStartWallMs ?? loaded.startedWallMs;
    const blocks = measured.blocks.filter((block) => block.wallMs >= start - 1 && block.wallMs <= measured.indexSavedWallMs);
    const memory = { ...measured };
    delete memory.blocks;
    const result = {
      port: server.port,
      userData: server.userData,
      runDir: server.runDir,
      paintMs: shown - navStart,
      clickMs: click - navStart,
      clickToPaintMs: shown - click,
      activationToPaintMs: hostLog.activationStartWallMs === undefined ? undefined : shown - hostLog.activationStartWallMs,
      loadedMs: loaded.readyWallMs - start,
      journalsLoadMs: loaded.readyWallMs - loaded.startedWallMs,
      firstRowsInHostMs: loaded.firstRowsWallMs === undefined ? undefined : loaded.firstRowsWallMs - start,
      indexSavedMs: measured.indexSavedWallMs - start,
      longestBlockMs: blocks.reduce((max, block) => Math.max(max, block.ms), 0),
      blocksOver50: blocks.filter((block) => block.ms > 50).length,
      // False when the probe came up after the load had begun: blocks before it are not seen.
      blocksSeenFromStart: measured.observedFromWallMs <= start,
      topBlocks: [...blocks]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
        .map((block) => ({ atMs: block.wallMs - start, ms: block.ms })),
      probe: { ...memory, bugs: loaded.bugs, changes: loaded.changes },
      activation: { ...activation, ...hostLog },
      promoteMs,
    };
    say(
      `${loaded.bugs} bugs loaded ${Math.round(result.loadedMs)} ms after activation began; longest block ${result.longestBlockMs} ms; heap ${memory.heapMB} MB` +
        (promoteMs === undefined ? '' : `; promote ${promoteMs} ms`),
    );
    return result;
  } catch (error) {
    // What the window showed when it went wrong, beside the server's log.
    await browser?.page.screenshot({ path: path.join(server.runDir, 'failed.png') }).catch(() => undefined);
    throw new Error(`${error.message} (run folder ${server.runDir})`, { cause: error });
  } finally {
    await browser?.close();
    await server.stop();
  }
}

/**
 * Polls `probe(arg)` in the page from here every 100 ms until it returns something: unlike
 * waitForFunction, a page too busy to answer for a while only delays the answer.
 * @template T, A
 * @param {import('playwright-core').Page} page
 * @param {number} timeoutMs
 * @param {(arg: A) => T | undefined} probe
 * @param {A} arg
 * @returns {Promise<T>}
 */
async function waitInPage(page, timeoutMs, probe, arg) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await page.evaluate(probe, arg);
    if (value !== undefined && value !== null) return value;
    if (Date.now() > end) throw new Error(`nothing to see in the page within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** The probe's 'loaded' and 'measured' records, once both are written. */
async function waitForProbe(file, server) {
  const end = Date.now() + LOAD_TIMEOUT_MS;
  for (;;) {
    const records = fs.existsSync(file)
      ? fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line))
      : [];
    const failed = records.find((record) => record.event === 'error' || record.event === 'timeout');
    if (failed) throw new Error(`the probe failed: ${JSON.stringify(failed)}`);
    const loaded = records.find((record) => record.event === 'loaded');
    const measured = records.find((record) => record.event === 'measured');
    if (loaded && measured) return { loaded, measured };
    if (Date.now() > end) throw new Error(`the probe reported nothing within ${LOAD_TIMEOUT_MS} ms (run folder ${server.runDir})`);
    await sleep(200);
  }
}

/**
 * "Bug Levels: Promote to Level 2" from the palette on `title`, with Level 1 collapsed so that
 * Level 2's first rows are on screen. Returns the time from the Enter that answers the last
 * question to the row being on screen under Level 2 (in the page, by animation frames).
 * @param {import('playwright-core').Page} page
 * @param {string} title
 */
async function promoteFromPalette(page, title) {
  const level1 = page.locator('.part.sidebar .monaco-list-row', { hasText: 'Level 1 · Random walk' }).first();
  if ((await level1.getAttribute('aria-expanded')) === 'true') await level1.click();
  await page.locator('.part.sidebar .monaco-list-row[aria-expanded="false"]', { hasText: 'Level 1 · Random walk' }).first().waitFor();
  const input = page.locator('.quick-input-widget input');
  await page.keyboard.press('F1');
  await input.fill('>Bug Levels: Promote to Level 2');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Bug Levels: Promote to Level 2' }).first().waitFor();
  await input.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'Promote to Level 2' }).waitFor();
  await input.fill(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await input.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'What do you understand now?' }).waitFor();
  await input.fill('the bench promoted it');
  await page.evaluate((bugTitle) => {
    const w = /** @type {any} */ (window);
    w.__promote = new Promise((resolve) => {
      let pressed;
      document.addEventListener('keydown', (event) => event.key === 'Enter' && (pressed ??= Date.now()), true);
      const check = () => {
        if (pressed !== undefined) {
          for (const row of document.querySelectorAll('.part.sidebar .monaco-list-row[aria-label]')) {
            if ((row.getAttribute('aria-label') ?? '').startsWith(`${bugTitle}, level 2 `)) return resolve(Date.now() - pressed);
          }
        }
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  }, title);
  await input.press('Enter');
  return page.evaluate(() => /** @type {any} */ (window).__promote);
}

/**
 * VS Code's activation figure for Bug Levels, as Developer: Show Running Extensions shows it
 * (code loading + the activate() call), and that view's row text (which says why it activated).
 * @param {import('playwright-core').Page} page
 */
async function runningExtensionsFigure(page) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill('>Developer: Show Running Extensions');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' }).first().waitFor();
  await input.press('Enter');
  const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Bug Levels' }).first();
  await row.waitFor();
  const text = (await row.locator('.activation-time').textContent()) ?? '';
  const ms = Number(/(\d+)\s*ms/.exec(text)?.[1]);
  return { vscodeMs: Number.isFinite(ms) ? ms : undefined, vscodeText: text.trim() };
}

/**
 * When and why the extension host started activating Bug Levels, and when its activate() said
 * so, from the extension host's log and the extension's own Output log (wall clock).
 * @param {string} userData
 */
function activationLog(userData) {
  const logs = path.join(userData, 'logs');
  const sessions = fs.existsSync(logs) ? fs.readdirSync(logs).sort() : [];
  const latest = sessions.at(-1);
  if (!latest) return {};
  const result = {};
  for (const host of fs.readdirSync(path.join(logs, latest)).filter((name) => name.startsWith('exthost'))) {
    const dir = path.join(logs, latest, host);
    const hostLog = path.join(dir, 'remoteexthost.log');
    if (fs.existsSync(hostLog)) {
      const line = fs
        .readFileSync(hostLog, 'utf8')
        .split('\n')
        .find((l) => l.includes('_doActivateExtension bug-levels.bug-levels'));
      if (line) {
        result.activationStartWallMs = logTime(line);
        result.activationEvent = /activationEvent: '([^']*)'/.exec(line)?.[1];
      }
    }
    const own = path.join(dir, 'bug-levels.bug-levels', 'Bug Levels.log');
    if (fs.existsSync(own)) {
      const line = fs
        .readFileSync(own, 'utf8')
        .split('\n')
        .find((l) => l.includes('activated in the'));
      if (line) result.activatedWallMs = logTime(line);
    }
  }
  if (result.activationStartWallMs !== undefined && result.activatedWallMs !== undefined)
    result.activateLogMs = result.activatedWallMs - result.activationStartWallMs;
  return result;
}

/** "2026-12-04 19:48:55.485 [info] ..." (local time) as epoch milliseconds. */
function logTime(line) {
  const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(line);
  return match ? new Date(`${match[1]}T${match[2]}`).getTime() : undefined;
}
