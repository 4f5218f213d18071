/**
 * `npm run test:cluster`: the integration tests named in jest.cluster.config.js run against the
 * production-like cluster (Temporal server on PostgreSQL) that test/support/cluster-setup.ts
 * starts once per run. Each test file gets a namespace and an access-log database of its own, so
 * files running side by side never see each other's cases, coordinators or schedules; requests are
 * spread over two API instances and two workers poll the task queue.
 */
import { randomBytes } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { CodecKeys } from '../../platform/codec';
import { dataConverter } from '../../platform/temporal';
import { ensureNamespace } from '../../scripts/cluster/temporal-cluster';
import { quietRuntime } from './temporal';

/** The two workers' identities, as recorded in the histories of the tasks each one took. */
export const CLUSTER_WORKER_IDENTITIES = ['cluster-worker-1', 'cluster-worker-2'] as const;

export interface ClusterTarget {
  address: string;
  /** postgres://…/postgres, to create a database per test file. */
  pgUrl: string;
}

/** Set by the cluster global setup; undefined on an ordinary `npm test`. */
export function clusterTarget(): ClusterTarget | undefined {
  const address = process.env.BF_CLUSTER_ADDRESS;
  const pgUrl = process.env.BF_CLUSTER_PG_URL;
  return address && pgUrl ? { address, pgUrl } : undefined;
}

/** A fresh namespace on the cluster, with every search attribute, as a test environment. */
export async function createClusterEnv(
  target: ClusterTarget,
  keys: CodecKeys,
): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const namespace = `bf-test-${randomBytes(5).toString('hex')}`;
  await ensureNamespace(target.address, namespace, 1);
  return TestWorkflowEnvironment.createFromExistingServer({
    address: target.address,
    namespace,
    client: { dataConverter: dataConverter(keys) },
  });
}

/** A fresh database for this file's access log and idempotency records; its URL. */
export async function createAuditDatabase(target: ClusterTarget): Promise<string> {
  const name = `audit_${randomBytes(5).toString('hex')}`;
  const pg = new PgClient({ connectionString: target.pgUrl });
  await pg.connect();
  try {
    await pg.query(`CREATE DATABASE ${name}`);
  } finally {
    await pg.end();
  }
  const url = new URL(target.pgUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
