/**
 * The in-host test entry point (the @vscode/test-electron contract): VS Code's extension host
 * loads this module and calls run(); the promise decides the exit code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20_000, reporter: 'spec' });
  // For development: `npm run test:integration -- --env BUG_LEVELS_TEST_GREP=terminal`.
  if (process.env.BUG_LEVELS_TEST_GREP) mocha.grep(process.env.BUG_LEVELS_TEST_GREP);
  // Two workspaces, two runs: a single folder (the default), and a multi-root workspace that
  // runs only the *.multiRoot.test.js files.
  const multiRoot = process.env.BUG_LEVELS_SUITE === 'multi-root';
  const files = fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js') && name.endsWith('.multiRoot.test.js') === multiRoot);
  for (const file of files.sort()) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    let passed = 0;
    const runner = mocha.run((failures) => {
      // The plain closing line the test orchestrator (and CI) reads.
      console.log(`integration (${multiRoot ? 'multi-root' : 'single folder'}): ${passed} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
      else if (passed === 0) reject(new Error('No integration test ran.'));
      else resolve();
    });
    runner.on('pass', () => passed++);
  });
}
