// `npm run test:slow`: the suites that install settings-guard for real (npm
// pack, npm install -g, the pre-commit framework's own npm install) or run a
// git server, which would keep `npm test` from its one-minute budget. CI runs
// both (.ci/run).
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['**/*.slow.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 600000,
};
