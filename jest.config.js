// Two projects: unit tests beside the code (pure, fast) and tests that boot the service against the
// real PostgreSQL and Redis (test/). Type checking is `npm run typecheck`'s job, so ts-jest only transpiles.
// Dependencies that ship only ES modules (@nestjs/bull 12): Node 20
// requires them natively, jest's CommonJS runtime needs them transpiled.
const ESM_PACKAGES = ['@nestjs/bull', '@nestjs/bull-shared'];
const esm = `(${ESM_PACKAGES.join('|')})`;
const transform = {
  '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  [`^.+/node_modules/${esm}/.+\\.js$`]: ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }],
};
const transformIgnorePatterns = [`/node_modules/(?!${esm}/)`];

module.exports = {
  // Generous for the tests that boot the service or process 200k rows; unit tests finish in milliseconds.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/src/**/*.spec.ts',
        '<rootDir>/web/src/**/*.spec.ts',
      ],
      moduleNameMapper: { '^@/(.*)$': '<rootDir>/web/src/$1' },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
