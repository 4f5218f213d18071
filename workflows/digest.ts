/**
 * The weekly digest: started by a Temporal Schedule per municipality (worker/schedules.ts), it
 * mails the team lead every open task that is overdue or due within a week. All the work is in
 * the activity (it reads the case directory); the workflow only fixes the moment the digest
 * describes, so a retried activity lists against the same clock and sends the same Message-ID.
 *
 * The schedule fires on the first weekday of the week; when that is a public holiday (Easter
 * Monday, Whit Monday, 1 January, 1 and 17 May, 25 and 26 December) the digest waits for the
 * next working morning, by the same calendar the reminders use.
 */
import { patched, proxyActivities, sleep } from '@temporalio/workflow';
import type { DigestActivities, DigestResult } from '../activities/types';
import { isWorkingDay, localDate, nextWorkingTime, type WorkingHours } from '../domain/calendar';

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
  /** The municipality's working hours and time zone (schedules made before it lack them). */
  timing?: { timezone: string; workingHours: WorkingHours };
}

/** The digest waits for a working day (a holiday Monday moves it to Tuesday morning; a manual trigger on a working day goes at once). */
export const PATCH_DIGEST_WORKING_DAYS = 'digest-on-working-days';

export async function digestWorkflow(input: DigestInput): Promise<DigestResult> {
  if (input.timing && patched(PATCH_DIGEST_WORKING_DAYS)) {
    // Only a day off waits (a holiday Monday): an administrator's manual trigger on a working day
    // sends at once, whatever the hour.
    const { timezone, workingHours } = input.timing;
    const now = Date.now();
    if (!isWorkingDay(localDate(new Date(now), timezone), workingHours)) {
      const at = nextWorkingTime(new Date(now), workingHours, timezone).getTime();
      // The next working time after a day off is always later; the test is a guard.
      /* istanbul ignore else */
      if (at > now) await sleep(at - now);
    }
  }
  const asOf = new Date().toISOString();
  return sendDigest({ municipality: input.municipality, asOf, purpose: `digest:${asOf.slice(0, 10)}` });
}
