// Tests run the TypeScript sources through babel-jest (type checking is
// `npm run typecheck`'s job): the CLI's too, in process through run(argv, io),
// and the built dist/cli.js where a process matters. babel-jest rather than
// @swc/jest: SWC's platform binaries are not on every registry mirror, which
// breaks `npm ci` from the lock file.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Real installs, the pre-commit framework, a git server, long property and adversarial runs: `npm run test:slow` (jest.slow.config.js).
  testPathIgnorePatterns: ['/node_modules/', '\\.slow\\.test\\.ts$'],
  moduleNameMapper: { '/generated/skim\\.wasm$': '<rootDir>/test/helpers/skim-wasm-bytes.js' },
  transform: {
    '^.+\\.ts$': [
      'babel-jest',
      {
        babelrc: false,
        configFile: false,
        presets: [['@babel/preset-typescript', { onlyRemoveTypeImports: false }]],
        plugins: ['@babel/plugin-transform-modules-commonjs'],
      },
    ],
  },
  globalSetup: '<rootDir>/test/helpers/global-setup.js',
  testTimeout: 30000,
  // Jest's default leaves a core idle (cores - 1: one worker on a two-core machine); most suites wait on git
  // and child processes, so every core gets a worker (54 s -> 31-38 s here).
  maxWorkers: '100%',
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.js'],
};
