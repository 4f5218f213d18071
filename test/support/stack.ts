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
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createApp } from '../../api/app';
import { createVerifier } from '../../api/auth';
import type { Role } from '../../domain/types';
import { CaseDirectory } from '../../platform/case-directory';
import { signDevToken } from '../../platform/dev-tokens';
import { createLogger } from '../../platform/logger';
import { createStandinsApp } from '../../standins/app';
import { municipalities } from './fixtures';
import { Mailbox } from './mailbox';
import { createDevServerEnv, createTestWorker, TASK_QUEUE } from './temporal';

const ISSUER = 'bolig-forst-test';
export const SVARUT_AUTH = { user: 'bolig-forst-test', pass: 'test-password' };
const AUDIENCE = 'bolig-forst';

export interface Stack {
  env: TestWorkflowEnvironment;
  apiUrl: string;
  standinsUrl: string;
  mailbox: Mailbox;
  dataDir: string;
  token(roles: Role | Role[], opts?: { office?: string; sub?: string }): Promise<string>;
  /** fetch against the API with a token for the given role. */
  call(
    method: string,
    route: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

function listen(app: { listen: (port: number, host: string, cb: () => void) => Server }): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

export async function startStack(): Promise<Stack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bf-stack-'));
  const env = await createDevServerEnv();
  const mailbox = new Mailbox();
  await mailbox.start();
  const standins = await listen(
    createStandinsApp({ dataDir: path.join(dataDir, 'standins'), svarut: SVARUT_AUTH, hangMs: 60_000 }),
  );
  const standinsUrl = `http://127.0.0.1:${(standins.address() as AddressInfo).port}`;

  const jwtSecret = randomBytes(32);
  const log = createLogger('api-test', 'silent');
  const app = createApp({
    client: env.client,
    taskQueue: TASK_QUEUE,
    municipalities,
    verifyToken: createVerifier({ issuer: ISSUER, audience: AUDIENCE, devSecret: jwtSecret }),
    idempotencySecret: randomBytes(32),
    log,
    publicUrl: 'http://localhost:3000',
  });
  const api = await listen(app);
  const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;

  const worker: Worker = await createTestWorker(
    env,
    createActivities({
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
    }),
  );
  const running = worker.run();

  const token: Stack['token'] = (roles, opts = {}) => {
    const list = Array.isArray(roles) ? roles : [roles];
    const sub = opts.sub ?? `test-${list.join('+')}${opts.office ? `-${opts.office}` : ''}`;
    return signDevToken(
      jwtSecret,
      { sub, name: sub, roles: list, office: opts.office },
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
    const res = await fetch(`${apiUrl}${route}`, { method, headers, body });
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
    token,
    call,
    async stop() {
      await new Promise((r) => api.close(r));
      worker.shutdown();
      await running;
      await new Promise((r) => {
        standins.close(r);
        standins.closeAllConnections(); // requests held by a "hang" fault
      });
      await mailbox.stop();
      await env.teardown();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
