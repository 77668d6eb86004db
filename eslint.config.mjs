// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'eslint.config.mjs', 'jest.config.js'] },
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
            { group: ['@nestjs/*', '@mikro-orm/*', 'pg', 'pg-*', 'bull', 'ioredis'], message: 'libs/ stays free of Nest and the database.' },
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
            { group: ['@nestjs/*', '@mikro-orm/*', 'pg', 'pg-*', 'bull', 'ioredis'], message: 'cli/ speaks HTTP only.' },
            { group: ['**/src/**', '../src/*', '**/libs/**', '../libs/*'], message: 'cli/ shares no code with the service.' },
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
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/config.' }],
    },
  },
  {
    files: ['scripts/**/*.{ts,js,mjs}', 'test/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-console': 'off' },
  },
  {
    // Response bodies in tests are whatever the service answered; the assertions are their types.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
