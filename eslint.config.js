// ESLint, flat config: typescript-eslint's type-checked rules on every TypeScript file.
// Formatting is Prettier's job (.prettierrc.json), so no stylistic rules here.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'dist/', 'bench/output/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The codebase's one convention for unused bindings: a leading underscore.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Handlers see services only (App): a command, button or form never reaches a repository or
    // the database itself. Types of rows (Team, Athlete...) may still be named.
    files: ['commands/**/*.ts', 'src/discord/components/**/*.ts', 'src/discord/render/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/repositories/*', '**/db/*', '**/outbox/outbox'],
              allowTypeImports: true,
              message: 'Handlers call a service (see App in src/app.ts); repositories, the database and the outbox stay behind them.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests: fakes implement async ports without awaiting, vitest's asymmetric matchers
    // (expect.any, expect.stringContaining) are typed any, and JSON read back from SQLite
    // or the local Discord is asserted on directly.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The local Discord is a fake of Discord's HTTP API and gateway: it reads request bodies
    // as the loose JSON they are and answers as Discord would. The real discord.js client on
    // the other end, and the e2e tests, are its type check.
    files: ['src/demo/local-discord/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    // Plain JavaScript (this file, scripts/build.mjs): no types to check; it runs on Node.
    files: ['**/*.{js,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
