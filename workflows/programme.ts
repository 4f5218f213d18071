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
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { PathwayActivities } from '../activities/types';
import { nextWorkingTime } from '../domain/calendar';
import {
  figureFacts,
  nextOccurrence,
  type MilestoneOccurrence,
  type ProgrammeInput,
  type ProgrammeState,
  type ProgrammeView,
} from '../domain/programme';
import { getProgrammeQuery, programmeConfigureSignal, retryProgrammeIncidentUpdate } from './messages';

const { outcomeFigures, sendNotification } = proxyActivities<PathwayActivities>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '30 seconds',
    backoffCoefficient: 2,
    maximumInterval: '30 minutes',
    maximumAttempts: 20,
  },
});

export function programmeWorkflowId(municipality: string): string {
  return `programme-${municipality}`;
}

export async function programmeWorkflow(input: ProgrammeInput, carried?: ProgrammeState): Promise<void> {
  let programme = input.programme;
  const state: ProgrammeState = carried ?? {
    since: new Date().toISOString(),
    done: [],
    incidents: [],
    seq: 0,
  };
  let changed = false;
  let sentThisRun = 0;

  const next = () => nextOccurrence(programme, input.timing, state.done, new Date(state.since));
  const view = (): ProgrammeView => {
    const n = next();
    return {
      municipality: input.municipality,
      startDate: programme.startDate,
      since: state.since,
      done: [...state.done],
      next: n ? { key: n.key, title: n.title, dueAt: n.dueAt.toISOString() } : undefined,
      incidents: state.incidents.map((i) => ({ ...i })),
    };
  };

  setHandler(getProgrammeQuery, view);
  setHandler(programmeConfigureSignal, ({ programme: p }) => {
    programme = p;
    changed = true;
  });
  setHandler(
    retryProgrammeIncidentUpdate,
    ({ incidentId }) => {
      state.incidents.find((i) => i.id === incidentId)!.status = 'retrying';
      changed = true;
      return view();
    },
    {
      validator: ({ incidentId }) => {
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

  for (;;) {
    const o = next();
    changed = false;
    if (!o) {
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
      if (isCancellation(err)) throw err;
      let incident = state.incidents.find((i) => i.occurrence === o.key && i.status !== 'resolved');
      if (!incident) {
        incident = {
          id: `incident-${++state.seq}`,
          occurrence: o.key,
          operation: 'outcomeFigures/sendNotification',
          message: err instanceof Error ? err.message.slice(0, 500) : String(err),
          openedAt: new Date().toISOString(),
          status: 'open',
          attempts: 0,
        };
        state.incidents.push(incident);
      }
      incident.status = 'open';
      incident.attempts++;
      const waiting = incident;
      await condition(() => waiting.status === 'retrying');
    }
    if (sentThisRun >= 50 || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof programmeWorkflow>({ ...input, programme }, state);
    }
  }
}
