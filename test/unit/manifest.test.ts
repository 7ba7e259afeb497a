import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMAND_IDS } from '../../src/host/commandIds';
import { REPO_ROOT } from './helpers';

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string; icon?: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    configuration: { properties: Record<string, { description?: string; markdownDescription?: string }> };
    views: Record<string, Array<{ id: string }>>;
    viewsWelcome: Array<{ view: string; when?: string }>;
    keybindings: Array<{ command: string; key: string; mac?: string; when?: string }>;
  };
}

const readJson = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, name), 'utf8'));
const english = readJson('package.nls.json') as Record<string, string>;
const german = readJson('package.nls.de.json') as Record<string, string>;
/** package.json with every %key% replaced by its English text, as VS Code shows it. */
const manifest = JSON.parse(JSON.stringify(readJson('package.json')), (_key, value: unknown) => {
  if (typeof value !== 'string') return value;
  const match = /^%([^%]+)%$/.exec(value);
  if (!match) return value;
  const text = english[match[1]!];
  if (text === undefined) throw new Error(`package.json names %${match[1]}% but package.nls.json has no such key`);
  return text;
}) as Manifest;
const contributed = manifest.contributes.commands.map((c) => c.command);

/** Context keys this extension sets with setContext (grep of src/), plus the ones VS Code sets. */
const OUR_CONTEXT_KEYS = ['bugLevels.journalEmpty', 'bugLevels.hasActiveBug'];
const VSCODE_CONTEXT_KEYS = [
  'view',
  'viewItem',
  'focusedView',
  'listFocus',
  'inputFocus',
  'editorTextFocus',
  'editorHasSelection',
  'editorIsOpen',
  'terminalFocus',
  'terminalTextSelected',
  'terminalIsOpen',
  'explorerResourceIsFolder',
  'workbenchState',
  'false',
  'true',
];

describe('The manifest (package.json) and the code agree', () => {
  it('is localized: every text is a %key% of package.nls.json, and the German file has every key', () => {
    const raw = fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8');
    const used = [...raw.matchAll(/"%([^%"]+)%"/g)].map((match) => match[1]!);
    assert.ok(used.length > 50);
    assert.deepEqual(Object.keys(german).sort(), Object.keys(english).sort());
    for (const key of Object.keys(english)) assert.ok(used.includes(key), `package.nls.json has unused key ${key}`);
    for (const [key, text] of Object.entries(german)) assert.ok(text.trim().length > 0, key);
  });

  it('contributes exactly the commands the command table registers', () => {
    assert.deepEqual([...contributed].sort(), [...COMMAND_IDS].sort());
  });

  it('gives every command a Title Case title, the "Bug Levels" category and a codicon', () => {
    for (const command of manifest.contributes.commands) {
      assert.equal(command.category, 'Bug Levels', command.command);
      assert.match(command.title, /^[A-Z0-9(]/, command.command);
      assert.match(command.icon ?? '', /^\$\([a-z-]+\)$/, `${command.command} has no codicon`);
    }
  });

  it('describes every setting', () => {
    for (const [key, setting] of Object.entries(manifest.contributes.configuration.properties)) {
      assert.ok((setting.description ?? setting.markdownDescription ?? '').length > 20, `${key} needs a description`);
      assert.match(key, /^bugLevels\./);
    }
  });

  it('menus name only contributed commands', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) assert.ok(contributed.includes(item.command), `${menu} names unknown ${item.command}`);
    }
  });

  it('when clauses use only context keys the code sets or VS Code provides', () => {
    const source = listFiles(path.join(REPO_ROOT, 'src'))
      .map((file) => fs.readFileSync(file, 'utf8'))
      .join('\n');
    for (const key of OUR_CONTEXT_KEYS) assert.ok(source.includes(`'${key}'`), `${key} is never set in src/`);
    const clauses = [...Object.values(manifest.contributes.menus).flat(), ...manifest.contributes.viewsWelcome, ...manifest.contributes.keybindings].map(
      (item) => item.when ?? '',
    );
    for (const clause of clauses) {
      // Strip regex literals and quoted values; what is left are context keys and operators.
      const keys =
        clause
          .replace(/\/(?:\\.|[^/])*\//g, '')
          .replace(/'[^']*'/g, '')
          .match(/[A-Za-z][\w.]*/g) ?? [];
      for (const key of keys) {
        if (['empty', 'link'].includes(key)) continue; // values compared with ==
        assert.ok([...OUR_CONTEXT_KEYS, ...VSCODE_CONTEXT_KEYS].includes(key), `unknown context key '${key}' in: ${clause}`);
      }
    }
  });

  it('binds keys only to contributed commands, each with a when clause and a Mac variant', () => {
    for (const binding of manifest.contributes.keybindings) {
      assert.ok(contributed.includes(binding.command), binding.command);
      assert.ok(binding.when, `${binding.command} (${binding.key}) needs a when clause`);
      assert.ok(binding.mac, `${binding.command} (${binding.key}) needs a Mac key`);
    }
  });

  it('context values matched by the menus are the ones the tree produces', () => {
    const tree = fs.readFileSync(path.join(REPO_ROOT, 'src', 'host', 'tree.ts'), 'utf8');
    for (const prefix of ['bug', 'hypothesis.', 'snippet.', 'link', 'group.', 'folder', 'timeline', 'event.', 'problem']) {
      assert.ok(tree.includes(`'${prefix}`) || tree.includes(`\`${prefix}`), `tree.ts never produces a context value starting with ${prefix}`);
    }
  });
});

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}
