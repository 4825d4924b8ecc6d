// ESLint with typescript-eslint's type-aware rules over src/, scripts/ and test/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'index/', 'models/', 'state/', 'coverage/', 'test/fixtures/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Promises handed to event emitters and timers are handled where they are made (log and go on).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Control characters in regular expressions are what the normalisers strip.
      'no-control-regex': 'off',
      // Chinese text is indented and spaced with U+3000 on purpose.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipRegExps: true, skipComments: true }],
      // Async methods implement interfaces that return promises, whether or not they wait on one.
      '@typescript-eslint/require-await': 'off',
      // The no-unsafe-* rules stay on (recommendedTypeChecked): JSON read from disk goes through zod
      // (src/util/json-file.ts), and a test that looks into JSON says what it expects to find.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      // Fakes and assertions stringify loosely typed payloads on purpose.
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
);
