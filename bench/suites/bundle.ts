/**
 * The bundles (desktop, web, CLI and the parse worker): built here with esbuild.js's settings in production mode (minified, no source
 * map) into a temp folder, so the numbers do not depend on what dist/ holds now. Module load is
 * measured on dist-like cli.js: the time `require` of the bundle takes in a fresh Node process
 * (yaml, nanoid and the core, as the extension loads them). It is a proxy for the extension's
 * code-loading time, which needs VS Code to measure; activate() itself is not included.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { median, round } from '../measure';

export interface BundleResults {
  /** dist/extension.js: the bundle the .vsix ships for desktop VS Code. */
  readonly extensionKB: number;
  /** dist/web/extension.js: the same for the web worker extension host. */
  readonly webExtensionKB: number;
  readonly cliKB: number;
  /** dist/parseWorker.js: the parse worker thread both Node bundles start. */
  readonly parseWorkerKB: number;
  readonly productionDistKB: number;
  /** dist/ as it is in the working tree (development build with source maps), if built. */
  readonly workingTreeDistKB?: number;
  readonly cliRequireMs: number;
  readonly nodeStartMs: number;
  readonly nodeWithCliRequireMs: number;
  readonly runs: number;
}

const REPO = path.resolve(__dirname, '..', '..', '..');

export async function benchBundle(work: string, runs: number): Promise<BundleResults> {
  const out = path.join(work, 'dist');
  // esbuild.js's own list (the web build's plugin included), in production mode, into `out`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- esbuild.js is CommonJS outside the TypeScript project
  const { builds } = require(path.join(REPO, 'esbuild.js')) as { builds: BuildOptions[] };
  for (const options of builds) {
    await build({ ...options, minify: true, sourcemap: false, absWorkingDir: REPO, outfile: path.join(out, path.relative('dist', options.outfile ?? '')) });
  }
  const cli = path.join(out, 'cli.js');
  const requireCode = `process.argv=[process.argv[0],'bug-levels','--help'];const s=process.hrtime.bigint();require(${JSON.stringify(cli)});process.stderr.write(String(Number(process.hrtime.bigint()-s)/1e6));`;
  const requireMs: number[] = [];
  const bare: number[] = [];
  const withCli: number[] = [];
  for (let run = 0; run < runs; run++) {
    bare.push(wall(['-e', '0']));
    const start = performance.now();
    const child = spawnSync(process.execPath, ['-e', requireCode], { encoding: 'utf8' });
    withCli.push(performance.now() - start);
    requireMs.push(Number(child.stderr));
  }
  const workingDist = path.join(REPO, 'dist');
  return {
    extensionKB: kb(fs.statSync(path.join(out, 'extension.js')).size),
    webExtensionKB: kb(fs.statSync(path.join(out, 'web', 'extension.js')).size),
    cliKB: kb(fs.statSync(cli).size),
    parseWorkerKB: kb(fs.statSync(path.join(out, 'parseWorker.js')).size),
    productionDistKB: kb(folderBytes(out)),
    ...(fs.existsSync(workingDist) ? { workingTreeDistKB: kb(folderBytes(workingDist)) } : {}),
    cliRequireMs: round(median(requireMs)),
    nodeStartMs: round(median(bare)),
    nodeWithCliRequireMs: round(median(withCli)),
    runs,
  };
}

function wall(args: string[]): number {
  const start = performance.now();
  spawnSync(process.execPath, args);
  return performance.now() - start;
}

function kb(bytes: number): number {
  return round(bytes / 1024, 1);
}

function folderBytes(dir: string): number {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .reduce((sum, entry) => sum + (entry.isDirectory() ? folderBytes(path.join(dir, entry.name)) : fs.statSync(path.join(dir, entry.name)).size), 0);
}
