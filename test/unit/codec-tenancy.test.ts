/**
 * Municipalities are tenants in Temporal too: every payload carries its workflow's municipality,
 * bound to the ciphertext, and the codec server decodes for an administrator only their own
 * municipality's payloads. A Stavanger administrator holding a Bergen case's history gets a 403
 * naming each payload, nothing decrypted, and the refusal is in the access log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { openStores, type Stores } from '../../api/store';
import {
  EncryptionCodec,
  MUNICIPALITY_METADATA,
  municipalityOf,
  municipalityOfWorkflowId,
} from '../../platform/codec';
import { startFakeApi, type FakeApi } from '../support/fake-api';
import { TEST_KEYS } from '../support/temporal';

const person = { name: 'Kari Nordmann', nationalId: '01017012343' };
const codec = new EncryptionCodec(TEST_KEYS);
const ns = 'bolig-forst';
const of = (workflowId: string) => ({ type: 'workflow' as const, namespace: ns, workflowId });
const asJson = (p: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
  ),
  data: Buffer.from(p.data!).toString('base64'),
});
const plain = () => defaultPayloadConverter.toPayload(person)!;

test('the municipality is read from our workflow IDs, and from nothing else', () => {
  expect(municipalityOfWorkflowId('hf-bergen-0123456789')).toBe('bergen');
  expect(municipalityOfWorkflowId('hf-nord-aurdal-abcdefghjk')).toBe('nord-aurdal');
  expect(municipalityOfWorkflowId('places-sandnes')).toBe('sandnes');
  expect(municipalityOfWorkflowId('programme-stavanger')).toBe('stavanger');
  expect(municipalityOfWorkflowId('weekly-digest-bergen-2026-12-07T07:00:00Z')).toBe('bergen');
  expect(municipalityOfWorkflowId('weekly-digest-bergen')).toBe('bergen');
  expect(municipalityOfWorkflowId('something-else')).toBeUndefined();
  expect(municipalityOfWorkflowId('hf-bergen-short')).toBeUndefined();
});

test('a payload is stamped with its workflow’s municipality, and the stamp cannot be moved', async () => {
  const [bergen] = await codec.encode([plain()], of('hf-bergen-0123456789'));
  expect(municipalityOf(bergen)).toBe('bergen');
  // An activity's payloads carry the municipality of the workflow that scheduled it.
  const [activity] = await codec.encode([plain()], {
    type: 'activity',
    namespace: ns,
    workflowId: 'hf-sandnes-0123456789',
    isLocal: false,
  });
  expect(municipalityOf(activity)).toBe('sandnes');
  expect(defaultPayloadConverter.fromPayload((await codec.decode([bergen]))[0])).toEqual(person);
  // Relabelled as Stavanger's: the cipher's additional data no longer matches.
  const moved = {
    ...bergen,
    metadata: { ...bergen.metadata, [MUNICIPALITY_METADATA]: new TextEncoder().encode('stavanger') },
  };
  await expect(codec.decode([moved])).rejects.toThrow();
  // Stripped of its stamp: refused too (it was encrypted with the stamp as additional data).
  const { [MUNICIPALITY_METADATA]: _gone, ...rest } = bergen.metadata!;
  await expect(codec.decode([{ ...bergen, metadata: rest }])).rejects.toThrow();
});

describe('the codec server', () => {
  let dir: string;
  let stores: Stores;
  let api: FakeApi;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bf-codec-tenancy-'));
    stores = await openStores({ dataDir: dir });
    api = await startFakeApi([], { stores });
  });
  afterAll(async () => {
    await api.stop();
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function decode(municipality: string, payloads: Payload[], sub = `admin-${municipality}`) {
    const token = await api.token(['admin'], { municipality, sub });
    return api.call('POST', '/codec/decode', token, { payloads: payloads.map(asJson) });
  }

  test('an administrator decodes their own municipality’s payloads', async () => {
    const payloads = await codec.encode([plain(), plain()], of('hf-bergen-0123456789'));
    const res = await decode('bergen', payloads);
    expect(res.status).toBe(200);
    const shown = res.body.payloads.map((p: { data: string }) => Buffer.from(p.data, 'base64').toString());
    expect(shown).toEqual([JSON.stringify(person), JSON.stringify(person)]);
  });

  test('another municipality’s administrator is refused: 403 naming each payload, nothing decoded, logged', async () => {
    const payloads = await codec.encode([plain(), plain()], of('hf-bergen-0123456789'));
    const res = await decode('stavanger', payloads, 'lars-stavanger');
    expect(res.status).toBe(403);
    expect(res.body.payloads).toBeUndefined();
    expect(res.body.errors).toEqual([
      { path: 'payloads.0', message: 'belongs to another municipality’s workflow' },
      { path: 'payloads.1', message: 'belongs to another municipality’s workflow' },
    ]);
    // One payload of the caller's own among them does not open the others.
    const mixed = [(await codec.encode([plain()], of('places-stavanger')))[0], payloads[0]];
    const again = await decode('stavanger', mixed, 'lars-stavanger');
    expect(again.status).toBe(403);
    expect(again.body.payloads).toBeUndefined();

    const db = new Database(path.join(dir, 'audit.sqlite'), { readonly: true });
    const rows = db
      .prepare(
        "SELECT status, outcome, personal_data, detail FROM audit_log WHERE actor_id = 'lars-stavanger'",
      )
      .all() as { status: number; outcome: string; personal_data: number; detail: string }[];
    db.close();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ status: 403, outcome: 'forbidden', personal_data: 0 });
    expect(rows[0].detail).toContain('refused: 2 not of this municipality');
  });

  test('a payload without a municipality (written before the stamp) is shown to nobody', async () => {
    const [untagged] = await codec.encodeFor(undefined, [plain()]);
    const res = await decode('stavanger', [untagged]);
    expect(res.status).toBe(403);
    expect(res.body.errors[0].message).toContain('carries no municipality');
  });

  test('encoding stamps the payload with the caller’s municipality', async () => {
    const token = await api.token(['admin'], { municipality: 'sandnes' });
    const res = await api.call('POST', '/codec/encode', token, { payloads: [asJson(plain())] });
    expect(res.status).toBe(200);
    const stamp = res.body.payloads[0].metadata[MUNICIPALITY_METADATA];
    expect(Buffer.from(stamp, 'base64').toString()).toBe('sandnes');
  });
});
