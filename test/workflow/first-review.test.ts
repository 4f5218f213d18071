/**
 * The first review's reminder ladder, on the time-skipping server with the real Stavanger
 * durations (reminder at 14 days, escalation at 28, delivered in working hours).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Notification } from '../../activities/types';
import { getCaseQuery, reviewUpdate } from '../../workflows/messages';
import { caseInput } from '../support/fixtures';
import { createTestWorker, createTimeSkippingEnv, TASK_QUEUE } from '../support/temporal';

let env: TestWorkflowEnvironment;
let worker: Worker;
const sent: Notification[] = [];

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});

afterAll(async () => {
  await env?.teardown();
});

beforeEach(async () => {
  sent.length = 0;
  worker = await createTestWorker(env, {
    async sendNotification(n: Notification) {
      sent.push(n);
      return { messageId: `<${n.purpose}@test>`, to: n.recipient };
    },
  });
});

const assessor = { id: 'team-member-1', role: 'assessment-team' as const };

test('a referral waiting 15 days sends the team lead one reminder, and at 29 days the unit leader is alerted', async () => {
  await worker.runUntil(async () => {
    const input = caseInput();
    const handle = await env.client.workflow.start('caseWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: input.caseId,
      args: [input],
    });
    await env.sleep('15 days');
    expect(sent.map((n) => [n.recipient, n.kind, n.topic])).toEqual([
      ['team-lead', 'reminder', 'first-review'],
    ]);
    expect(sent[0].caseId).toBe(input.caseId);
    await env.sleep('14 days');
    expect(sent.map((n) => [n.recipient, n.kind])).toEqual([
      ['team-lead', 'reminder'],
      ['unit-leader', 'escalation'],
    ]);
    const view = await handle.query(getCaseQuery);
    expect(view.stage).toBe('first-review');
    expect(view.tasks[0].reminded).toBeDefined();
    expect(view.tasks[0].escalated).toBeDefined();
  });
});

test('a referral reviewed on day 13 sends no reminder at all', async () => {
  await worker.runUntil(async () => {
    const input = caseInput();
    const handle = await env.client.workflow.start('caseWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: input.caseId,
      args: [input],
    });
    await env.sleep('13 days');
    const view = await handle.executeUpdate(reviewUpdate, {
      args: [{ actor: assessor, event: { round: 1, outcome: 'relevant', meetingDate: '2026-12-07' } }],
    });
    expect(view.stage).toBe('mapping');
    await env.sleep('30 days');
    expect(sent).toEqual([]);
  });
});
