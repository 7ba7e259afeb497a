// Bundles the extension (dist/extension.js, and dist/web/extension.js for browsers) and the CLI (dist/cli.js), so VS Code loads a few
// modules instead of hundreds, and nanoid's ESM-only package is absorbed at build time. dist/parseWorker.js is the one copy of the core
// (src/core, with yaml and nanoid) for Node: the desktop extension and the CLI require it, and both start it as their parse worker
// thread (src/node/bugParser.ts finds it beside them). The web bundle stays one file with its own copy.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
};

// The browser has no worker threads, no node:fs and no child processes: src/node/bugParser.ts, src/node/hostFileSystems.ts
// and src/node/gitAnchorHistory.ts become their .web.ts twins, which offer no parser, no local file system (everything goes
// through workspace.fs) and no git history (snippet anchors are found by their lines and by search).
const webBugParser = {
  name: 'web-twins',
  setup(build) {
    build.onResolve({ filter: /(^|\/)(bugParser|hostFileSystems|gitAnchorHistory)$/ }, (args) => ({
      path: path.resolve(args.resolveDir, `${args.path}.web.ts`),
    }));
  },
};

const CORE = path.join(__dirname, 'src', 'core');
const SHARED_CORE = './parseWorker.js';

/** Every module of src/core (a file per module, no index files), in a stable order. */
function coreModules() {
  const modules = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) modules.push(file);
    }
  };
  walk(CORE);
  return modules;
}

/**
 * dist/parseWorker.js: every export of src/core under its own name (one namespace: a name exported by two modules would be
 * ambiguous, so the build refuses it), and the parse worker's handler, which answers only in a parse worker thread.
 */
function sharedCoreEntry() {
  const modules = coreModules();
  const seen = new Map();
  for (const file of modules) {
    for (const [, name] of fs
      .readFileSync(file, 'utf8')
      .matchAll(/^export (?:async )?(?:function\*?|const|let|class|abstract class|enum) ([A-Za-z_$][\w$]*)/gm)) {
      if (seen.has(name))
        throw new Error(`src/core exports ${name} twice (${seen.get(name)} and ${path.relative(__dirname, file)}): dist/parseWorker.js needs one of each name`);
      seen.set(name, path.relative(__dirname, file));
    }
  }
  const relative = (file) => `./${path.relative(__dirname, file).split(path.sep).join('/').replace(/\.ts$/, '')}`;
  return [...modules.map((file) => `export * from '${relative(file)}';`), `import './src/node/parseWorker';`].join('\n');
}

// In the Node bundles, an import of a src/core module from outside src/core becomes require('./parseWorker.js'): the core, yaml
// and nanoid are in that file once instead of in every bundle.
const sharedCore = {
  name: 'shared-core',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = path.resolve(args.resolveDir, args.path);
      return target.startsWith(CORE + path.sep) && !args.importer.startsWith(CORE + path.sep) ? { path: SHARED_CORE, external: true } : undefined;
    });
  },
};

// Every module of the extension imports the vscode API as a namespace; bundled as is, each import copies the API's properties into
// an object of its own at load time (esbuild's __toESM, ~30 modules). Through one module that re-exports it, they are copied once.
const VSCODE_ONCE = 'vscode-once';
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === VSCODE_ONCE ? undefined : { path: 'vscode', namespace: VSCODE_ONCE }));
    build.onLoad({ filter: /.*/, namespace: VSCODE_ONCE }, () => ({ contents: "export * from 'vscode';", loader: 'js', resolveDir: __dirname }));
  },
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [sharedCore, vscodeOnce] },
  // The same extension for the web worker extension host (vscode.dev, browser-only VS Code):
  // everything goes through workspace.fs, so only the platform differs.
  {
    ...common,
    platform: 'browser',
    target: 'es2022',
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/web/extension.js',
    external: ['vscode'],
    plugins: [webBugParser, vscodeOnce],
  },
  { ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [sharedCore] },
  {
    ...common,
    stdin: { contents: sharedCoreEntry(), resolveDir: __dirname, sourcefile: 'shared-core.ts', loader: 'ts' },
    outfile: 'dist/parseWorker.js',
  },
];

async function main() {
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
}

// Required (bench/suites/bundle.ts builds the same bundles elsewhere), it only exports the settings.
if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { builds, webBugParser, sharedCore };
