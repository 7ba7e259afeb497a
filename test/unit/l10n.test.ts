import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './helpers';
import { codicons, hostSourceFiles, l10nCalls, placeholders, typeScriptFiles, untranslatedLiterals, type Finding, type L10nCall } from './l10nScan';

/**
 * Every file of the VS Code layer (each .ts file under src/host, at any depth, and
 * src/extension.ts) is scanned for user-facing literals outside vscode.l10n.t, a new file
 * included, without being listed anywhere. A file leaves the scan only through this deny-list,
 * each entry (path -> why) saying why the file has no user-facing text at all. Empty today: the
 * files without such text give the scan nothing to report (error codes compared with `===` are
 * not shown to anyone).
 */
const NOT_SCANNED: ReadonlyMap<string, string> = new Map<string, string>([]);

/** Untranslated literals in the host files under `root`, except NOT_SCANNED files. */
function hostFindings(root: string): Finding[] {
  return hostSourceFiles(root)
    .filter((file) => !NOT_SCANNED.has(path.relative(root, file).split(path.sep).join('/')))
    .flatMap((file) => untranslatedLiterals(file));
}

/** Messages whose German text is the English one on purpose (names, loanwords, pure formats). */
const SAME_IN_GERMAN = new Set(['Bug Levels: {0}', 'Upstream', 'Workaround']);

const readBundle = (name: string): Record<string, string> => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'l10n', name), 'utf8')) as Record<string, string>;
const english = readBundle('bundle.l10n.json');
const german = readBundle('bundle.l10n.de.json');
const calls: L10nCall[] = typeScriptFiles(path.join(REPO_ROOT, 'src')).flatMap((file) => l10nCalls(file));
const where = (call: L10nCall): string => `${path.relative(REPO_ROOT, call.file)}:${call.line}`;

describe('Localization (vscode.l10n.t and the l10n/ bundles)', () => {
  it('finds the l10n.t calls of the VS Code layer, and every host file to scan', () => {
    assert.ok(calls.length > 100, `only ${calls.length} l10n.t calls found`);
    const scanned = hostSourceFiles(REPO_ROOT).map((file) => path.relative(REPO_ROOT, file).split(path.sep).join('/'));
    for (const file of ['src/extension.ts', 'src/host/retroCommands.ts', 'src/host/tree.ts']) assert.ok(scanned.includes(file), `${file} is not scanned`);
    for (const file of NOT_SCANNED.keys()) assert.ok(scanned.includes(file), `${file} is gone: remove it from NOT_SCANNED`);
  });

  it('gives every l10n.t call a plain string literal message and one argument per placeholder {0}, {1}, …', () => {
    for (const call of calls) {
      assert.ok(call.message !== undefined, `${where(call)}: the message must be a string literal (the bundle key), not a variable or template`);
      const used = placeholders(call.message);
      assert.deepEqual(
        used,
        used.map((_, index) => index),
        `${where(call)}: placeholders must be {0}, {1}, … without gaps: ${call.message}`,
      );
      assert.equal(call.argCount, used.length, `${where(call)}: ${used.length} placeholder(s) but ${call.argCount} argument(s): ${call.message}`);
    }
  });

  it('lists exactly the messages used in l10n/bundle.l10n.json, each its own English text', () => {
    const used = new Set(calls.map((call) => call.message!));
    for (const call of calls)
      assert.ok(Object.hasOwn(english, call.message!), `${where(call)}: missing in l10n/bundle.l10n.json: ${JSON.stringify(call.message)}`);
    for (const [key, text] of Object.entries(english)) {
      assert.ok(used.has(key), `l10n/bundle.l10n.json has a message no l10n.t call uses: ${JSON.stringify(key)}`);
      assert.equal(text, key);
    }
  });

  it('translates every message in l10n/bundle.l10n.de.json, keeping its placeholders and codicons', () => {
    assert.deepEqual(Object.keys(german).sort(), Object.keys(english).sort());
    for (const call of calls)
      assert.ok(Object.hasOwn(german, call.message!), `${where(call)}: missing in l10n/bundle.l10n.de.json: ${JSON.stringify(call.message)}`);
    for (const [key, text] of Object.entries(german)) {
      assert.ok(text.trim().length > 0, `empty German text for ${JSON.stringify(key)}`);
      assert.deepEqual(placeholders(text), placeholders(key), `the German text has other placeholders than ${JSON.stringify(key)}: ${JSON.stringify(text)}`);
      assert.deepEqual(codicons(text), codicons(key), `the German text has other codicons than ${JSON.stringify(key)}: ${JSON.stringify(text)}`);
      assert.equal(
        text.startsWith(' ') || text.endsWith(' '),
        key.startsWith(' ') || key.endsWith(' '),
        `leading or trailing space differs: ${JSON.stringify(key)}`,
      );
      if (!SAME_IN_GERMAN.has(key)) assert.notEqual(text, key, `not translated: ${JSON.stringify(key)}`);
    }
  });

  it('passes no bare English literal to a notification, input box, quick pick, tree item or the status bar in any host file', () => {
    const findings = hostFindings(REPO_ROOT);
    const shown = (f: Finding): string => `${path.relative(REPO_ROOT, f.file)}:${f.line}: ${f.why}: ${JSON.stringify(f.text)}`;
    assert.deepEqual(findings.map(shown), []);
  });

  describe('the checks themselves', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bug-levels-l10n-'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const write = (code: string): string => {
      const file = path.join(dir, `case${fs.readdirSync(dir).length}.ts`);
      fs.writeFileSync(file, `import * as vscode from 'vscode';\n${code}\n`);
      return file;
    };

    it('scan a new host file, at any depth, without it being listed anywhere', () => {
      const root = path.join(dir, 'repo');
      const sample = `import * as vscode from 'vscode';\nvoid vscode.window.showInformationMessage('Snippet saved.');\n`;
      for (const file of ['src/host/brandNewCommands.ts', 'src/host/panels/deeper.ts', 'src/extension.ts']) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), sample);
      }
      const flagged = hostFindings(root).map((f) => `${path.relative(root, f.file).split(path.sep).join('/')}: ${f.text}`);
      assert.deepEqual(flagged, [
        'src/extension.ts: Snippet saved.',
        'src/host/brandNewCommands.ts: Snippet saved.',
        'src/host/panels/deeper.ts: Snippet saved.',
      ]);
    });

    it('read a sample that exists only in memory', () => {
      const sample = `import * as vscode from 'vscode';\nexport function saved(): void {\n  void vscode.window.showWarningMessage('Retro saved.');\n}\n`;
      assert.deepEqual(
        untranslatedLiterals('src/host/inMemory.ts', sample).map((f) => [f.line, f.text]),
        [[3, 'Retro saved.']],
      );
      assert.deepEqual(untranslatedLiterals('src/host/inMemory.ts', sample.replace("'Retro saved.'", "vscode.l10n.t('Retro saved.')")), []);
      assert.deepEqual(
        l10nCalls('src/host/inMemory.ts', sample.replace("'Retro saved.'", "vscode.l10n.t('Retro saved.')")).map((c) => c.message),
        ['Retro saved.'],
      );
    });

    it('catch the regressions they are for', () => {
      const regressions = [
        `void vscode.window.showInformationMessage('Nothing to undo.');`,
        `void vscode.window.showWarningMessage(\`Deleted '\${title}'.\`);`,
        `void vscode.window.showErrorMessage(\`\${a}: \${b}\`.length ? 'Failed' : 'Broken');`,
        `void vscode.window.showInputBox({ prompt: 'Minutes allowed at this level' });`,
        `void vscode.window.showInputBox({ title: vscode.l10n.t('New Bug'), placeHolder: 'a title' });`,
        `const pick = { title: done ? 'Done' : vscode.l10n.t('Not yet') };`,
        `item.tooltip = \`Open \${url}\`;`,
        `const label = group === 'parked' ? 'Parked' : 'Resolved';`,
        `const text = \`\${count} \${paused ? 'paused' : 'running'} over time\`;`,
        `vscode.window.setStatusBarMessage('$(check) Snippet attached', 3000);`,
        `const why = reason ?? 'Why set it aside?';`,
        `const node = new vscode.TreeItem('Timeline');`,
      ];
      for (const code of regressions) assert.notDeepEqual(untranslatedLiterals(write(code)), [], `not caught: ${code}`);
    });

    it('let translated code, ids, journal content and programming errors through', () => {
      const fine = [
        `void vscode.window.showInformationMessage(vscode.l10n.t("Next: '{0}'. {1}", title, reason));`,
        `void vscode.window.showInputBox({ prompt: vscode.l10n.t('Why? (optional)'), value: String(3) });`,
        `item.description = \`\${count}\`; item.contextValue = 'bug.level1.open';`,
        `const text = \`\${cond ? 'clock gap (sleep or suspend)' : 'idle'} not counted\`; // l10n-ignore: journal content`,
        `throw new Error(\`The nudge has no action '\${id}'.\`);`,
        `output.info(\`Loaded \${n} bug(s).\`);`,
        `const actions = [{ id: 'Keep drilling', label: vscode.l10n.t('Keep drilling') }];`,
        `diagnostic.source = 'Bug Levels'; const kind: 'timebox-over' | 'random-walk' = 'random-walk';`,
        `const ok = /^https?:\\/\\/\\S+$/.test(value) ? undefined : vscode.l10n.t('An http(s) URL');`,
        `if (error instanceof vscode.FileSystemError && (error.code === 'FileNotFound' || error.code !== 'EntryNotFound')) return;`,
        `switch (error.code) { case 'FileExists': break; }`,
      ];
      for (const code of fine) assert.deepEqual(untranslatedLiterals(write(code)), [], `flagged: ${code}`);
    });

    it('read l10n.t messages, and reject a message that is not a string literal', () => {
      const [plain, template, variable] = l10nCalls(write(`vscode.l10n.t('It\\'s {0} of {1}', a, b);\nvscode.l10n.t(\`Open \${x}\`);\nl10n.t(message);`));
      assert.deepEqual([plain?.message, plain?.argCount], ["It's {0} of {1}", 2]);
      assert.equal(template?.message, undefined);
      assert.equal(variable?.message, undefined);
    });
  });
});
