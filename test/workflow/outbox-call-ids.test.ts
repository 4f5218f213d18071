/**
 * A replay that takes the outbox's items in another order than the run did must fail, not apply
 * one call's answer to another item. The small chaos run of 2026-12-03 found the silent kind: a
 * worker cold-started after a SIGKILL ran a case's task one way (an incident notice queued before
 * a reminder), the rebuilt run replayed it the other way (the reminder first); the SDK compares an
 * activity's type and ID, not its input, so the rebuilt run took the history's incident notice for
 * the reminder, marked the reminder sent, queued the notice again, and the reminder never went.
 *
 * From patch `outbox-call-ids` each call's activity ID is its outbox item's, so the same
 * divergence is a nondeterminism error, which the doctor sets back (worker/doctor.ts). Here the
 * divergence is made by hand: two emails' scheduled events in a recorded history trade places.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { dataConverter } from '../../platform/temporal';
import { quietRuntime, workflowBundle } from '../support/temporal';
import { HISTORIES_DIR, HISTORY_KEYS, historyFromObject } from './harness';

type Json = any;

function load(file: string): { workflowId: string; history: Json } {
  return JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'));
}

/**
 * The history as a run that sent its first two emails the other way round would have written it:
 * their scheduled events trade inputs, and their activity IDs when `withIds`.
 */
function emailsSwapped(history: Json, withIds: boolean): { history: Json; ids: string[] } {
  const copy = structuredClone(history);
  const emails = copy.events
    .map((e: Json) => e.activityTaskScheduledEventAttributes)
    .filter((a: Json) => a?.activityType?.name === 'sendNotification');
  expect(emails.length).toBeGreaterThanOrEqual(2);
  const [a, b] = emails;
  const ids = [a.activityId, b.activityId];
  if (withIds) [a.activityId, b.activityId] = [b.activityId, a.activityId];
  [a.input, b.input] = [b.input, a.input];
  return { history: copy, ids };
}

async function replay(workflowId: string, history: Json): Promise<unknown> {
  try {
    await Worker.runReplayHistory(
      { workflowBundle: workflowBundle(), dataConverter: dataConverter(HISTORY_KEYS) },
      historyFromObject(history),
      workflowId,
    );
    return undefined;
  } catch (err) {
    return err;
  }
}

beforeAll(() => quietRuntime());

test('a replay that would send another email than the run did fails on the activity ID', async () => {
  const { workflowId, history } = load(
    'resilience/v2026-12-03b--an-archive-that-refuses-the-case-file-becomes-an-incident-reminders-go-on-an-administrator--1.json',
  );
  // As recorded, it replays; each email is named by its outbox item.
  expect(await replay(workflowId, history)).toBeUndefined();
  const swapped = emailsSwapped(history, true);
  expect(swapped.ids.every((id) => /^out-\d+$/.test(id))).toBe(true);
  const err = await replay(workflowId, swapped.history);
  expect(err).toBeInstanceOf(DeterminismViolationError);
  expect((err as Error).message).toMatch(/activity id/i);
});

test('before the patch, the same divergence replayed without a word (running numbers as IDs)', async () => {
  const { workflowId, history } = load(
    'resilience/v2026-12--an-archive-that-refuses-the-case-file-becomes-an-incident-reminders-go-on-an-administrator--1.json',
  );
  // Running numbers go by position, so a run that sent the other email first wrote the same IDs.
  const swapped = emailsSwapped(history, false);
  expect(swapped.ids.every((id) => /^\d+$/.test(id))).toBe(true);
  expect(await replay(workflowId, swapped.history)).toBeUndefined();
});
