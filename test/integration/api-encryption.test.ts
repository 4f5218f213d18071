/**
 * Personal data never reaches Temporal in clear: the raw history of a case — its start, the
 * updates people sent and their results, and failures an outside system reported with a name in
 * them — holds neither the name nor the national ID. And keys rotate without breaking old cases:
 * after a new key is made active, a case started under the old one still reads, and new payloads
 * carry the new key.
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { CodecKeys } from '../../platform/codec';
import { dataConverter } from '../../platform/temporal';
import { getCaseQuery, STEP_UPDATES } from '../../workflows/messages';
import { daysAgo, referralBody } from '../support/api-bodies';
import { caseInput, nationalId } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';
import { createTestWorker, createTimeSkippingEnv } from '../support/temporal';
import type { CaseWorkers } from '../../worker/workers';

const NAME = 'Per Integrasjon';

/** Every string and every byte string (as text) of a raw history, for searching. */
function raw(history: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (typeof node === 'string') parts.push(node);
    else if (node instanceof Uint8Array) parts.push(Buffer.from(node).toString('utf8'));
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(history);
  return parts.join('\n');
}

describe('on the dev server, through the API', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  test('a referral and a review with notes leave no name, number, phone or notes in the raw history', async () => {
    const token = await stack.token('caseworker', { office: 'hillevag' });
    const id_ = nationalId();
    const body = referralBody({ person: { name: NAME, nationalId: id_, phone: '+47 912 34 567' } });
    const created = await stack.call('POST', '/referrals', { token, body });
    const id = created.body.id as string;
    const review = await stack.call('POST', `/referrals/${id}/reviews`, {
      token: await stack.token('assessment-team'),
      body: { round: 1, outcome: 'relevant', meetingDate: daysAgo(0), notes: `${NAME} ble drøftet i møtet.` },
    });
    expect(review.status).toBe(200);
    const history = await stack.env.client.workflow.getHandle(id).fetchHistory();
    const text = raw(history);
    // The update and its result (the case view, with the person) are in there, encrypted.
    expect((history.events ?? []).some((e) => e.workflowExecutionUpdateCompletedEventAttributes)).toBe(true);
    for (const secret of [NAME, id_, '912 34 567', 'Sover ute', 'drøftet'])
      expect(text).not.toContain(secret);
    expect(text).toContain('binary/encrypted');
  });
});

describe('on the time-skipping server, with an outside system that quotes the person in its error', () => {
  let env: TestWorkflowEnvironment;
  let worker: CaseWorkers;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    worker = await createTestWorker(env, {
      async personIndex() {
        return { hashes: ['aGFzaA'] };
      },
      async sendNotification() {
        // As a careless mail relay might: the refusal quotes what it was given.
        throw ApplicationFailure.nonRetryable(
          `relay refused message about ${NAME} (${FAILURE_ID})`,
          'Refused',
        );
      },
    });
  });
  afterAll(async () => {
    await env?.teardown();
  });
  const FAILURE_ID = nationalId();

  test('the failure is in the history, encoded: its message and stack trace hold nothing personal', async () => {
    await worker.runUntil(async () => {
      const input = caseInput({ person: { name: NAME, nationalId: FAILURE_ID } });
      const handle = await env.client.workflow.start('caseWorkflow', {
        taskQueue: 'test-pathway',
        workflowId: input.caseId,
        args: [input],
      });
      await env.sleep('15 days'); // the reminder is due: the activity fails
      const history = await handle.fetchHistory();
      const failures = (history.events ?? []).filter(
        (e) => e.activityTaskFailedEventAttributes || e.workflowExecutionFailedEventAttributes,
      );
      expect(failures.length).toBeGreaterThan(0);
      const failure =
        failures[0].activityTaskFailedEventAttributes?.failure ??
        failures[0].workflowExecutionFailedEventAttributes?.failure;
      expect(failure?.message).toBe('Encoded failure');
      expect(failure?.encodedAttributes?.metadata?.encoding).toBeDefined();
      const text = raw(history);
      expect(text).not.toContain(NAME);
      expect(text).not.toContain(FAILURE_ID);
      expect(text).not.toContain('relay refused');
    });
  });
});

describe('key rotation on a live server', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const before: CodecKeys = { activeKeyId: 'k1', keys: new Map([['k1', k1]]) };
  const after: CodecKeys = {
    activeKeyId: 'k2',
    keys: new Map([
      ['k1', k1],
      ['k2', k2],
    ]),
  };
  const queue = 'rotation';

  const clientWith = (keys: CodecKeys) =>
    new Client({
      connection: stack.env.connection,
      namespace: 'bolig-forst',
      dataConverter: dataConverter(keys),
    });
  const keyIds = (node: unknown, out: string[] = []): string[] => {
    if (node && typeof node === 'object') {
      const p = node as { metadata?: Record<string, Uint8Array> };
      const id = p.metadata?.['encryption-key-id'];
      if (id instanceof Uint8Array) out.push(Buffer.from(id).toString());
      else for (const v of Object.values(node)) keyIds(v, out);
    }
    return out;
  };

  test('a case started under the old key still reads after the new key is active; new payloads use the new key', async () => {
    const input = caseInput({ person: { name: NAME, nationalId: nationalId() } });
    const w1 = await createTestWorker(stack.env, {}, { keys: before, taskQueue: queue });
    await w1.runUntil(async () => {
      const handle = await clientWith(before).workflow.start('caseWorkflow', {
        taskQueue: queue,
        workflowId: input.caseId,
        args: [input],
      });
      expect((await handle.query(getCaseQuery)).person?.name).toBe(NAME);
    });

    // Rotation: both processes restart with k2 active and k1 kept.
    const w2 = await createTestWorker(stack.env, {}, { keys: after, taskQueue: queue });
    await w2.runUntil(async () => {
      const handle = clientWith(after).workflow.getHandle(input.caseId);
      expect((await handle.query(getCaseQuery)).person?.name).toBe(NAME);
      const view = await handle.executeUpdate(STEP_UPDATES.review, {
        args: [
          {
            actor: { id: 'a', role: 'assessment-team' },
            event: { round: 1, outcome: 'relevant', meetingDate: daysAgo(0) },
          },
        ],
      });
      expect(view.stage).toBe('mapping');
    });

    const history = await stack.env.client.workflow.getHandle(input.caseId).fetchHistory();
    const events = history.events ?? [];
    const started = events.find((e) => e.workflowExecutionStartedEventAttributes)!;
    const update = events.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes)!;
    expect(new Set(keyIds(started))).toEqual(new Set(['k1']));
    expect(new Set(keyIds(update))).toEqual(new Set(['k2']));

    // The codec server with the rotated keys decodes both.
    const base = await stack.startApi({ codecKeys: after });
    const payload = (e: unknown) => {
      const found: any[] = [];
      const walk = (n: any) => {
        if (n && typeof n === 'object') {
          if (n.metadata?.['encryption-key-id']) found.push(n);
          else Object.values(n).forEach(walk);
        }
      };
      walk(e);
      return {
        metadata: Object.fromEntries(
          Object.entries(found[0].metadata as Record<string, Uint8Array>).map(([k, v]) => [
            k,
            Buffer.from(v).toString('base64'),
          ]),
        ),
        data: Buffer.from(found[0].data).toString('base64'),
      };
    };
    const res = await stack.call('POST', '/codec/decode', {
      base,
      token: await stack.token('admin'),
      body: { payloads: [payload(started), payload(update)] },
    });
    expect(res.status).toBe(200);
    const plain = res.body.payloads.map((p: any) => Buffer.from(p.data, 'base64').toString()).join('\n');
    expect(plain).toContain(NAME);
    expect(plain).toContain('assessment-team');

    // Dropping the old key too early is caught: it cannot decode the old case.
    const tooEarly = await stack.startApi({ codecKeys: { activeKeyId: 'k2', keys: new Map([['k2', k2]]) } });
    const refused = await stack.call('POST', '/codec/decode', {
      base: tooEarly,
      token: await stack.token('admin'),
      body: { payloads: [payload(started)] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toContain('no key "k1"');
  });
});
