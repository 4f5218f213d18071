/**
 * Offers name units the housing system has: the API asks the housing system (here its stand-in,
 * over HTTP) before it sends an offer to the case. An unknown unit, or another municipality's, is
 * a 400 naming `unitId`; a housing system that does not answer is a 503 with Retry-After. Either
 * way nothing reaches the case and no idempotency record is kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { housingDirectory } from '../../api/housing';
import { createStandinsApp } from '../../standins/app';
import { caseView, startFakeApi, type FakeApi } from '../support/fake-api';

const CASE = 'hf-stavanger-abcdefghjk';
let dir: string;
let standins: Server;
let housingUrl: string;
let api: FakeApi;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bf-offers-'));
  standins = await new Promise((resolve) => {
    const s = createStandinsApp({ dataDir: dir, hangMs: 5_000 }).listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(standins.address() as AddressInfo).port}`;
  housingUrl = `${base}/housing`;
  api = await startFakeApi(
    [caseView({ caseId: CASE, municipality: 'stavanger', office: 'hillevag', consentScope: ['hf-team'] })],
    { housing: housingDirectory({ url: housingUrl, timeoutMs: 500 }) },
  );
});
afterAll(async () => {
  await api?.stop();
  standins?.closeAllConnections();
  await new Promise((r) => standins?.close(r));
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await fetch(`${housingUrl.replace(/\/housing$/, '')}/admin/faults`, { method: 'DELETE' });
  api.updates.length = 0;
});

const offer = (unitId: string) => ({
  unitId,
  address: 'Hillevågsveien 12, 4016 Stavanger',
  source: 'municipal',
  availableFrom: '2026-12-01',
});

async function offerAs(unitId: string, key?: string) {
  const token = await api.token(['hf-team'], { municipality: 'stavanger' });
  const res = await fetch(`${api.url}/referrals/${CASE}/housing-offers`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(offer(unitId)),
  });
  const body = (await res.json()) as { title: string; errors?: { path: string; message: string }[] };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body };
}

test('a unit the housing system has is offered (201) and reaches the case', async () => {
  const res = await offerAs('STV-1001');
  expect(res.status).toBe(201);
  expect(api.updates).toEqual([expect.objectContaining({ caseId: CASE, name: 'housingOffer' })]);
});

test('an unknown unit is refused with a 400 naming unitId, and the case hears nothing', async () => {
  const res = await offerAs('STV-9999');
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual([
    { path: 'unitId', message: 'the housing system has no unit "STV-9999" in this municipality' },
  ]);
  expect(api.updates).toEqual([]);
});

test('another municipality’s unit is refused the same way', async () => {
  const { items } = (await (await fetch(`${housingUrl}/units`)).json()) as {
    items: { municipality: string; unitId: string }[];
  };
  const bergenUnit = items.find((u) => u.municipality === 'bergen')!.unitId;
  const res = await offerAs(bergenUnit);
  expect(res.status).toBe(400);
  expect(res.body.errors?.[0].path).toBe('unitId');
  expect(api.updates).toEqual([]);
});

test('a housing system that fails says so: 503 with Retry-After, nothing sent; the same key works later', async () => {
  await fetch(`${housingUrl.replace(/\/housing$/, '')}/admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ system: 'housing', mode: '500', count: 1, match: 'lookup' }),
  });
  const down = await offerAs('STV-1002', 'offer-key-1');
  expect(down.status).toBe(503);
  expect(down.retryAfter).toBeTruthy();
  expect(down.body.title).toBe('The housing system does not answer');
  expect(api.updates).toEqual([]);
  // Nothing was kept under the key: sent again once the housing system answers, it is taken.
  const again = await offerAs('STV-1002', 'offer-key-1');
  expect(again.status).toBe(201);
  expect(api.updates).toHaveLength(1);
});

test('a housing system that does not answer in time is a 503 too', async () => {
  await fetch(`${housingUrl.replace(/\/housing$/, '')}/admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ system: 'housing', mode: 'hang', count: 1, match: 'lookup' }),
  });
  const res = await offerAs('STV-1001');
  expect(res.status).toBe(503);
  expect(api.updates).toEqual([]);
});

test('the stand-in answers the lookup: 200 with the unit, 404 for one it does not have', async () => {
  const ask = (municipality: string, unitId: string) =>
    fetch(`${housingUrl}/units/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ municipality, unitId }),
    });
  const found = await ask('stavanger', 'STV-1001');
  expect(found.status).toBe(200);
  expect(((await found.json()) as { unit: unknown }).unit).toMatchObject({
    unitId: 'STV-1001',
    area: 'Hillevåg',
  });
  expect((await ask('stavanger', 'NOPE-1')).status).toBe(404);
  expect((await ask('bergen', 'STV-1001')).status).toBe(404);
});
