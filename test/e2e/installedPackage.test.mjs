// The packaged extension, as a user gets it: `npm run package` makes the .vsix with vsce, its
// contents are exactly the whitelist, and installed into the test VS Code with code-server's
// --install-extension it shows the journal and promotes a bug.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { bugOnDisk, openBugLevelsView, openWorkbench, promoteFromPalette, repoRoot, sidebarRow, SPACY_BUG } from './support.mjs';
import { listZipEntries } from './zipEntries.mjs';

const MAX_VSIX_BYTES = 400 * 1024;
/** What the package may hold (vsce adds its manifest files); everything else is a leak. */
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/package\.nls(\.[a-z-]+)?\.json$/,
  /^extension\/readme\.md$/,
  /^extension\/changelog\.md$/,
  /^extension\/LICENSE\.txt$/,
  /^extension\/dist\/extension\.js$/,
  /^extension\/dist\/web\/extension\.js$/,
  /^extension\/dist\/parseWorker\.js$/,
  /^extension\/media\/[\w./-]+\.(png|svg|md)$/,
  /^extension\/schemas\/[\w.-]+\.json$/,
  /^extension\/l10n\/bundle\.l10n(\.[a-z-]+)?\.json$/,
];
const REQUIRED = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/web/extension.js',
  'extension/dist/parseWorker.js',
  'extension/media/icon.png',
  'extension/media/bug-levels.svg',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/schemas/bug-levels-v1.schema.json',
  'extension/l10n/bundle.l10n.json',
  'extension/l10n/bundle.l10n.de.json',
];

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bug-levels-vsix-'));
const vsix = path.join(outDir, 'bug-levels.vsix');
/** @type {import('./support.mjs').Workbench} */
let workbench;

before(async () => {
  execFileSync('npm', ['run', 'package', '--', '-o', vsix], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
});

after(async () => {
  await workbench?.close();
  fs.rmSync(outDir, { recursive: true, force: true });
});

test('npm run package makes a .vsix under 400 KB', (t) => {
  const size = fs.statSync(vsix).size;
  t.diagnostic(`bug-levels.vsix: ${(size / 1024).toFixed(1)} KB`);
  assert.ok(size < MAX_VSIX_BYTES, `${size} bytes`);
});

test('the package holds the bundle, media, README, CHANGELOG and LICENSE, and nothing else', (t) => {
  const entries = listZipEntries(fs.readFileSync(vsix));
  t.diagnostic(`${entries.length} files`);
  const leaked = entries.filter((name) => !ALLOWED.some((pattern) => pattern.test(name)));
  assert.deepEqual(leaked, [], 'files outside the whitelist (.vscodeignore)');
  for (const name of REQUIRED) assert.ok(entries.includes(name), `${name} is missing`);
  assert.ok(!entries.some((name) => name.includes('node_modules') || name.includes('/src/') || name.endsWith('.map')));
});

test('installed with code-server --install-extension, it shows the journal and promotes a bug', async () => {
  workbench = await openWorkbench({ workspace: path.join(repoRoot, 'demo'), vsix });
  await openBugLevelsView(workbench.page);
  await sidebarRow(workbench.page, SPACY_BUG.title, 'level 1').waitFor();
  await promoteFromPalette(workbench, { ...SPACY_BUG, reason: 'from the installed package' });
  assert.equal(bugOnDisk(workbench.workspace, SPACY_BUG.file).level, 2);
});
