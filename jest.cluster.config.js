/**
 * `npm run test:cluster`: a named subset of the integration tests — every stage walked over HTTP,
 * incidents and their retry, the digest, idempotency and the referral — against the
 * production-like cluster (Temporal server on PostgreSQL), requests spread over two API instances
 * and two workers polling. See test/support/cluster.ts.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  globalSetup: '<rootDir>/test/support/cluster-setup.ts',
  globalTeardown: '<rootDir>/test/support/cluster-teardown.ts',
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: [
    '<rootDir>/test/cluster/*.test.ts',
    '<rootDir>/test/integration/api-pathway.test.ts',
    '<rootDir>/test/integration/pathway.test.ts',
    '<rootDir>/test/integration/digest.test.ts',
    '<rootDir>/test/integration/api-idempotency.test.ts',
    '<rootDir>/test/integration/referral.test.ts',
  ],
};
