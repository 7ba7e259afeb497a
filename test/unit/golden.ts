/**
 * Golden files: expected outputs kept in test/unit/golden/ and compared byte for byte.
 * `UPDATE_GOLDEN=1 npx mocha` rewrites them from the current output (then review the diff).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './helpers';

export const GOLDEN_DIR = path.join(REPO_ROOT, 'test', 'unit', 'golden');

/** Asserts `actual` equals test/unit/golden/`name`, or writes it there under UPDATE_GOLDEN=1. */
export function matchGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `${path.relative(REPO_ROOT, file)} is missing: run UPDATE_GOLDEN=1 npx mocha to write it`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)`);
}
