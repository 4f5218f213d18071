/**
 * Global setup of `npm run test:cluster`: bundles the workflows as for every run, then starts the
 * production-like cluster (PostgreSQL + the Temporal server, no Web UI) in a temp folder on a free
 * block of ports, and tells the test files where it is. The teardown stops it and removes the folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { portFree } from '../../scripts/ports';
import { clusterPorts, PORT_BLOCK } from '../../scripts/cluster/settings';
import { startTemporalCluster, type TemporalCluster } from '../../scripts/cluster/temporal-cluster';
import { CLUSTER } from '../../scripts/cluster/settings';
import globalSetup from './global-setup';

declare global {
  var bfCluster: { cluster: TemporalCluster; dataDir: string } | undefined;
}

async function freeBase(): Promise<number> {
  const first = Number(process.env.CLUSTER_TEST_PORT_BASE ?? 46100);
  for (let base = first; base < first + 40 * PORT_BLOCK; base += PORT_BLOCK) {
    const ports = Object.values(clusterPorts(base));
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
  throw new Error(`no free block of ${PORT_BLOCK} ports from ${first}`);
}

export default async function clusterSetup() {
  await globalSetup();
  const serverDir = process.env.TEMPORAL_SERVER_DIR;
  const pgBin = process.env.PG_BIN;
  if (!serverDir || !pgBin)
    throw new Error('run through "npm run test:cluster" (it builds the server first)');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bf-cluster-'));
  let cluster: TemporalCluster;
  try {
    cluster = await startTemporalCluster({ dataDir, portBase: await freeBase(), serverDir, pgBin });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true }); // the teardown does not run when the setup fails
    throw err;
  }
  globalThis.bfCluster = { cluster, dataDir };
  process.env.BF_CLUSTER_ADDRESS = cluster.address;
  process.env.BF_CLUSTER_PG_URL = `postgres://${CLUSTER.dbUser}@127.0.0.1:${cluster.ports.postgres}/postgres`;
}
