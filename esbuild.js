// Bundles the extension (dist/extension.js, and dist/web/extension.js for browsers) and the CLI (dist/cli.js): one file each, so VS Code
// loads one module instead of hundreds, and nanoid's ESM-only package is absorbed at build time. dist/parseWorker.js is the parse
// worker thread both Node bundles start (src/node/bugParser.ts finds it beside them).
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

// The browser has no worker threads and no node:fs: src/node/bugParser.ts and src/node/hostFileSystems.ts become their
// .web.ts twins, which offer no parser and no local file system (everything goes through workspace.fs).
const webBugParser = {
  name: 'web-twins',
  setup(build) {
    build.onResolve({ filter: /(^|\/)(bugParser|hostFileSystems)$/ }, (args) => ({ path: path.resolve(args.resolveDir, `${args.path}.web.ts`) }));
  },
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The same extension for the web worker extension host (vscode.dev, browser-only VS Code):
  // everything goes through workspace.fs, so only the platform differs.
  {
    ...common,
    platform: 'browser',
    target: 'es2022',
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/web/extension.js',
    external: ['vscode'],
    plugins: [webBugParser],
  },
  { ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['src/node/parseWorker.ts'], outfile: 'dist/parseWorker.js' },
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

module.exports = { builds, webBugParser };
