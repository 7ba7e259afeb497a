// What bench:host runs against: the extension built for production into a folder of its own (never
// dist/, which other runs of the tests use), the probe beside it, and the generated journals.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const probeFolder = fileURLToPath(new URL('./probe', import.meta.url));

/** What the packaged extension ships besides its bundles (see .vscodeignore). */
const EXTENSION_FILES = ['package.json', 'package.nls.json', 'package.nls.de.json', 'l10n', 'media', 'schemas', 'LICENSE'];

/**
 * The extension as a user installs it: esbuild.js's own build list in production mode (minified),
 * written into `dir` with the manifest and its assets. Returns the sizes of the bundles.
 * @param {string} dir
 * @param {{minify?: boolean, source?: string}} [options]  minify: false keeps the names (for reading
 *   a CPU profile); source: another checkout of the repository to build (an older commit, to compare)
 * @returns {Promise<Record<string, number>>}  bundle path (relative) to bytes
 */
export async function buildExtension(dir, { minify = true, source = repoRoot } = {}) {
  const esbuild = require('esbuild');
  const { builds } = require(path.join(source, 'esbuild.js'));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const name of EXTENSION_FILES) {
    const from = path.join(source, name);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, name), { recursive: true });
  }
  const sizes = {};
  await Promise.all(
    builds.map(async (options) => {
      const outfile = path.join(dir, options.outfile ?? '');
      const outdir = options.outdir && path.join(dir, options.outdir);
      await esbuild.build({
        ...options,
        absWorkingDir: source,
        ...(options.outfile ? { outfile } : {}),
        ...(outdir ? { outdir } : {}),
        minify,
        sourcemap: false,
        define: { ...options.define, 'process.env.NODE_ENV': '"production"' },
      });
    }),
  );
  for (const file of walk(path.join(dir, 'dist'))) sizes[path.relative(dir, file)] = fs.statSync(file).size;
  return sizes;
}

/** @param {string} dir @returns {string[]} */
function walk(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

/**
 * bench/generate.ts bundled for plain Node (no tsc run needed): writeJournal(dir, count, profile).
 * @param {string} workDir
 */
export async function loadGenerator(workDir) {
  const esbuild = require('esbuild');
  const outfile = path.join(workDir, 'generate.cjs');
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'bench', 'generate.ts')],
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    logLevel: 'warning',
  });
  return /** @type {{writeJournal: (dir: string, count: number, profile: 'meta' | 'snippets') => {files: string[], bugs: {id: string, title: string, level: number, status: string}[], bytes: number}}} */ (
    require(outfile)
  );
}

/**
 * A workspace holding a journal of `count` generated bugs (`meta` profile), made once per size
 * and kept in `workDir/journals` for later runs; files dated an hour back, as a committed journal.
 * Returns the folder and the bugs' titles, levels and statuses.
 * @param {string} workDir
 * @param {number} count  0: a workspace without a journal (the floor)
 */
export async function journalWorkspace(workDir, count) {
  const folder = path.join(workDir, 'journals', String(count));
  const summary = path.join(folder, '..', `${count}.json`);
  if (fs.existsSync(summary) && fs.existsSync(folder)) return { folder, ...JSON.parse(fs.readFileSync(summary, 'utf8')) };
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'README.md'), `A generated journal of ${count} bugs for npm run bench:host.\n`);
  let bugs = [];
  let bytes = 0;
  if (count > 0) {
    const generator = await loadGenerator(workDir);
    const journal = generator.writeJournal(path.join(folder, '.bug-levels'), count, 'meta');
    bugs = journal.bugs.map((bug, i) => ({ id: bug.id, title: bug.title, level: bug.level, status: bug.status, file: journal.files[i] }));
    bytes = journal.bytes;
  }
  const info = { count, bytes, bugs };
  fs.writeFileSync(summary, JSON.stringify(info));
  return { folder, ...info };
}
