/** Stops the cluster the cluster setup started and removes its folder (logs kept on failure: BF_KEEP_CLUSTER=1). */
import { rmSync } from 'node:fs';
import globalTeardown from './global-teardown';

export default async function clusterTeardown() {
  await globalTeardown();
  const started = globalThis.bfCluster;
  if (!started) return;
  await started.cluster.stop();
  if (process.env.BF_KEEP_CLUSTER !== '1') rmSync(started.dataDir, { recursive: true, force: true });
  else console.log(`cluster data and logs kept in ${started.dataDir}`);
}
