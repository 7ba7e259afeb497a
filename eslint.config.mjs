// Lint: typescript-eslint's recommended type-aware rules, plus the walls between layers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'bench/results/**', '**/*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name='Object'][callee.property.name='assign']", message: 'Object.assign can swap a prototype when given parsed data; use spread.' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The core is pure: no VS Code, no Node built-ins (time, ids and files are passed in).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core must not import vscode: put VS Code code in src/host.' }],
        patterns: [{ group: ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto'], message: 'src/core is pure: pass I/O in through an interface.' }, { group: ['../host/*', '../cli/*', '../node/*'], message: 'src/core depends on nothing outside it.' }],
      }],
    },
  },
  {
    // The CLI and the Node file system run outside VS Code.
    files: ['src/cli/**/*.ts', 'src/node/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The CLI runs without VS Code.' }] }] },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly', window: 'readonly', document: 'readonly', Element: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
