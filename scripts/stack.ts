/**
 * `npm start`: the whole stack on this machine. Starts the Temporal dev server (SQLite on disk,
 * Web UI), a local SMTP server with a web inbox (MailDev), the stand-ins for the municipal
 * systems, the worker and the API; prints every URL; Ctrl-C stops all of them. Data stays in
 * .data/ so the next start finds every case again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ROOT } from '../platform/config';
import { addMissingSearchAttributes, searchAttributeFlags } from './search-attributes';

const env = process.env;
const dataDir = env.BF_DATA_DIR ?? path.join(ROOT, '.data');
const temporalCli = env.TEMPORAL_CLI ?? path.join(ROOT, '.tools', 'bin', 'temporal');
const ports = {
  temporal: Number(env.TEMPORAL_PORT ?? 7233),
  ui: Number(env.TEMPORAL_UI_PORT ?? 8233),
  api: Number(env.API_PORT ?? 3000),
  smtp: Number(env.SMTP_PORT ?? 1025),
  inbox: Number(env.MAILDEV_WEB_PORT ?? 1080),
  standins: Number(env.STANDINS_PORT ?? 4010),
  workerMetrics: Number(env.WORKER_METRICS_PORT ?? 9464),
  idp: Number(env.IDP_PORT ?? 4020),
};
const namespace = env.TEMPORAL_NAMESPACE ?? 'bolig-forst';
const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const children: { name: string; proc: ChildProcess }[] = [];
let stopping = false;

function run(name: string, cmd: string, args: string[], extraEnv: Record<string, string> = {}) {
  const proc = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `${name.padEnd(9)}|`;
  for (const stream of [proc.stdout, proc.stderr]) {
    let buf = '';
    stream!.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const line of lines) if (line.trim()) process.stdout.write(`${prefix} ${line}\n`);
    });
  }
  proc.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${prefix} exited (${signal ?? code}); stopping the stack`);
      void stop(1);
    }
  });
  children.push({ name, proc });
  return proc;
}

function waitForPort(port: number, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (stopping) return reject(new Error('stopping'));
        if (Date.now() > deadline) return reject(new Error(`${what} did not open port ${port}`));
        setTimeout(attempt, 250);
      });
    };
    attempt();
  });
}

async function assertFree(port: number, what: string) {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', () =>
      reject(
        new Error(
          `port ${port} (${what}) is already in use: is another stack running? Override with the env variable in the README.`,
        ),
      ),
    );
    server.listen(port, '0.0.0.0', () => server.close(() => resolve()));
  });
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping: worker, API, stand-ins, inbox, Temporal…');
  // The app first, Temporal last, so the worker can finish its tasks against a live server.
  for (const c of [...children].reverse()) c.proc.kill('SIGTERM');
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.proc.exitCode !== null || c.proc.signalCode !== null) return resolve();
          const t = setTimeout(() => {
            c.proc.kill('SIGKILL');
            resolve();
          }, 15_000);
          c.proc.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
        }),
    ),
  );
  process.exit(code);
}

async function main() {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  mkdirSync(dataDir, { recursive: true });
  for (const [what, port] of Object.entries(ports)) await assertFree(port, what);

  const started = Date.now();
  const appEnv = {
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_UI_URL: `http://localhost:${ports.ui}`,
    API_PORT: String(ports.api),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(ports.smtp),
    STANDINS_URL: `http://127.0.0.1:${ports.standins}`,
    STANDINS_PORT: String(ports.standins),
    WORKER_METRICS_PORT: String(ports.workerMetrics),
    BF_DATA_DIR: dataDir,
  };
  // The web app signs in at the local identity provider; the API checks its tokens by its JWKS.
  const idpUrl = `http://localhost:${ports.idp}`;
  const apiEnv = {
    ...appEnv,
    OIDC_ISSUER: idpUrl,
    OIDC_RESOURCE: 'urn:bolig-forst:api',
    AUTH_JWKS_URL: `${idpUrl}/jwks`,
    AUTH_ISSUER: idpUrl,
  };
  run('temporal', temporalCli, [
    'server',
    'start-dev',
    '--db-filename',
    path.join(dataDir, 'temporal.db'),
    '--namespace',
    namespace,
    '--port',
    String(ports.temporal),
    '--ui-port',
    String(ports.ui),
    '--ip',
    '127.0.0.1',
    '--ui-codec-endpoint',
    `http://localhost:${ports.api}/codec`,
    '--log-level',
    'warn',
    ...searchAttributeFlags(),
  ]);
  run('inbox', path.join(ROOT, 'node_modules', '.bin', 'maildev'), [
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
  ]);
  run('standins', tsx, ['standins/main.ts'], appEnv);
  run('idp', tsx, ['idp/main.ts'], { ...appEnv, IDP_PORT: String(ports.idp), OIDC_ISSUER: idpUrl });
  await waitForPort(ports.temporal, 'Temporal');
  // A data folder made before a search attribute existed gets it now (the flags act on a new database only).
  const added = await addMissingSearchAttributes(`127.0.0.1:${ports.temporal}`, namespace);
  if (added.length > 0)
    console.log(`registered search attributes the data folder lacked: ${added.join(', ')}`);
  await waitForPort(ports.smtp, 'MailDev');
  run('worker', tsx, ['worker/main.ts'], appEnv);
  run('api', tsx, ['api/main.ts'], apiEnv);
  await Promise.all([
    waitForPort(ports.api, 'API'),
    waitForPort(ports.idp, 'identity provider'),
    waitForPort(ports.standins, 'stand-ins'),
    waitForPort(ports.ui, 'Web UI'),
  ]);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
  Bolig først is running (started in ${secs} s). Data: ${dataDir}

    Web app             http://localhost:${ports.api}/app/   (sign in as a test user, e.g. Kari, saksbehandler, Hillevåg)
    API                 http://localhost:${ports.api}        (GET /healthz; tokens: npm run --silent token -- --role caseworker --office hillevag)
    Identity provider   ${idpUrl}        (development sign-in, test users in the README)
    Temporal Web UI     http://localhost:${ports.ui}        (namespace "${namespace}")
    Temporal frontend   127.0.0.1:${ports.temporal}
    Web inbox (MailDev) http://localhost:${ports.inbox}/index.html (SMTP on 127.0.0.1:${ports.smtp})
    Municipal stand-ins http://localhost:${ports.standins}
    Worker metrics      http://localhost:${ports.workerMetrics}/metrics

  Ctrl-C stops everything.
`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  void stop(1);
});
