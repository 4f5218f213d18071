/**
 * The API a caseworker calls, against raw Temporal, on the same server in the same run:
 *
 *   intake   POST /referrals over HTTP (token check, validation, access log, idempotency record,
 *            encrypted start) against a raw `client.workflow.start` with a payload of the same size
 *   events   POST /referrals/:id/reviews over HTTP with an Idempotency-Key, as a careful client sends
 *            it (the update, the view built and shown) against a
 *            raw `executeUpdate` with a payload of the same size
 *   events, Prefer: return=minimal   the same event answered with the receipt (no read of the case
 *            after the update: what the web app asks for), against the same raw batch
 *
 * Each request's latency is taken on its own (p50, p99), with CONCURRENCY requests in flight;
 * throughput is requests ÷ wall time of the batch.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { createVerifier } from '../api/auth';
import { openStores } from '../api/store';
import type { CodecKeys } from '../platform/codec';
import { signDevToken } from '../platform/dev-tokens';
import { createLogger } from '../platform/logger';
import type { Municipalities } from '../platform/municipalities';
import { withControlDigits } from '../domain/national-id';
import { parseServerTiming } from '../api/server-timing';
import { rawUpdate } from './raw-workflows';

export const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);

export interface Batch {
  n: number;
  wallMs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Requests that failed (e.g. 503 when the server did not answer in time): left out of the latencies. */
  failed: number;
  firstError?: string;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

export async function batch<T>(items: T[], fn: (t: T) => Promise<unknown>): Promise<Batch> {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const item = items[next++];
        const t = performance.now();
        try {
          await fn(item);
          latencies.push(performance.now() - t);
        } catch (err) {
          failed++;
          firstError ??= (err as Error).message.slice(0, 200);
        }
      }
    }),
  );
  const wallMs = performance.now() - t0;
  return {
    n: items.length,
    wallMs,
    perSecond: (latencies.length / wallMs) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failed,
    firstError,
  };
}

export interface BenchApi {
  url: string;
  token(role: 'caseworker' | 'assessment-team'): Promise<string>;
  stop(): Promise<void>;
}

/** The real API (createApp) on a free port, as `api/main.ts` builds it, minus rate limits. */
export async function startBenchApi(opts: {
  client: Client;
  taskQueue: string;
  municipalities: Municipalities;
  keys: CodecKeys;
  dataDir: string;
  auditDatabaseUrl?: string;
}): Promise<BenchApi> {
  const secret = randomBytes(32);
  const issuer = 'bolig-forst-bench';
  const audience = 'bolig-forst';
  const stores = await openStores({ dataDir: opts.dataDir, databaseUrl: opts.auditDatabaseUrl });
  const app = createApp({
    client: opts.client,
    taskQueue: opts.taskQueue,
    municipalities: opts.municipalities,
    verifyToken: createVerifier({ issuer, audience, devSecret: secret }),
    idempotencySecret: randomBytes(32),
    personIndexKey: randomBytes(32),
    log: createLogger('api-bench', 'silent'),
    publicUrl: 'http://localhost:3000',
    stores,
    // The bench measures the API over Temporal: every unit it offers exists.
    housing: { hasUnit: async () => true, suggest: async () => [] },
    codecKeys: opts.keys,
    uiOrigins: [],
    rateLimits: { windowMs: 60_000, perUser: 1_000_000_000, perAddress: 1_000_000_000 },
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const tokens = new Map<string, Promise<string>>();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token(role) {
      if (!tokens.has(role))
        tokens.set(
          role,
          signDevToken(
            secret,
            {
              sub: `bench-${role}`,
              name: role,
              municipality: 'stavanger',
              roles: [role],
              office: role === 'caseworker' ? 'hillevag' : undefined,
            },
            { issuer, audience },
          ),
        );
      return tokens.get(role)!;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await stores.close();
    },
  };
}

let serial = 0;
export function referralBody(today: string) {
  serial++;
  return {
    person: { name: `Bench Person ${serial}`, nationalId: withControlDigits('010170123')! },
    office: 'hillevag',
    criteria: { homeless: true, substanceUse: true, mentalHealth: true, additional: [] },
    consent: { given: true, date: today, scope: ['assessment-team', 'hf-team'] },
  };
}

async function post(
  api: BenchApi,
  token: string,
  route: string,
  body: unknown,
  extra: Record<string, string> = {},
  phases?: Phases,
): Promise<{ id: string }> {
  const res = await fetch(`${api.url}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extra },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (phases) {
    const timing = parseServerTiming(res.headers.get('server-timing'));
    for (const [name, ms] of Object.entries(timing)) (phases[name] ??= []).push(ms);
    // The request's time on the server in no phase: authentication, rate limit, parsing, validation.
    const { total, ...named } = timing;
    if (total !== undefined)
      (phases.middleware ??= []).push(total - Object.values(named).reduce((a, b) => a + b, 0));
  }
  if (res.status >= 300)
    throw new Error(`POST ${route} → ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json as { id: string };
}

/** An event's phases on the server (its Server-Timing header): name → each request's milliseconds. */
type Phases = Record<string, number[]>;

export interface EventFigures {
  api: Batch;
  raw: Batch;
  /** Median milliseconds per phase on the server (find, claim, update, read, log; total, middleware). */
  phases: Record<string, number>;
}

export interface ApiFigures {
  /** `phases`: median ms on the server (claim, start, log; total, middleware). */
  intake: { api: Batch; raw: Batch; phases: Record<string, number> };
  events: EventFigures;
  /** The same event with `Prefer: return=minimal`; `raw` is the events' raw batch. */
  eventsMinimal: EventFigures;
}

const medians = (phases: Phases): Record<string, number> =>
  Object.fromEntries(Object.entries(phases).map(([name, xs]) => [name, percentile(xs, 50)]));

/**
 * Intake then events, each side alternately first per round (the caller's rounds), on workers
 * already polling `oursQueue` (case workflow, the API's queue) and `rawQueue` (raw workflow).
 */
export async function measureApi(opts: {
  api: BenchApi;
  rawClient: Client;
  rawQueue: string;
  n: number;
  today: string;
  rawFirst: boolean;
}): Promise<ApiFigures & { ids: string[]; rawIds: string[] }> {
  const { api, rawClient, rawQueue, n, today } = opts;
  const caseworker = await api.token('caseworker');
  const team = await api.token('assessment-team');
  const bodies = Array.from({ length: n }, () => referralBody(today));
  const bodySize = JSON.stringify(bodies[0]).length;
  const ids: string[] = [];
  const rawIds = bodies.map(() => `raw-intake-${randomBytes(6).toString('hex')}`);
  const pad = 'x'.repeat(bodySize);
  const intakePhases: Phases = {};
  const intakeApi = () =>
    batch(bodies, async (b) => {
      const res = await post(api, caseworker, '/referrals', b, {}, intakePhases);
      ids.push(res.id);
    });
  const intakeRaw = () =>
    batch(rawIds, (id) =>
      rawClient.workflow.start('rawWorkflow', { taskQueue: rawQueue, workflowId: id, args: [{ id, pad }] }),
    );
  const review = { round: 1, outcome: 'relevant', meetingDate: today };
  const eventPad = 'x'.repeat(JSON.stringify(review).length);
  const fullPhases: Phases = {};
  const minimalPhases: Phases = {};
  const eventsApi = () =>
    batch(ids, (id) =>
      post(api, team, `/referrals/${id}/reviews`, review, { 'idempotency-key': `r1-${id}` }, fullPhases),
    );
  const minimalIds: string[] = [];
  const eventsMinimal = () =>
    batch(minimalIds, (id) =>
      post(
        api,
        team,
        `/referrals/${id}/reviews`,
        review,
        { prefer: 'return=minimal', 'idempotency-key': `r1-${id}` },
        minimalPhases,
      ),
    );
  const eventsRaw = () =>
    batch(rawIds, (id) =>
      rawClient.workflow.getHandle(id).executeUpdate(rawUpdate, { args: [{ ...review, eventPad }] }),
    );
  let intake: { api: Batch; raw: Batch };
  let events: { api: Batch; raw: Batch };
  let minimal: Batch;
  if (opts.rawFirst) {
    const raw = await intakeRaw();
    intake = { raw, api: await intakeApi() };
  } else {
    const a = await intakeApi();
    intake = { api: a, raw: await intakeRaw() };
  }
  // The cases for the minimal answers, made through the API too (not measured).
  const made = await batch(
    bodies.map(() => referralBody(today)), // other people: one open case per person
    async (b) => {
      minimalIds.push((await post(api, caseworker, '/referrals', b)).id);
    },
  );
  if (made.failed) throw new Error(`the cases for the minimal answers: ${made.firstError}`);
  if (opts.rawFirst) {
    const rawE = await eventsRaw();
    events = { raw: rawE, api: await eventsApi() };
    minimal = await eventsMinimal();
  } else {
    minimal = await eventsMinimal();
    const aE = await eventsApi();
    events = { api: aE, raw: await eventsRaw() };
  }
  return {
    intake: { ...intake, phases: medians(intakePhases) },
    events: { ...events, phases: medians(fullPhases) },
    eventsMinimal: { api: minimal, raw: events.raw, phases: medians(minimalPhases) },
    ids: [...ids, ...minimalIds],
    rawIds,
  };
}
