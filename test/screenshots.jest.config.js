// `npm run screenshots`: boots the service with sample data and writes a PNG of each console page to
// docs/screenshots/ (not part of `npm test`: it writes files of the repository).
const base = require('../jest.config.js');

const e2e = base.projects.find((project) => project.displayName === 'e2e');

module.exports = {
  rootDir: '..',
  testTimeout: 180000,
  transform: e2e.transform,
  transformIgnorePatterns: e2e.transformIgnorePatterns,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/screenshots/*.screens.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
