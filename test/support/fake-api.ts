/**
 * The real API (routes, access checks, access log) in front of a stand-in for the Temporal client
 * that holds a few case views in memory: for tests that ask thousands of access questions and need
 * no workflow to answer them. Updates answer with the case as it is (or what `onUpdate` says); the
 * visibility queries the lists send are kept, so a test can read what they filtered on.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { createApp, type ApiDeps } from '../../api/app';
import { createVerifier } from '../../api/auth';
import { openStores, type Stores } from '../../api/store';
import type { CaseView } from '../../domain/case';
import type { Role } from '../../domain/types';
import { signDevToken } from '../../platform/dev-tokens';
import { createLogger } from '../../platform/logger';
import { HskOffice, Municipality, PathwayStage } from '../../workflows/search-attributes';
import { municipalities } from './fixtures';
import { seededHousing } from './housing';
import { TEST_KEYS } from './temporal';

const ISSUER = 'bf-fake';
const AUDIENCE = 'bolig-forst';

export interface FakeApi {
  url: string;
  stores: Stores;
  /** Visibility queries the lists sent. */
  queries: string[];
  /** Workflows the API started: their options (args, search attributes). */
  started: { workflowId: string; args: unknown[] }[];
  /** Updates the API sent: case ID, update name, argument. */
  updates: { caseId: string; name: string; arg: unknown }[];
  cases: Map<string, CaseView>;
  /** Decides an update's answer; throw to refuse. By default: the case as it is, with created IDs. */
  onUpdate?: (caseId: string, name: string, arg: unknown) => unknown;
  token(roles: Role[], opts: { municipality: string; office?: string; sub?: string }): Promise<string>;
  call(
    method: string,
    route: string,
    token?: string,
    body?: unknown,
  ): Promise<{ status: number; body: any; text: string }>;
  stop(): Promise<void>;
}

export async function startFakeApi(cases: CaseView[], overrides: Partial<ApiDeps> = {}): Promise<FakeApi> {
  // The access log is written on every call; in memory-backed /dev/shm when there is one.
  const dir = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'bf-fake-api-'));
  // A test may pass its own stores (several instances on one database); those it closes itself.
  const stores = overrides.stores ?? (await openStores({ dataDir: dir }));
  const secret = randomBytes(32);
  const api: Partial<FakeApi> = {
    queries: [],
    started: [],
    updates: [],
    cases: new Map(cases.map((c) => [c.caseId, c])),
  };
  const view = (id: string) => {
    const v = api.cases!.get(id);
    if (!v) throw new WorkflowNotFoundError('workflow not found', id, undefined);
    return v;
  };
  const attributes = (v: CaseView) =>
    new Map<string, string>([
      [PathwayStage.name, v.stage],
      [HskOffice.name, v.office],
      [Municipality.name, v.municipality],
    ]);
  const client = {
    withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
    workflow: {
      getHandle: (id: string) => ({
        describe: async () => {
          const v = view(id);
          const sa = attributes(v);
          return {
            type: 'caseWorkflow',
            status: { name: 'RUNNING' },
            typedSearchAttributes: { get: (k: { name: string }) => sa.get(k.name) },
          };
        },
        query: async () => view(id),
        executeUpdate: async (def: { name: string }, opts: { args: [unknown] }) => {
          const v = view(id);
          api.updates!.push({ caseId: id, name: def.name, arg: opts.args[0] });
          if (api.onUpdate) return api.onUpdate(id, def.name, opts.args[0]);
          return { ...v, offerId: 'o-1', riskId: 'r-1' };
        },
      }),
      start: async (_type: string, opts: { workflowId: string; args: unknown[] }) => {
        api.started!.push(opts);
        return { workflowId: opts.workflowId };
      },
      // eslint-disable-next-line require-yield
      list: async function* ({ query }: { query: string }) {
        api.queries!.push(query);
      },
      count: async (query: string) => {
        api.queries!.push(query);
        return { count: 0, groups: [] };
      },
    },
  } as unknown as Client;

  const app = createApp({
    client,
    taskQueue: 'fake',
    municipalities,
    verifyToken: createVerifier({ issuer: ISSUER, audience: AUDIENCE, devSecret: secret, municipalities }),
    idempotencySecret: randomBytes(32),
    personIndexKey: randomBytes(32),
    log: createLogger('fake-api', 'silent'),
    publicUrl: 'http://localhost:3000',
    stores,
    housing: seededHousing,
    codecKeys: TEST_KEYS,
    uiOrigins: ['http://localhost:8233'],
    rateLimits: { windowMs: 60_000, perUser: 1_000_000, perAddress: 1_000_000 },
    ...overrides,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(api, {
    url,
    stores,
    token: (roles: Role[], opts: { municipality: string; office?: string; sub?: string }) =>
      signDevToken(
        secret,
        {
          sub: opts.sub ?? `fake-${roles.join('+')}`,
          name: 'Test',
          roles,
          municipality: opts.municipality,
          office: opts.office,
        },
        { issuer: ISSUER, audience: AUDIENCE },
      ),
    call: async (method: string, route: string, token?: string, body?: unknown) => {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${route}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      return { status: res.status, body: parsed, text };
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      if (!overrides.stores) await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  }) as FakeApi;
}

/** A case as its query shows it, with a person whose name and number are easy to look for. */
export function caseView(o: {
  caseId: string;
  municipality: string;
  office: string;
  consentScope: string[];
}): CaseView {
  return {
    caseId: o.caseId,
    municipality: o.municipality,
    office: o.office,
    stage: 'follow-up',
    referredAt: '2025-01-10',
    tasks: [],
    timeline: [
      {
        at: '2025-01-10T10:00:00Z',
        type: 'referral',
        actor: { id: 'cw', role: 'caseworker' },
        summary: `referral from ${o.office}`,
      },
    ],
    incidents: [
      {
        id: 'i-1',
        system: 'archive',
        operation: 'journal',
        message: 'refused: name "Kari Nordmann" not accepted',
        openedAt: '2025-02-01T10:00:00Z',
        status: 'open',
        attempts: 3,
      },
    ],
    waitingCalls: [
      {
        system: 'archive',
        operation: 'archiveJournalEntry',
        queuedAt: '2025-02-01T09:59:00Z',
        incidentId: 'i-1',
      },
    ],
    consentScope: o.consentScope,
    decision: {
      services: [{ kind: 'rusbehandling og psykisk helsevern', hoursPerWeek: 6 }],
      date: '2025-02-10',
    },
    housing: { status: 'housed', offers: [], movedInAt: '2025-04-01' },
    evictionRisks: [],
    letters: [],
    person: { name: 'Kari Nordmann', nationalId: '01017012343' },
    notes: 'Sover ute',
    criteria: { homeless: true, substanceUse: true, mentalHealth: true, additional: [] },
  } as CaseView;
}

/** Strings that are personal in caseView's case: none may reach a caller without the right. */
export const PERSONAL_MARKERS = ['Kari Nordmann', '01017012343', 'Sover ute', 'rusbehandling'];
