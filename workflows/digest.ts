/**
 * The weekly digest: started by a Temporal Schedule per municipality (worker/schedules.ts), it
 * mails the team lead every open task that is overdue or due within a week. All the work is in
 * the activity (it reads the case directory); the workflow only fixes the moment the digest
 * describes, so a retried activity lists against the same clock and sends the same Message-ID.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { DigestActivities, DigestResult } from '../activities/types';

const { sendDigest } = proxyActivities<DigestActivities>({
  startToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '30 seconds',
    backoffCoefficient: 2,
    maximumInterval: '30 minutes',
    maximumAttempts: 12,
  },
});

export interface DigestInput {
  municipality: string;
}

export async function digestWorkflow(input: DigestInput): Promise<DigestResult> {
  const asOf = new Date().toISOString();
  return sendDigest({ municipality: input.municipality, asOf, purpose: `digest:${asOf.slice(0, 10)}` });
}
