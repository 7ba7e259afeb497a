// An isolated code-server (the real VS Code server and web workbench) on loopback, one per run.
// Everything it writes goes into a fresh run folder under a short per-user temporary folder
// (runsDir()), never into $HOME, and it runs as its own process group so that stop() also ends
// the extension hosts, pty host and helpers it forks (an extension host outlives a kill of the
// main process alone).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { testVscodePaths } from './paths.mjs';

// code-server and the VS Code server make their Unix sockets inside the run folder, since
// isolatedEnv moves TMPDIR there: runDir/tmp/vscode-ipc-<uuid>.sock (the CLI's and extension
// hosts' IPC handles), runDir/tmp/vscode-git-<10 hex>.sock (git's askpass) and
// runDir/user-data/code-server-ipc.sock. A socket's path must fit in sockaddr_un.sun_path, 108
// bytes on Linux with the closing NUL, and VS Code keeps its own under 107 bytes: it shortens the
// uuid of a vscode-ipc name that would be longer. The run folder leaves room for that name, the
// longest, in full, so every socket path stays under 107 bytes (the others are shorter and are
// never shortened: a longer folder would break them rather than shorten them).
const SOCKET_PATH_MAX_BYTES = 106;
const LONGEST_SOCKET_IN_RUN_DIR = '/tmp/vscode-ipc-00000000-0000-0000-0000-000000000000.sock';
const MAX_RUN_DIR_BYTES = SOCKET_PATH_MAX_BYTES - Buffer.byteLength(LONGEST_SOCKET_IN_RUN_DIR); // 49
// Run folders are kept for looking at after a run (logs, screenshots) and pruned after a day.
const RUN_DIR_MAX_AGE_MS = 24 * 60 * 60 * 1000;
// Holds the pid of the process that made a run folder; pruning leaves the folder while it lives.
const OWNER_FILE = 'owner.pid';
// It listens within a second here; a minute covers a cold disk cache on a busy machine.
const LISTEN_TIMEOUT_MS = 60_000;

// Quiet, offline user settings: no welcome page, no chat panel, no telemetry, update or
// marketplace traffic, no workspace-trust prompt, so tests see a plain workbench.
const DEFAULT_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
};

/**
 * @typedef {object} CodeServer
 * @property {string} url        http://127.0.0.1:PORT (no trailing slash)
 * @property {number} port
 * @property {string} authority  127.0.0.1:PORT, the workbench's remote authority
 * @property {number} pid        the main process, also the id of the process group stop() ends
 * @property {string} runDir     this run's folder (log, user data, anything a runner saves)
 * @property {string} userData   the user data folder (runDir/user-data unless options.userDataDir)
 * @property {string} log        code-server's stdout and stderr
 * @property {number} startMs    spawn to "HTTP server listening"
 * @property {Promise<{code: number | null, signal: string | null}>} exited  the main process ended
 * @property {() => Promise<void>} stop  ends the whole process group; safe to call twice
 */

/**
 * @param {object} [options]
 * @param {string} [options.prefix]  start of the run folder's name, e.g. "host" (keep it short)
 * @param {string[]} [options.extensions]  extension folders to load as installed extensions
 * @param {string[]} [options.vsixes]  .vsix packages to install with code-server --install-extension
 * @param {Record<string, unknown>} [options.settings]  user settings on top of the quiet defaults
 * @param {number} [options.port]  0 picks a free port
 * @param {string} [options.locale]  display language, e.g. "de": see registerStubLanguagePack
 * @param {string} [options.userDataDir]  user data of an earlier run to start from (its workspace
 *   storage, so an extension finds what it kept there: bench:host's second open); default a fresh
 *   one in the run folder
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer({ prefix = 'run', extensions = [], vsixes = [], settings = {}, port = 0, locale, userDataDir } = {}) {
  const paths = testVscodePaths();
  const runDir = makeRunDir(prefix);
  const userData = userDataDir ? path.resolve(userDataDir) : path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir);
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));
  for (const folder of extensions) linkExtension(extensionsDir, folder);
  if (locale) registerStubLanguagePack(runDir, userData, locale);
  // Without --config code-server writes ~/.config/code-server/config.yaml with a password.
  const config = path.join(runDir, 'config.yaml');
  fs.writeFileSync(config, '');
  // Every code-server call of this run: its config, user data and extensions in the run folder.
  const serverArgs = [paths.codeServer, '--config', config, '--user-data-dir', userData, '--extensions-dir', extensionsDir];
  for (const vsix of vsixes) {
    // The way a user installs a package: code-server's own --install-extension.
    const installed = spawnSync(paths.node, [...serverArgs, '--install-extension', path.resolve(vsix), '--force'], {
      cwd: runDir,
      env: isolatedEnv(runDir),
      encoding: 'utf8',
    });
    if (installed.status !== 0)
      throw new Error(`code-server --install-extension ${vsix} failed (${installed.status}):\n${installed.stdout}\n${installed.stderr}`);
  }

  const log = path.join(runDir, 'code-server.log');
  const logFd = fs.openSync(log, 'w');
  const started = Date.now();
  const child = spawn(
    paths.node,
    [
      ...serverArgs,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(locale ? ['--locale', locale] : []),
    ],
    { cwd: runDir, env: isolatedEnv(runDir), stdio: ['ignore', logFd, logFd], detached: true },
  );
  fs.closeSync(logFd);

  const group = child.pid;
  if (group === undefined) throw new Error(`could not start ${paths.node}`);
  // Last resort for a runner that exits without calling stop(): kill is synchronous, so it
  // still works in an 'exit' listener.
  const killOnExit = () => signalGroup(group, 'SIGKILL');
  process.on('exit', killOnExit);
  /** @type {{code: number | null, signal: string | null} | null} */
  let exitInfo = null;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exitInfo = { code, signal }))));
  /** @type {Promise<void> | undefined} */
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      // SIGTERM lets code-server shut its children down; SIGKILL ends whatever is left.
      for (const [signal, graceMs] of /** @type {const} */ ([
        ['SIGTERM', 5000],
        ['SIGKILL', 2000],
      ])) {
        signalGroup(group, signal);
        for (const end = Date.now() + graceMs; groupAlive(group) && Date.now() < end;) await sleep(100);
      }
      process.off('exit', killOnExit);
    })());

  let listening;
  while (!(listening = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(fs.readFileSync(log, 'utf8')))) {
    const failure = exitInfo
      ? `exited (${JSON.stringify(exitInfo)})`
      : Date.now() - started > LISTEN_TIMEOUT_MS
        ? `did not listen within ${LISTEN_TIMEOUT_MS} ms`
        : null;
    if (failure) {
      await stop();
      throw new Error(`code-server ${failure}; its log ${log}:\n${fs.readFileSync(log, 'utf8')}`);
    }
    await sleep(50);
  }
  const actualPort = Number(listening[1]);
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    authority: `127.0.0.1:${actualPort}`,
    pid: group,
    runDir,
    userData,
    log,
    startMs: Date.now() - started,
    exited,
    stop,
  };
}

/**
 * The parent of the run folders: bug-levels-<uid> in the temporary folder, or in /tmp when TMPDIR
 * is too long for the sockets; kept apart from the install cache, whose path is as long as $HOME
 * makes it. /tmp is shared, so the folder must be this user's own and private.
 * @param {string} [prefix]  the run folder prefix the caller will use (its length counts)
 * @returns {string}
 * @throws when no candidate is short enough and usable, saying what to do
 */
export function runsDir(prefix = 'run') {
  const name = `bug-levels-${process.getuid?.() ?? os.userInfo().username}`;
  const tail = `${name}/${prefix}-XXXXXX`; // mkdtemp adds 6 characters
  /** @type {string[]} */
  const problems = [];
  for (const base of new Set([os.tmpdir(), '/tmp'])) {
    if (Buffer.byteLength(path.join(base, tail)) > MAX_RUN_DIR_BYTES) {
      problems.push(`${base} is too long`);
      continue;
    }
    try {
      return ownPrivateFolder(path.join(base, name));
    } catch (error) {
      problems.push(error.message);
    }
  }
  const room = MAX_RUN_DIR_BYTES - Buffer.byteLength(`/${tail}`);
  throw new Error(
    `no folder for code-server's run folders (${problems.join('; ')}): its Unix sockets ` +
      `(RUN/tmp/vscode-ipc-<uuid>.sock) must fit in ${SOCKET_PATH_MAX_BYTES} bytes. Set TMPDIR to a folder ` +
      `you can write to whose path is at most ${room} bytes long, and run again.`,
  );
}

/** @param {string} dir */
function ownPrivateFolder(dir) {
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if (error.code !== 'EEXIST') throw new Error(`cannot make ${dir} (${error.code})`);
  }
  const stat = fs.lstatSync(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) throw new Error(`${dir} is not a folder of this user's`);
  if ((stat.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    throw new Error(`cannot write to ${dir} (${error.code})`);
  }
  return dir;
}

/**
 * A fresh, short-named folder under runsDir(), after pruning the stale ones: older than a day
 * and no longer used (the process that made it is gone; a long `npm start` keeps its own).
 * @param {string} prefix
 */
export function makeRunDir(prefix) {
  const runs = runsDir(prefix);
  for (const entry of fs.readdirSync(runs)) {
    const dir = path.join(runs, entry);
    // A concurrent run may be pruning the same folder.
    const stat = fs.statSync(dir, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > RUN_DIR_MAX_AGE_MS && !ownerAlive(dir)) fs.rmSync(dir, { recursive: true, force: true });
  }
  const runDir = fs.mkdtempSync(path.join(runs, `${prefix}-`));
  fs.writeFileSync(path.join(runDir, OWNER_FILE), String(process.pid));
  return runDir;
}

/** @param {string} runDir */
function ownerAlive(runDir) {
  let pid;
  try {
    pid = Number(fs.readFileSync(path.join(runDir, OWNER_FILE), 'utf8'));
  } catch {
    return false; // made before owners were recorded, or not a run folder
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Makes an unpacked extension folder an installed extension: a symlink named
 * publisher.name-version, which is how the extensions dir names its entries.
 * @param {string} extensionsDir
 * @param {string} folder
 */
function linkExtension(extensionsDir, folder) {
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}-${manifest.version}`.toLowerCase();
  fs.symlinkSync(path.resolve(folder), path.join(extensionsDir, id), 'dir');
  // The server trusts a listing in extensions.json over the folder and would ignore an entry
  // added after it; without the file it rescans the folder and writes a new one.
  fs.rmSync(path.join(extensionsDir, 'extensions.json'), { force: true });
}

/**
 * Lets the workbench run in `locale` without downloading a language pack. code-server --locale
 * alone does nothing unless a language pack for it is installed: the server then builds the
 * workbench's NLS script, which sets the display language (what vscode.env.language says, so
 * extensions get their package.nls.LOCALE.json and l10n/bundle.l10n.LOCALE.json). Installing a
 * pack records it in user-data/languagepacks.json; this writes that record for a stub pack
 * whose translations of VS Code's own texts are empty, so VS Code itself stays English while
 * the extensions under test show their own translations.
 * @param {string} runDir
 * @param {string} userData
 * @param {string} locale
 */
function registerStubLanguagePack(runDir, userData, locale) {
  const translations = path.join(runDir, `language-pack-${locale}`, 'main.i18n.json');
  fs.mkdirSync(path.dirname(translations));
  fs.writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.writeFileSync(
    path.join(userData, 'languagepacks.json'),
    JSON.stringify(
      {
        [locale]: {
          hash: `stub-${locale}`,
          label: locale,
          extensions: [{ extensionIdentifier: { id: `bug-levels-test.language-pack-${locale}` }, version: '0.0.0' }],
          translations: { vscode: translations },
        },
      },
      null,
      2,
    ),
  );
}

/**
 * The runner's environment with HOME, TMPDIR and XDG_* moved into the run folder.
 * @param {string} runDir
 */
function isolatedEnv(runDir) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    // VSCODE_* (set when the runner is started from a VS Code terminal or extension host) would
    // make code-server talk to that other VS Code; NODE_OPTIONS (e.g. --inspect) would be
    // inherited by the server and every extension host it forks.
    if (!key.startsWith('VSCODE_') && key !== 'NODE_OPTIONS') env[key] = value;
  }
  const moved = {
    HOME: 'home',
    TMPDIR: 'tmp',
    XDG_CONFIG_HOME: 'xdg/config',
    XDG_DATA_HOME: 'xdg/data',
    XDG_CACHE_HOME: 'xdg/cache',
    XDG_STATE_HOME: 'xdg/state',
  };
  for (const [key, sub] of Object.entries(moved)) {
    env[key] = path.join(runDir, sub);
    fs.mkdirSync(env[key], { recursive: true });
  }
  // An empty gallery turns the Open VSX marketplace off: no gallery request at all.
  env.EXTENSIONS_GALLERY = '{}';
  return env;
}

/** @param {number} group */
function groupAlive(group) {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {number} group
 * @param {NodeJS.Signals} signal
 */
function signalGroup(group, signal) {
  try {
    process.kill(-group, signal);
  } catch {
    // the group is gone already
  }
}
