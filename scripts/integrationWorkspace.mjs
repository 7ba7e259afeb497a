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

/**
 * A multi-root workspace: the demo journal as folder "formfyxer" and a second folder
 * "uwsgi-image" with a journal of its own. Returns the .code-workspace file; the caller removes
 * its folder (the file's parent).
 */
export function makeMultiRootWorkspace() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bug-levels-mr-'));
  const first = path.join(root, 'formfyxer');
  const second = path.join(root, 'uwsgi-image');
  fs.cpSync(path.join(repoRoot, 'demo'), first, { recursive: true });
  fs.mkdirSync(path.join(second, '.bug-levels'), { recursive: true });
  fs.copyFileSync(
    path.join(repoRoot, 'demo', '.bug-levels', 'uwsgi-pinned-below-2-0-20-Qw8Zr5Tn1m.yaml'),
    path.join(second, '.bug-levels', 'uwsgi-pinned-below-2-0-20-Qw8Zr5Tn1m.yaml'),
  );
  fs.rmSync(path.join(first, '.bug-levels', 'uwsgi-pinned-below-2-0-20-Qw8Zr5Tn1m.yaml'));
  const file = path.join(root, 'bug-levels.code-workspace');
  fs.writeFileSync(file, JSON.stringify({ folders: [{ path: 'formfyxer' }, { path: 'uwsgi-image' }] }, null, 2));
  return file;
}
