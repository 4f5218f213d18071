/**
 * The web app and anyone reading the API can fetch the pathway diagram drawn from the code: the
 * SVG to show, the BPMN file to open in bpmn.io. No token needed (it shows no case), and both are
 * in the OpenAPI document.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { createVerifier } from '../../api/auth';
import { openStores, type Stores } from '../../api/store';
import { STAGE_LABELS, STAGES } from '../../domain/stages';
import { createLogger } from '../../platform/logger';
import { municipalities } from '../support/fixtures';
import { TEST_KEYS } from '../support/temporal';
import { seededHousing } from '../support/housing';

let stores: Stores;
let dir: string;
let server: Server;
let url: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bf-diagram-'));
  stores = await openStores({ dataDir: dir });
  const app = createApp({
    client: {} as Client, // the diagram needs no Temporal
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
  server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

it('GET /pathway.svg is an SVG naming every stage, which another origin may show as an image', async () => {
  const res = await fetch(`${url}/pathway.svg`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  const svg = await res.text();
  expect(svg).toMatch(/<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  for (const stage of STAGES) {
    // Labels are wrapped over lines in the picture; every word is there.
    for (const word of STAGE_LABELS[stage].split(' ')) expect(svg).toContain(word.replace('&', '&amp;'));
  }
});

it('GET /pathway.bpmn is the BPMN 2.0 file, and both are in the OpenAPI document', async () => {
  const res = await fetch(`${url}/pathway.bpmn`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
  expect(await res.text()).toContain('<bpmn:process id="Process_housing_first_pathway"');
  const spec = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/pathway.svg', '/pathway.bpmn']));
});
