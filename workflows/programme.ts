/**
 * The programme workflow: one per municipality (`programme-<municipality>`). It waits for each
 * programme milestone (first evaluation, midway report, project end, the yearly fidelity
 * self-assessment), fetches the outcome figures for the period and reminds the project group in
 * working hours. A failing figures or email call becomes an incident an administrator retries.
 * The worker's bootstrap sends the profile's programme at every start, so edits take effect.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { PathwayActivities } from '../activities/types';
import { nextWorkingTime } from '../domain/calendar';
import { emailTaskQueue } from './task-queues';
import { INCIDENT_MOOT } from '../domain/pathway/texts';
import {
  figureFacts,
  nextOccurrence,
  type MilestoneOccurrence,
  type ProgrammeIncident,
  type ProgrammeInput,
  type ProgrammeState,
  type ProgrammeView,
} from '../domain/programme';
import { getProgrammeQuery, programmeConfigureSignal, retryProgrammeIncidentUpdate } from './messages';
import { runActivationsAsOneBatch } from './one-batch';

const CALLS = {
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '30 seconds',
    backoffCoefficient: 2,
    maximumInterval: '30 minutes',
    maximumAttempts: 20,
  },
} as const;
const { outcomeFigures, sendNotification: sendOnMainQueue } = proxyActivities<PathwayActivities>(CALLS);

/**
 * From this version a run continues as new after its last milestone (and after 500 messages),
 * so the history that waits for a new programme is short; and a reconfiguration while a
 * milestone waits on an incident is honoured: a milestone moved or removed closes its incident
 * as moot and the programme goes on to what is now next.
 */
export const PATCH_PROGRAMME_2 = 'programme-honours-changes';

/**
 * From this version the project group's reminder goes to the email queue beside the workflow's
 * own, served by the mail worker's own slots (as a case's emails, patch `email-own-queue`), not
 * behind the municipal systems' calls. The outcome figures stay on the workflow's queue.
 */
export const PATCH_PROGRAMME_EMAIL_QUEUE = 'programme-email-queue';

/** Messages (reconfigurations, retries) per run before continuing as new. */
const MESSAGES_PER_RUN = 500;

export function programmeWorkflowId(municipality: string): string {
  return `programme-${municipality}`;
}

export async function programmeWorkflow(input: ProgrammeInput, carried?: ProgrammeState): Promise<void> {
  runActivationsAsOneBatch();
  let programme = input.programme;
  const state: ProgrammeState = carried ?? {
    since: new Date().toISOString(),
    done: [],
    incidents: [],
    seq: 0,
  };
  let changed = false;
  let sentThisRun = 0;
  let messagesThisRun = 0;
  const v2 = patched(PATCH_PROGRAMME_2);
  const { sendNotification } = patched(PATCH_PROGRAMME_EMAIL_QUEUE)
    ? proxyActivities<PathwayActivities>({ ...CALLS, taskQueue: emailTaskQueue(workflowInfo().taskQueue) })
    : { sendNotification: sendOnMainQueue };

  const next = () => nextOccurrence(programme, input.timing, state.done, new Date(state.since));
  const view = (): ProgrammeView => {
    const n = next();
    return {
      municipality: input.municipality,
      startDate: programme.startDate,
      since: state.since,
      done: [...state.done],
      // Nothing next is shown by the query only (replay runs no query; a retry always has a next).
      next: n
        ? { key: n.key, title: n.title, dueAt: n.dueAt.toISOString() }
        : /* istanbul ignore next */ undefined,
      incidents: state.incidents.map((i) => ({ ...i })),
    };
  };

  setHandler(getProgrammeQuery, view);
  setHandler(programmeConfigureSignal, ({ programme: p }) => {
    programme = p;
    changed = true;
    messagesThisRun++;
  });
  setHandler(
    retryProgrammeIncidentUpdate,
    ({ incidentId }) => {
      state.incidents.find((i) => i.id === incidentId)!.status = 'retrying';
      changed = true;
      messagesThisRun++;
      return view();
    },
    {
      // A validator runs when the update arrives, never on replay (test/workflow/programme.test.ts).
      validator: /* istanbul ignore next */ ({ incidentId }) => {
        const incident = state.incidents.find((i) => i.id === incidentId);
        if (!incident || incident.status !== 'open') throw new Error(`no open incident ${incidentId}`);
      },
    },
  );

  async function send(o: MilestoneOccurrence): Promise<void> {
    const figures = await outcomeFigures({ municipality: input.municipality, from: o.from, to: o.to });
    await sendNotification({
      municipality: input.municipality,
      purpose: `programme:${o.key}`,
      kind: 'milestone',
      recipient: 'project-group',
      topic: o.id,
      stage: o.title,
      dueAt: o.dueAt.toISOString(),
      since: new Date(`${o.from}T00:00:00Z`).toISOString(),
      facts: figureFacts(figures),
    });
  }

  const nextRun = async () => {
    await condition(allHandlersFinished);
    return continueAsNew<typeof programmeWorkflow>({ ...input, programme }, state);
  };

  for (;;) {
    if (
      v2 &&
      (sentThisRun >= 50 || messagesThisRun >= MESSAGES_PER_RUN || workflowInfo().continueAsNewSuggested)
    ) {
      return nextRun();
    }
    const o = next();
    changed = false;
    if (!o) {
      // After the last milestone the run ends: the next one waits for a new programme on a short history.
      if (v2 && sentThisRun > 0) return nextRun();
      await condition(() => changed);
      continue;
    }
    const at = nextWorkingTime(o.dueAt, input.timing.workingHours, input.timing.timezone);
    const wait = at.getTime() - Date.now();
    if (wait > 0 && (await condition(() => changed, wait))) continue; // reconfigured: look again
    try {
      await send(o);
      const incident = state.incidents.find((i) => i.occurrence === o.key && i.status !== 'resolved');
      if (incident) incident.status = 'resolved';
      state.done.push(o.key);
      sentThisRun++;
    } catch (err) {
      /* istanbul ignore if: nobody cancels the programme (it runs as long as the municipality) */
      if (isCancellation(err)) throw err;
      let incident = state.incidents.find((i) => i.occurrence === o.key && i.status !== 'resolved');
      if (!incident) {
        incident = {
          id: `incident-${++state.seq}`,
          occurrence: o.key,
          operation: 'outcomeFigures/sendNotification',
          // An activity's failure is always an Error; the String() is a guard.
          message: err instanceof Error ? err.message.slice(0, 500) : /* istanbul ignore next */ String(err),
          openedAt: new Date().toISOString(),
          status: 'open',
          attempts: 0,
        };
        state.incidents.push(incident);
      }
      incident.status = 'open';
      incident.attempts++;
      const waiting = incident;
      if (v2) await waitForRetryOrChange(o, waiting);
      else await condition(() => waiting.status === 'retrying');
    }
    // Runs from before PATCH_PROGRAMME_2 only: no recorded run of that code reached 50 milestones.
    /* istanbul ignore if */
    if (!v2 && (sentThisRun >= 50 || workflowInfo().continueAsNewSuggested)) return nextRun();
  }

  /**
   * Waits for an administrator's retry; a reconfiguration that moves or removes the milestone
   * closes the incident as moot (the loop then goes on to what is next now). A reconfiguration
   * that leaves the milestone due as it was (the bootstrap sends the profile at every start)
   * keeps the incident waiting.
   */
  async function waitForRetryOrChange(o: MilestoneOccurrence, waiting: ProgrammeIncident): Promise<void> {
    for (;;) {
      await condition(() => waiting.status === 'retrying' || changed);
      if (waiting.status === 'retrying') return;
      changed = false;
      const now = next();
      if (now?.key === o.key && now.dueAt.getTime() === o.dueAt.getTime()) continue;
      waiting.status = 'resolved';
      waiting.resolvedAt = new Date().toISOString();
      waiting.moot = INCIDENT_MOOT.milestoneChanged;
      return;
    }
  }
}
