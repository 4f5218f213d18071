/**
 * Three kinds of test, one command (`npm test`):
 *   test/unit         pure code, no server
 *   test/workflow     workflows on the Java time-skipping test server, activities mocked
 *   test/integration  the real stack: Temporal dev server, worker, API over HTTP, SMTP, stand-ins
 * Servers are started by the tests themselves (see test/support) and stopped after.
 */
const transform = { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

module.exports = {
  testEnvironment: 'node',
  transform,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: process.env.CI ? 2 : '50%',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // test/cluster runs only on the cluster (npm run test:cluster, jest.cluster.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cluster/'],
  modulePathIgnorePatterns: ['<rootDir>/.tools', '<rootDir>/.data', '<rootDir>/dist'],
  watchPathIgnorePatterns: ['<rootDir>/.tools', '<rootDir>/.data'],
};
