import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const repoRoot = path.resolve(__dirname, '../../..');

/**
 * What lint reports for `code` as if it were the file at `file` (repository-relative). The file
 * must exist: the type-aware rules only parse files the TypeScript project knows.
 */
async function lintAs(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoRoot });
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message.split('.')[0]}`);
}

describe('lint walls between the layers', function () {
  this.timeout(60_000);

  const cases: Array<[file: string, code: string]> = [
    ['src/core/model/levels.ts', "import '../../host/log';"],
    ['src/core/model/retro/escape.ts', "import '../../../host/log';"],
    ['src/core/model/levels.ts', "import '../store/journalStore';"],
    ['src/core/model/levels.ts', "import '../format/format';"],
    ['src/core/model/levels.ts', "import 'vscode';"],
    ['src/core/model/levels.ts', "import 'node:fs';"],
    ['src/core/format/problems.ts', "import '../store/journalStore';"],
    ['src/core/store/staleFiles.ts', "import '../../../src/host/log';"],
    ['src/core/store/staleFiles.ts', "import 'vscode';"],
    ['src/node/bugParser.ts', "import '../host/log';"],
    ['src/cli/bin.ts', "import '../../src/host/log';"],
    ['src/cli/bin.ts', "import 'vscode';"],
  ];
  for (const [file, code] of cases) {
    it(`refuses ${code} in ${file}`, async () => {
      const messages = await lintAs(file, `${code}\nexport const x = 1;\n`);
      assert.ok(
        messages.some((m) => m.startsWith('no-restricted-imports')),
        messages.join('\n') || 'no lint message',
      );
    });
  }

  for (const [file, code] of [
    ['src/core/model/levels.ts', 'export const t = Date.now();'],
    ['src/core/model/levels.ts', 'export const r = Math.random();'],
    ['src/core/format/problems.ts', 'export const d = new Date();'],
    ['src/core/format/problems.ts', 'setTimeout(() => undefined, 1);'],
    ['src/core/model/levels.ts', 'export const p = performance.now();'],
  ] as const) {
    it(`refuses ${code} in ${file}: time and randomness come in from outside`, async () => {
      const messages = await lintAs(file, `${code}\n`);
      assert.ok(
        messages.some((m) => /no-restricted-(properties|globals|syntax)/.test(m)),
        messages.join('\n') || 'no lint message',
      );
    });
  }

  it('lets the store use the format and the model, and the host use the store', async () => {
    assert.deepEqual(await lintAs('src/core/store/staleFiles.ts', "import '../format/format';\nimport '../model/types';\nexport const t = Date.now();\n"), []);
    assert.deepEqual(await lintAs('src/host/log.ts', "import '../core/store/journalStore';\nexport const x = 1;\n"), []);
  });
});
