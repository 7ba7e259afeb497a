// The workspace the in-host integration suite opens: a fresh copy of the demo journal (the
// tests change it), made a git repository so snippets can record the commit.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const integrationTestsPath = path.join(repoRoot, 'out', 'test', 'integration', 'index');

/** Creates the copy; the caller removes it. */
export function makeIntegrationWorkspace() {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'bug-levels-it-'));
  fs.cpSync(path.join(repoRoot, 'demo'), workspace, { recursive: true });
  const git = (...args) => execFileSync('git', args, { cwd: workspace, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=Bug Levels tests', '-c', 'user.email=tests@bug-levels.invalid', 'commit', '-qm', 'demo journal');
  return workspace;
}
