// `npm run test:slow`: the suites that install settings-guard for real (npm
// pack, npm install -g, the pre-commit framework's own npm install), run a git
// server, or run long property and adversarial inputs, which would keep
// `npm test` from its one-minute budget. CI runs both (.ci/run); `npm run
// test:all` runs both here.
// Jest's default number of workers (cores - 1): the adversarial suite times itself against a budget.
const { maxWorkers: _allCores, ...base } = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['**/*.slow.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 600000,
};
