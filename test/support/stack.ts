/**
 * The real stack, in one test process, on free ports: the Temporal CLI's dev server, the worker
 * with the real activities, the API over HTTP, an SMTP server and the municipal stand-ins.
 * Integration tests talk to it only as a user would: HTTP, email, the Temporal visibility API.
 */
import { standinSystems } from '../../platform/config';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createApp, type ApiDeps } from '../../api/app';
import { housingDirectory } from '../../api/housing';
import { createVerifier } from '../../api/auth';
import { openStores, type Stores } from '../../api/store';
import type { Role } from '../../domain/types';
import { CaseDirectory } from '../../read-model/case-directory';
import { signDevToken } from '../../platform/dev-tokens';
import { createLogger } from '../../platform/logger';
import { contractsIdle } from '../../standins/contracts';
import { createStandinsApp } from '../../standins/app';
import { CLUSTER_WORKER_IDENTITIES, clusterTarget, createAuditDatabase, createClusterEnv } from './cluster';
import { municipalities } from './fixtures';
import { Mailbox } from './mailbox';
import { createDevServerEnv, createTestWorker, TASK_QUEUE, TEST_KEYS } from './temporal';
import type { CaseWorkers } from '../../worker/workers';

const ISSUER = 'bolig-forst-test';
export const SVARUT_AUTH = { user: 'bolig-forst-test', pass: 'test-password' };
/** The Web UI origin the test API allows to call its codec server. */
export const UI_ORIGIN = 'http://localhost:8233';
const AUDIENCE = 'bolig-forst';

export interface Stack {
  env: TestWorkflowEnvironment;
  apiUrl: string;
  standinsUrl: string;
  mailbox: Mailbox;
  dataDir: string;
  /** The API's access log and idempotency records (SQLite in the data folder). */
  stores: Stores;
  /** The API's dependencies, to start a second API with some changed (e.g. a low rate limit). */
  apiDeps: ApiDeps;
  /** Starts another API on the same stack with some dependencies changed; stopped with the stack. */
  startApi(overrides: Partial<ApiDeps>): Promise<string>;
  /** A token; its municipality is the office's, else `municipality`, else Stavanger. */
  token(
    roles: Role | Role[],
    opts?: { office?: string; sub?: string; municipality?: string },
  ): Promise<string>;
  /** fetch against the API with a token for the given role. */
  call(
    method: string,
    route: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string>; base?: string },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

function listen(app: { listen: (port: number, host: string, cb: () => void) => Server }): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/**
 * On `npm run test:cluster` (see test/support/cluster.ts) the stack runs on the cluster instead:
 * its own namespace, the access log in PostgreSQL, two API instances taking turns answering
 * `call`, and two workers (each with its own connection) polling the task queue.
 */
export async function startStack(): Promise<Stack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bf-stack-'));
  const cluster = clusterTarget();
  const env = cluster ? await createClusterEnv(cluster, TEST_KEYS) : await createDevServerEnv();
  const mailbox = new Mailbox();
  await mailbox.start();
  const standins = await listen(
    createStandinsApp({ dataDir: path.join(dataDir, 'standins'), svarut: SVARUT_AUTH, hangMs: 60_000 }),
  );
  const standinsUrl = `http://127.0.0.1:${(standins.address() as AddressInfo).port}`;

  const jwtSecret = randomBytes(32);
  const log = createLogger('api-test', 'silent');
  const stores = await openStores({
    dataDir,
    databaseUrl: cluster ? await createAuditDatabase(cluster) : undefined,
  });
  const personIndexKey = randomBytes(32);
  const apiDeps: ApiDeps = {
    client: env.client,
    taskQueue: TASK_QUEUE,
    municipalities,
    verifyToken: createVerifier({ issuer: ISSUER, audience: AUDIENCE, devSecret: jwtSecret, municipalities }),
    idempotencySecret: randomBytes(32),
    housing: housingDirectory({ url: standinSystems(standinsUrl, SVARUT_AUTH).housingUrl }),
    personIndexKey,
    log,
    publicUrl: 'http://localhost:3000',
    stores,
    codecKeys: TEST_KEYS,
    uiOrigins: [UI_ORIGIN],
    // Tests send thousands of requests from one address and one user.
    rateLimits: { windowMs: 60_000, perUser: 1_000_000, perAddress: 1_000_000 },
  };
  const servers: Server[] = [await listen(createApp(apiDeps))];
  const apiUrl = `http://127.0.0.1:${(servers[0].address() as AddressInfo).port}`;
  const apiUrls = [apiUrl];
  if (cluster) {
    servers.push(await listen(createApp(apiDeps)));
    apiUrls.push(`http://127.0.0.1:${(servers[1].address() as AddressInfo).port}`);
  }
  let turn = 0;
  const startApi: Stack['startApi'] = async (overrides) => {
    const server = await listen(createApp({ ...apiDeps, ...overrides }));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  const activities = createActivities({
    smtp: {
      host: '127.0.0.1',
      port: mailbox.port,
      secure: false,
      from: 'Bolig først <test@bolig-forst.test>',
    },
    systems: standinSystems(standinsUrl, SVARUT_AUTH),
    profile: (m) => municipalities.require(m),
    caseLink: (id) => `http://localhost:3000/referrals/${id}`,
    directory: new CaseDirectory(env.client),
    httpTimeoutMs: 5_000,
    client: env.client,
    taskQueue: TASK_QUEUE,
    personIndexKey,
  });
  const workerConnections: NativeConnection[] = [];
  const workers: CaseWorkers[] = [
    await createTestWorker(env, activities, cluster ? { identity: CLUSTER_WORKER_IDENTITIES[0] } : {}),
  ];
  if (cluster) {
    const connection = await NativeConnection.connect({ address: cluster.address });
    workerConnections.push(connection);
    workers.push(
      await createTestWorker(env, activities, { connection, identity: CLUSTER_WORKER_IDENTITIES[1] }),
    );
  }
  const running = Promise.all(workers.map((w) => w.run()));

  const token: Stack['token'] = (roles, opts = {}) => {
    const list = Array.isArray(roles) ? roles : [roles];
    const municipality =
      (opts.office && municipalities.forOffice(opts.office)?.id) || opts.municipality || 'stavanger';
    const sub =
      opts.sub ??
      `test-${list.join('+')}${opts.office ? `-${opts.office}` : municipality === 'stavanger' ? '' : `-${municipality}`}`;
    return signDevToken(
      jwtSecret,
      { sub, name: sub, roles: list, municipality, office: opts.office },
      { issuer: ISSUER, audience: AUDIENCE },
    );
  };

  const call: Stack['call'] = async (method, route, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    }
    const base = opts.base ?? apiUrls[turn++ % apiUrls.length];
    const res = await fetch(`${base}${route}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };

  return {
    env,
    apiUrl,
    standinsUrl,
    mailbox,
    dataDir,
    stores,
    apiDeps,
    startApi,
    token,
    call,
    async stop() {
      for (const server of servers) await new Promise((r) => server.close(r));
      for (const worker of workers) worker.shutdown();
      await running;
      for (const connection of workerConnections) await connection.close();
      await new Promise((r) => {
        standins.close(r);
        standins.closeAllConnections(); // requests held by a "hang" fault
      });
      // A message received just before the end may still be checked against its XSD.
      await contractsIdle();
      await mailbox.stop();
      await env.teardown();
      await stores.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
