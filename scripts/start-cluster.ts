/**
 * `npm run start:cluster`: the service on the engine production runs, on this machine.
 * PostgreSQL, the Temporal server (persistence and SQL advanced visibility in PostgreSQL), the
 * Web UI with the codec endpoint, **two workers and two API instances** (the access log and the
 * idempotency records in the same PostgreSQL), the municipal stand-ins and the SMTP inbox.
 * Ctrl-C stops all of them. Data stays in `.data-cluster/` (`BF_CLUSTER_DATA_DIR`).
 *
 * Ports: `CLUSTER_PORT_BASE` (default 46000) + the offsets in scripts/cluster/settings.ts.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../platform/config';
import { waitForPort, type Child } from './cluster/processes';
import { portFree } from './ports';
import { CLUSTER, clusterPorts } from './cluster/settings';
import { startTemporalCluster, type TemporalCluster } from './cluster/temporal-cluster';

const env = process.env;
const dataDir = env.BF_CLUSTER_DATA_DIR ?? path.join(ROOT, '.data-cluster');
const portBase = Number(env.CLUSTER_PORT_BASE ?? 46000);
const serverDir = env.TEMPORAL_SERVER_DIR;
const pgBin = env.PG_BIN;
const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
let cluster: TemporalCluster | undefined;
let stopping = false;

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping: APIs, workers, stand-ins, inbox, Web UI, Temporal, PostgreSQL…');
  await cluster?.stop();
  process.exit(code);
}

async function main() {
  if (!serverDir || !pgBin) throw new Error('run through "npm run start:cluster" (scripts/start-cluster.sh)');
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  const ports = clusterPorts(portBase);
  for (const [what, port] of Object.entries(ports)) {
    if (!(await portFree(port)))
      throw new Error(
        `port ${port} (${what}) is in use: is a cluster running? Move it with CLUSTER_PORT_BASE.`,
      );
  }
  mkdirSync(dataDir, { recursive: true });
  const started = Date.now();
  const apiUrl = (i: number) => `http://localhost:${i === 0 ? ports.api1 : ports.api2}`;
  cluster = await startTemporalCluster({
    dataDir,
    portBase,
    serverDir,
    pgBin,
    ui: true,
    codecEndpoint: `${apiUrl(0)}/codec`,
    prefixOutput: true,
  });
  const procs = cluster.processes;
  procs.onUnexpectedExit = (child: Child, code, signal) => {
    console.error(`${child.name} exited (${signal ?? code}); stopping the cluster`);
    void stop(1);
  };
  const appEnv = {
    ...env,
    TEMPORAL_ADDRESS: cluster.address,
    TEMPORAL_NAMESPACE: CLUSTER.namespace,
    TEMPORAL_TASK_QUEUE: CLUSTER.taskQueue,
    TEMPORAL_UI_URL: cluster.uiUrl!,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(ports.smtp),
    STANDINS_URL: `http://127.0.0.1:${ports.standins}`,
    STANDINS_PORT: String(ports.standins),
    BF_DATA_DIR: path.join(dataDir, 'app'),
    AUDIT_DATABASE_URL: cluster.auditDatabaseUrl,
  };
  procs.run(
    'inbox',
    path.join(ROOT, 'node_modules', '.bin', 'maildev'),
    [
      '--smtp',
      String(ports.smtp),
      '--web',
      String(ports.inbox),
      '--ip',
      '127.0.0.1',
      '--web-ip',
      '127.0.0.1',
      '--mail-directory',
      path.join(dataDir, 'mail'),
      '--silent',
    ],
    { cwd: ROOT },
  );
  procs.run('standins', tsx, ['standins/main.ts'], { env: appEnv, cwd: ROOT });
  await waitForPort(ports.smtp, 'MailDev');
  const workerPorts = [ports.workerMetrics1, ports.workerMetrics2];
  for (let i = 0; i < CLUSTER.workers; i++)
    procs.run(`worker-${i + 1}`, tsx, ['worker/main.ts'], {
      env: { ...appEnv, WORKER_METRICS_PORT: String(workerPorts[i]) },
      cwd: ROOT,
    });
  const apiPorts = [ports.api1, ports.api2];
  for (let i = 0; i < CLUSTER.apis; i++)
    procs.run(`api-${i + 1}`, tsx, ['api/main.ts'], {
      // Both instances answer for the same public address: links in emails point at the first.
      env: { ...appEnv, API_PORT: String(apiPorts[i]), API_HOST: '127.0.0.1', PUBLIC_URL: apiUrl(0) },
      cwd: ROOT,
    });
  await Promise.all([
    ...apiPorts.map((p, i) => waitForPort(p, `API ${i + 1}`, { abort: () => stopping })),
    ...workerPorts.map((p, i) => waitForPort(p, `worker ${i + 1} metrics`, { abort: () => stopping })),
    waitForPort(ports.standins, 'stand-ins', { abort: () => stopping }),
  ]);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
  Bolig først is running on a Temporal cluster (started in ${secs} s). Data: ${dataDir}

    API 1 / API 2       ${apiUrl(0)}  ${apiUrl(1)}   (tokens: npm run --silent token -- --role caseworker --office hillevag)
    Temporal Web UI     ${cluster.uiUrl}        (namespace "${CLUSTER.namespace}", codec ${apiUrl(0)}/codec)
    Temporal frontend   ${cluster.address}       (server v${CLUSTER.temporalServerVersion}, PostgreSQL persistence + visibility)
    PostgreSQL          127.0.0.1:${ports.postgres}       (user ${CLUSTER.dbUser}; access log: ${CLUSTER.databases.audit})
    Web inbox (MailDev) http://localhost:${ports.inbox}/index.html (SMTP on 127.0.0.1:${ports.smtp})
    Municipal stand-ins http://localhost:${ports.standins}
    Worker metrics      http://localhost:${ports.workerMetrics1}/metrics  http://localhost:${ports.workerMetrics2}/metrics

  The walkthrough against it (second API): API_URL=${apiUrl(1)} STANDINS_URL=http://localhost:${ports.standins} UI_URL=${cluster.uiUrl} INBOX_URL=http://localhost:${ports.inbox} BF_DATA_DIR=${path.join(dataDir, 'app')} bash scripts/walkthrough.sh
  Ctrl-C stops everything.
`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  void stop(1);
});
