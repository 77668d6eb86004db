// The fault and load suites (npm run test:faults): they start PostgreSQL sessions, Redis servers and service
// processes of their own and kill them, so they run one file at a time, apart from `npm test`
// (docs/RELIABILITY.md). They reuse the e2e project's settings.
const base = require('./jest.config.js');

const e2e = base.projects.find((project) => project.displayName === 'e2e');

module.exports = {
  testTimeout: 600000,
  projects: [{ ...e2e, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'] }],
};
