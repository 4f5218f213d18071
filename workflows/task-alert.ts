/**
 * One email per stuck workflow per failure streak. The worker signals this workflow (ID
 * `task-alert-<workflow ID>`, signal-with-start) whenever a workflow task fails, so however many
 * attempts fail and however many workers see them, the administrator is told once: the first
 * signal starts it and it mails the administrator the workflow's ID (a pseudonymous case ID:
 * nothing personal). It then waits: each further failure renews the streak; when no failure has
 * been reported for a quiet period the streak is over and the workflow ends, so the next failure
 * starts a new alert and a new email.
 */
import type { Duration } from '@temporalio/common';
import {
  condition,
  continueAsNew,
  defineSignal,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { PathwayActivities } from '../activities/types';
import { runActivationsAsOneBatch } from './one-batch';
import { emailTaskQueue } from './task-queues';

export interface TaskAlertInput {
  /** The stuck workflow (a case ID, or a coordinator's ID). */
  workflowId: string;
  workflowType: string;
  municipality: string;
  /** When the worker first saw the failure (ISO timestamp). */
  since: string;
  /**
   * How long without a reported failure ends the streak (default: QUIET_PERIOD). Longer than the
   * worker's spacing of its reports and the server's spacing of a failing task's attempts.
   */
  quietPeriod?: string;
  /** Set when the alert continues as new: the email already went. */
  mailed?: string;
}

/** No failure reported for this long: the workflow runs again (or was ended by a person). */
export const QUIET_PERIOD = '30 minutes';
/** Failures noted in one run before it continues as new (a streak may last days). */
const SIGNALS_PER_RUN = 500;

/** A workflow task of the watched workflow failed again (sent by the worker, no argument). */
export const stillFailingSignal = defineSignal('stillFailing');

const MAIL_CALL = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
} as const;
const mainQueueMail = proxyActivities<PathwayActivities>(MAIL_CALL);

/**
 * From this version the alert goes to the email queue beside the workflow's own, served by the
 * mail worker's own slots (as a case's emails, patch `email-own-queue`): an alert is most needed
 * when the worker is behind, and then the case worker's activity slots are full.
 */
export const PATCH_ALERT_EMAIL_QUEUE = 'task-alert-email-queue';

const CASE_ID = /^hf-[a-z][a-z0-9-]*-[0-9a-hjkmnp-tv-z]{10}$/;

export async function taskAlertWorkflow(input: TaskAlertInput): Promise<{ mailed: string }> {
  runActivationsAsOneBatch();
  const mail = patched(PATCH_ALERT_EMAIL_QUEUE)
    ? proxyActivities<PathwayActivities>({
        ...MAIL_CALL,
        taskQueue: emailTaskQueue(workflowInfo().taskQueue),
      })
    : mainQueueMail;
  let failures = 0;
  setHandler(stillFailingSignal, () => void failures++);

  const mailed =
    input.mailed ??
    (
      await mail.sendNotification({
        municipality: input.municipality,
        // A case's ID links to the case; a coordinator's is named in the facts only.
        ...(CASE_ID.test(input.workflowId) ? { caseId: input.workflowId } : {}),
        kind: 'stuck',
        recipient: 'admin',
        topic: 'stuck-workflow',
        // One message per streak: a retried activity keeps the Message-ID.
        purpose: `stuck-workflow:${input.workflowId}:${workflowInfo().runId}`,
        since: input.since,
        facts: { workflow: input.workflowId },
      })
    ).messageId;

  let seen = 0;
  for (;;) {
    const renewed = await condition(() => failures > seen, (input.quietPeriod ?? QUIET_PERIOD) as Duration);
    if (!renewed) return { mailed };
    seen = failures;
    if (failures >= SIGNALS_PER_RUN) await continueAsNew<typeof taskAlertWorkflow>({ ...input, mailed });
  }
}
