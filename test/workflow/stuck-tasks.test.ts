/**
 * A workflow task that keeps failing is not silent: a deliberately failing workflow (its code
 * throws on its input, as a case once did on a move-in date of 9999-12-31) is counted in the
 * worker's metric on every failed attempt, and the administrator gets one email naming the case
 * by its ID (nothing personal, not the error's text) however many attempts fail. When the
 * workflow's tasks stop failing the streak is over; the next streak brings one new email.
 */
import path from 'node:path';
import type { MetricCounter, MetricMeter, MetricTags } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Notification } from '../../activities/types';
import { createLogger } from '../../platform/logger';
import { dataConverter } from '../../platform/temporal';
import { taskAlertId, taskProblemSinks, TASK_FAILURE_METRIC } from '../../worker/task-problems';
import { CaseWorkers } from '../../worker/workers';
import { emailTaskQueue } from '../../workflows/task-queues';
import { createTimeSkippingEnv, TASK_QUEUE } from '../support/temporal';
import { HISTORY_KEYS, recordHistories } from './harness';

const CASE = 'hf-stavanger-0123456789';
let env: TestWorkflowEnvironment;
let code: string;

beforeAll(async () => {
  env = await createTimeSkippingEnv(HISTORY_KEYS);
  ({ code } = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, 'stuck-fixtures.ts'),
    workflowInterceptorModules: [require.resolve('../../workflows/task-problems')],
    failureConverterPath: require.resolve('../../platform/failure-converter'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
  }));
}, 120_000);
afterAll(async () => {
  await env?.teardown();
});

/** A meter that keeps what was counted, as the Prometheus endpoint would show it. */
function recordingMeter() {
  const counted: { name: string; value: number; tags: MetricTags }[] = [];
  const counter = (name: string): MetricCounter => ({
    name,
    unit: undefined,
    description: undefined,
    kind: 'counter',
    valueType: 'int',
    add: (value: number, tags: MetricTags = {}) => void counted.push({ name, value, tags }),
    withTags: () => counter(name),
  });
  const meter = { createCounter: counter, withTags: () => meter } as unknown as MetricMeter;
  return { meter, counted };
}

test('a workflow task that keeps failing raises the metric each time and mails the administrator once per streak', async () => {
  const { meter, counted } = recordingMeter();
  const mails: Notification[] = [];
  // The case worker and, beside it, the mail worker on the email queue, as the worker process runs them.
  const worker = await CaseWorkers.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: TASK_QUEUE,
    workflowBundle: { code },
    dataConverter: dataConverter(HISTORY_KEYS),
    activities: {
      sendNotification: async (n: Notification) => {
        mails.push(n);
        return { messageId: `<${n.purpose}@test>`, to: 'admin' };
      },
    },
    sinks: taskProblemSinks({
      client: env.client,
      taskQueue: TASK_QUEUE,
      meter,
      log: createLogger('stuck-test', 'silent'),
      serves: (m) => m === 'stavanger',
      // A failing task holds the test server's clock: the quiet period passes in real seconds.
      quietPeriod: '3 seconds',
      signalEveryMs: 0,
    }),
  });
  const failures = () => counted.filter((c) => c.name === TASK_FAILURE_METRIC).length;
  // While a workflow task is outstanding the test server cannot skip time: wait in real time.
  const until = async (what: () => boolean) => {
    for (let i = 0; i < 300 && !what(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(what()).toBe(true);
  };

  await worker.runUntil(async () => {
    const broken = await env.client.workflow.start('brokenWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: CASE,
      args: [{ moveInDate: '10000-01-07' }],
      // The worker reports only a task's first failure; later attempts end by the task timeout.
      workflowTaskTimeout: '1 second',
    });
    await until(() => failures() >= 3);
    expect(counted[0]).toMatchObject({
      value: 1,
      tags: { workflow_type: 'brokenWorkflow', where: 'main' },
    });

    // However many attempts failed: one email, to the administrator, naming the case by its ID.
    await until(() => mails.length > 0);
    expect(mails).toEqual([
      expect.objectContaining({
        municipality: 'stavanger',
        caseId: CASE,
        kind: 'stuck',
        recipient: 'admin',
        topic: 'stuck-workflow',
        facts: { workflow: CASE },
      }),
    ]);
    expect(JSON.stringify(mails)).not.toMatch(/Kari|10000-01-07|not an ISO date/);
    // Attempts keep failing past the quiet period: still the one email, the alert still on.
    const seen = failures();
    await until(() => failures() >= seen + 5);
    expect(mails).toHaveLength(1);
    const alert = env.client.workflow.getHandle(taskAlertId(CASE));
    expect((await alert.describe()).status.name).toBe('RUNNING');
    // The alert went by the email queue, with the mail worker's own slots: when the worker is
    // behind, the case worker's activity slots are full.
    const queues = ((await alert.fetchHistory()).events ?? []).flatMap((e) =>
      e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.taskQueue?.name] : [],
    );
    expect(queues).toEqual([emailTaskQueue(TASK_QUEUE)]);

    // The streak ends when the workflow's tasks stop failing (here: an administrator ends it).
    await broken.terminate('fixed by hand');
    expect(await alert.result()).toEqual({ mailed: `<${mails[0].purpose}@test>` });
    expect(mails).toHaveLength(1);

    // A new streak: one new email.
    const again = await env.client.workflow.start('brokenWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: CASE,
      args: [{ moveInDate: '9999-99-99' }],
      workflowTaskTimeout: '1 second',
    });
    await until(() => mails.length === 2);
    await until(() => failures() >= 6);
    expect(mails).toHaveLength(2);
    expect(mails[1].purpose).not.toBe(mails[0].purpose);
    await again.terminate('fixed by hand');
    await alert.result();
    if (process.env.BF_RECORD_HISTORIES) {
      await recordHistories(env, 'stuck-tasks', expect.getState().currentTestName!, [taskAlertId(CASE)]);
    }
  });
}, 120_000);
