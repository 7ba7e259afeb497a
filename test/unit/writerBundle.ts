import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

/**
 * Bundles the compiled writerProcess.js (out/test/unit) with the compiled modules it requires
 * into one file, for the tests that start many writer processes: a bundle loads in a fraction of
 * the time Node needs to resolve and load each module (yaml alone is dozens of files).
 */
export function bundleWriterProcess(outDir: string): string {
  const outfile = path.join(outDir, 'writerProcess.bundle.js');
  buildSync({ entryPoints: [path.join(__dirname, 'writerProcess.js')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'warning' });
  return outfile;
}

/** A fresh folder under the OS temp folder, removed when the test process exits. */
export function tempDirOutsideTests(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bug-levels-writer-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
