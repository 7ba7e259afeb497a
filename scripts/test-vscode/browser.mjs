// Debian's Chromium driven by playwright-core (the project's devDependency; it downloads no
// browser), plus what it takes to point the web workbench at a folder and, for in-host tests,
// at an extension under development and its test module.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { testVscodePaths } from './paths.mjs';

// Headless and silent: no sandbox (runs as root in containers), no GPU, and none of Chromium's
// own background traffic (updates, sync, field trials), so every request is the workbench's.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * @typedef {object} Browser
 * @property {import('playwright-core').Page} page
 * @property {string[]} offLoopback  URLs of requests that left 127.0.0.1 (there should be none)
 * @property {() => Promise<void>} close  safe to call twice
 */

/**
 * Launches Chromium with a fresh profile inside the run folder; close() deletes the profile.
 * @param {string} runDir
 * @returns {Promise<Browser>}
 */
export async function launchBrowser(runDir) {
  const profile = fs.mkdtempSync(path.join(runDir, 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: testVscodePaths().chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    // The extension reads and writes the clipboard (Attach Clipboard as Snippet); a headless
    // page has no user gesture to grant it, so the permission is given up front.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  /** @type {string[]} */
  const offLoopback = [];
  context.on('request', (request) => {
    if (!isLocal(request.url())) offLoopback.push(request.url());
  });
  const page = context.pages()[0] ?? (await context.newPage());
  /** @type {Promise<void> | undefined} */
  let closing;
  const close = () =>
    (closing ??= (async () => {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
    })());
  return { page, offLoopback, close };
}

/** @param {string} url */
function isLocal(url) {
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:' && protocol !== 'https:') return true; // data:, blob:, ...
  // Webview resources (the markdown preview's scripts and styles) are addressed under this
  // pseudo-domain and answered by the workbench's service worker from the server on 127.0.0.1.
  if (hostname.endsWith('.vscode-resource.vscode-cdn.net')) return true;
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/**
 * The workbench reads extensionDevelopmentPath, extensionTestsPath and extensionEnvironment
 * from the URL's payload only when developmentOptions.enableSmokeTestDriver is set. The VS Code
 * server sets it with --enable-smoke-test-driver, which code-server rejects, so this flips it
 * in the page instead, before the workbench reads its configuration (a JSON data-settings
 * attribute). Rewriting the HTML with page.route would not do: a fulfilled document loses its
 * loopback origin and Chromium's local-network checks then block the workbench's WebSocket.
 * @param {import('playwright-core').Page} page
 */
export async function enableExtensionTestMode(page) {
  await page.addInitScript(() => {
    const getAttribute = Element.prototype.getAttribute;
    Element.prototype.getAttribute = function (/** @type {string} */ name) {
      const value = getAttribute.call(this, name);
      if (name !== 'data-settings' || this.id !== 'vscode-workbench-web-configuration' || !value) return value;
      const config = JSON.parse(value);
      config.developmentOptions = { ...config.developmentOptions, enableSmokeTestDriver: true };
      return JSON.stringify(config);
    };
  });
}

/**
 * The payload for in-host tests, the same keys @vscode/test-web passes. The paths are server
 * paths, as vscode-remote URIs, so the server's Node extension host loads them.
 * @param {import('./codeServer.mjs').CodeServer} server
 * @param {{developmentPath: string, testsPath: string, env?: Record<string, string>}} test
 * @returns {[string, string][]}
 */
export function extensionTestPayload(server, { developmentPath, testsPath, env = {} }) {
  return [
    ['extensionDevelopmentPath', remoteUri(server, developmentPath)],
    ['extensionTestsPath', remoteUri(server, testsPath)],
    ['extensionEnvironment', JSON.stringify(env)],
  ];
}

/**
 * http://127.0.0.1:PORT/?folder=/abs/folder[&payload=...], or ?workspace= for a multi-root
 * .code-workspace file.
 * @param {import('./codeServer.mjs').CodeServer} server
 * @param {string} folder  a server path: a folder or a .code-workspace file
 * @param {[string, string][]} [payload]
 */
export function workbenchUrl(server, folder, payload) {
  const kind = folder.endsWith('.code-workspace') ? 'workspace' : 'folder';
  // A query may hold '/' as it is, which keeps printed URLs readable.
  const url = `${server.url}/?${kind}=${encodeURIComponent(path.resolve(folder)).replaceAll('%2F', '/')}`;
  return payload ? `${url}&payload=${encodeURIComponent(JSON.stringify(payload))}` : url;
}

/**
 * @param {import('./codeServer.mjs').CodeServer} server
 * @param {string} serverPath
 */
function remoteUri(server, serverPath) {
  const encoded = path.resolve(serverPath).split(path.sep).map(encodeURIComponent).join('/');
  return `vscode-remote://${server.authority}${encoded}`;
}
