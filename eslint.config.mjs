// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { readdirSync } from 'node:fs';

// The web console's feature folders: each may use lib/ and components/, never another feature (STYLE.md).
const WEB_FEATURES = readdirSync(new URL('./web/src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'eslint.config.mjs',
      'jest.config.js',
      'jest.faults.config.js',
      'test/screenshots.jest.config.js',
      'web/dist/',
      'web/src/lib/api-types.ts',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
    },
  },
  {
    // libs/ is pure code: no Nest, no database, nothing from src/ (SPEC §2).
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', '@mikro-orm/*', 'pg', 'pg-*', 'bull', 'ioredis'],
              message: 'libs/ stays free of Nest and the database.',
            },
            { group: ['**/src/**', '../../src/*'], message: 'libs/ never imports from src/.' },
          ],
        },
      ],
    },
  },
  {
    // cli/ is a client of the HTTP API: it knows nothing of Nest, the database or the service's code (SPEC §11).
    files: ['cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', '@mikro-orm/*', 'pg', 'pg-*', 'bull', 'ioredis'],
              message: 'cli/ speaks HTTP only.',
            },
            {
              group: ['**/src/**', '../src/*', '**/libs/**', '../libs/*'],
              message: 'cli/ shares no code with the service.',
            },
          ],
        },
      ],
    },
  },
  {
    // Only src/config reads the environment; scripts and tests are entry points of their own.
    files: ['src/**/*.ts'],
    ignores: ['src/config/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config.' },
      ],
    },
  },
  {
    files: ['scripts/**/*.{ts,js,mjs}', 'test/**/*.{ts,mjs}'],
    languageOptions: { globals: globals.node },
    rules: { 'no-console': 'off' },
  },
  {
    // Response bodies in tests are whatever the service answered; the assertions are their types.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/**/*.{ts,tsx,mjs}'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['web/vite.config.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // Imports flow one way: lib and components → features → app.
    files: ['web/src/lib/**', 'web/src/components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/features/*', '@/app/*'], message: 'Shared code knows no feature and no app.' },
          ],
        },
      ],
    },
  },
  ...WEB_FEATURES.map((feature) => ({
    files: [`web/src/features/${feature}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/features/*', `!@/features/${feature}`, '@/app/*', '../../*'],
              message: `A feature never imports another feature or the app; import shared code as @/lib or @/components.`,
            },
          ],
        },
      ],
    },
  })),
);
