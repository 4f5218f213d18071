/**
 * The OpenAPI document a municipal integrator reads: it lists every route of the contract with its
 * roles, and its request schemas — generated from the zod schemas the API validates with — accept
 * the bodies the API accepts and refuse unknown fields, as the API does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createApp } from '../../api/app';
import { createVerifier } from '../../api/auth';
import { openStores, type Stores } from '../../api/store';
import { createLogger } from '../../platform/logger';
import { EVENT_BODIES, referralBody } from '../support/api-bodies';
import { municipalities } from '../support/fixtures';
import { TEST_KEYS } from '../support/temporal';
import { seededHousing } from '../support/housing';

let spec: any;
let stores: Stores;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bf-openapi-'));
  stores = await openStores({ dataDir: dir });
  const app = createApp({
    client: {} as Client, // the document needs no Temporal
    taskQueue: 'q',
    municipalities,
    verifyToken: createVerifier({ issuer: 'i', audience: 'a', devSecret: Buffer.alloc(32) }),
    idempotencySecret: Buffer.alloc(32),
    personIndexKey: Buffer.alloc(32),
    log: createLogger('test', 'silent'),
    publicUrl: 'http://localhost:3000',
    stores,
    housing: seededHousing,
    codecKeys: TEST_KEYS,
    uiOrigins: ['http://localhost:8233'],
  });
  const server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  spec = await (
    await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi.json`)
  ).json();
  server.close();
});
afterAll(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every route of api.md, written out. */
const CONTRACT = [
  'post /referrals',
  'get /referrals/{id}',
  'get /referrals',
  'post /referrals/{id}/reviews',
  'post /referrals/{id}/informed',
  'post /referrals/{id}/mapping',
  'post /referrals/{id}/decision',
  'post /referrals/{id}/housing-offers',
  'post /referrals/{id}/housing-offers/{offerId}/response',
  'post /referrals/{id}/lease',
  'post /referrals/{id}/move-in',
  'post /referrals/{id}/plans',
  'post /referrals/{id}/contacts',
  'post /referrals/{id}/evaluations',
  'post /referrals/{id}/eviction-risks',
  'post /referrals/{id}/eviction-risks/{riskId}/action-plan',
  'post /referrals/{id}/housing-lost',
  'post /referrals/{id}/exit',
  'post /referrals/{id}/consent-withdrawal',
  'post /referrals/{id}/incidents/{incidentId}/retry',
  'get /tasks',
  'get /reports/outcomes',
  'get /openapi.json',
  'get /docs',
  'get /healthz',
  'get /readyz',
  'get /metrics',
];

const operations = () =>
  Object.entries(spec.paths as Record<string, Record<string, any>>).flatMap(([p, ops]) =>
    Object.entries(ops).map(([m, op]) => ({ key: `${m} ${p}`, op })),
  );

test('the document lists every route of the contract, and the additions', () => {
  const keys = operations().map((o) => o.key);
  expect(keys).toEqual(expect.arrayContaining(CONTRACT));
  expect(keys).toEqual(
    expect.arrayContaining([
      'post /existing-cases',
      'get /referrals/{id}/audit',
      'post /referrals/{id}/consent-scope',
      'post /referrals/{id}/policy',
      'post /codec/decode',
      'post /codec/encode',
    ]),
  );
  expect(spec.openapi).toBe('3.1.0');
  expect(spec.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
});

test('each route says who may call it, and each refusal is a problem+json', () => {
  const review = spec.paths['/referrals/{id}/reviews'].post;
  expect(review.description).toContain('Roles: assessment-team.');
  expect(review.responses['409'].content['application/problem+json']).toBeDefined();
  expect(review.parameters.map((p: any) => `${p.in}:${p.name}`)).toEqual([
    'path:id',
    'header:Idempotency-Key',
    'header:Prefer',
  ]);
  expect(spec.paths['/healthz'].get.security).toEqual([]);
  for (const { key, op } of operations()) {
    if (op.security?.length === 0) continue;
    expect({ key, has401: !!op.responses['401'], has403: !!op.responses['403'] }).toEqual({
      key,
      has401: true,
      has403: true,
    });
  }
  const list = spec.paths['/referrals'].get.parameters.map((p: any) => p.name);
  expect(list).toEqual(expect.arrayContaining(['stage', 'office', 'overdue']));
});

test('the request schemas accept the bodies the API accepts and refuse unknown fields', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const check = (route: string, body: unknown) => {
    const schema = spec.paths[route].post.requestBody.content['application/json'].schema;
    return ajv.validate(schema, body);
  };
  expect(check('/referrals', referralBody())).toBe(true);
  expect(check('/referrals', { ...referralBody(), colour: 'blue' })).toBe(false);
  for (const [pattern, body] of Object.entries(EVENT_BODIES)) {
    const route = pattern.replace(/:([A-Za-z]+)/g, '{$1}');
    expect({ route, valid: check(route, body) }).toEqual({ route, valid: true });
    expect({ route, unknownRefused: check(route, { ...body, unexpected: 1 }) }).toEqual({
      route,
      unknownRefused: false,
    });
  }
  expect(check('/referrals/{id}/reviews', { round: 1, outcome: 'no-place', meetingDate: '2026-01-01' })).toBe(
    false,
  );
  expect(check('/referrals/{id}/contacts', { date: '2026-02-30', kind: 'phone' })).toBe(false);
});
