// Lint: typescript-eslint's recommended type-aware rules, plus the walls between layers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const OBJECT_ASSIGN = {
  selector: "CallExpression[callee.object.name='Object'][callee.property.name='assign']",
  message: 'Object.assign can swap a prototype when given parsed data; use spread.',
};
const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'worker_threads'];

/**
 * A lint wall: files matching `files` may not import the `modules` named, nor any path through a
 * folder named in `folders`, at any depth.
 * @param {string} files
 * @param {[string[], string[]]} forbidden  [module names, folder names]
 * @param {string} message
 * @param {string[]} [patterns]  more module patterns (gitignore style)
 */
function walls(files, [modules, folders], message, patterns = []) {
  return {
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: modules.map((name) => ({ name, message })),
          patterns: [
            ...(patterns.length ? [{ group: patterns, message }] : []),
            ...(folders.length ? [{ regex: `(^|/)(${folders.join('|')})(/|$)`, message }] : []),
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'types/**', 'node_modules/**', 'bench/results/**', '**/*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', OBJECT_ASSIGN],
      eqeqeq: ['error', 'smart'],
    },
  },
  // The walls between layers. Import paths are matched by what they name, whatever the depth of
  // `../`: `(^|/)host(/|$)` catches `../host/x` and `../../host/x` alike.
  // (One config object per folder: ESLint does not merge a rule set twice for the same file.)
  walls(
    'src/core/store/**/*.ts',
    [['vscode'], ['host', 'node', 'cli']],
    'src/core never imports VS Code, src/host, src/node or src/cli: pass I/O in through an interface.',
    NODE_BUILTINS,
  ),
  walls('src/core/format/**/*.ts', [['vscode'], ['host', 'node', 'cli', 'store']], 'The file format is pure and depends on the model only.', NODE_BUILTINS),
  walls(
    'src/core/model/**/*.ts',
    [['vscode'], ['host', 'node', 'cli', 'store', 'format']],
    'The model is pure: it depends on nothing outside src/core/model.',
    NODE_BUILTINS,
  ),
  walls('src/{node,cli,mcp}/**/*.ts', [['vscode'], ['host']], 'The CLI, the MCP server and the Node adapters run without VS Code.'),
  {
    // The model and the file format are pure: time comes in as an argument, ids from an IdSource,
    // and nothing waits. (tsconfig.pure.json compiles them without Node's types as well.)
    files: ['src/core/model/**/*.ts', 'src/core/format/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Pass the time in (`now: Timestamp`).' },
        { object: 'Math', property: 'random', message: 'Take ids from an IdSource.' },
        { object: 'performance', message: 'The pure core does not measure time.' },
      ],
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'performance', 'process', 'Buffer'].map((name) => ({
          name,
          message: 'The pure core has no timers, no process and no I/O.',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pass the time in (`now: Timestamp`).' },
        OBJECT_ASSIGN,
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        window: 'readonly',
        document: 'readonly',
        Element: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
