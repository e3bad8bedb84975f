// ESLint (flat config): the recommended rules of ESLint and typescript-eslint over the TypeScript
// of src/ and test/, and few choices of our own. `npm run lint`; `npm test` runs it first.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.bench-tmp/**', 'test-results/**', '**/*.js'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // Unused names are errors, except those that say they are unused on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `for (;;)` / `while (true)` with a return inside are the clearest form of a retry loop.
      'no-constant-condition': ['error', { checkLoops: false }],
      // Expected text with indentation reads best with its spaces as they are.
      'no-regex-spaces': 'off',
    },
  },
  {
    // `import * as vscode from 'vscode'` makes esbuild copy each of the module's exports (vscode's
    // are about 400) into a new object when the file loads: about 2 ms per file in the extension
    // host, paid at activation and by every feature file on first use. `import x = require('x')`
    // is a plain require().
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ImportDeclaration[importKind!='type'][source.value=/^(vscode|node:.*|path|fs|os|http|https|crypto|child_process|net|url|util|stream|events|zlib|readline)$/] > ImportNamespaceSpecifier",
          message: "Write `import name = require('module')`: a namespace import of an external module copies all its exports at load (see eslint.config.js).",
        },
      ],
    },
  },
  {
    // Files over 300 lines and functions over 60 are the exception in src/: each says why in an
    // `eslint-disable max-lines -- <reason>` (or max-lines-per-function) comment at its head.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 300 }],
      'max-lines-per-function': ['error', { max: 60 }],
    },
  },
  {
    // The bench loads the plain-JavaScript harness (and a few Node modules) at run time, unbundled.
    files: ['test/bench/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
