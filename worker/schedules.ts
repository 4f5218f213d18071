/**
 * The weekly digest's Temporal Schedules: one per municipality (its team lead gets the mail),
 * firing at the start of the first weekday of the week in the municipality's time zone (the
 * digest itself waits past a public holiday: workflows/digest.ts).
 * Called when the worker starts: creating an existing schedule updates it instead, so a changed
 * profile (time zone, working hours) takes effect and a restart never makes a second schedule.
 */
import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client';
import type { MunicipalityProfile } from '../domain/policy';

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

export function digestScheduleId(municipality: string): string {
  return `weekly-digest-${municipality}`;
}

export function digestScheduleOptions(profile: MunicipalityProfile, taskQueue: string): ScheduleOptions {
  const { workingHours, timezone } = profile.policy;
  const [hour, minute] = workingHours.start.split(':').map(Number);
  const firstDay = Math.min(...workingHours.weekdays);
  return {
    scheduleId: digestScheduleId(profile.id),
    spec: { calendars: [{ dayOfWeek: DAYS[firstDay - 1], hour, minute }], timezone },
    action: {
      type: 'startWorkflow',
      workflowType: 'digestWorkflow',
      workflowId: `weekly-digest-${profile.id}`,
      args: [{ municipality: profile.id, timing: { timezone, workingHours } }],
      taskQueue,
      // A holiday Monday and Tuesday (Christmas) move the digest to Wednesday morning.
      workflowExecutionTimeout: '4 days',
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  };
}

export async function ensureDigestSchedules(
  client: Client,
  profiles: MunicipalityProfile[],
  taskQueue: string,
): Promise<{ created: string[]; updated: string[] }> {
  const created: string[] = [];
  const updated: string[] = [];
  for (const profile of profiles) {
    const options = digestScheduleOptions(profile, taskQueue);
    try {
      await client.schedule.create(options);
      created.push(options.scheduleId);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(options.scheduleId).update((prev) => ({
        ...prev,
        spec: options.spec,
        action: options.action,
        policies: { ...prev.policies, ...options.policies },
      }));
      updated.push(options.scheduleId);
    }
  }
  return { created, updated };
}
