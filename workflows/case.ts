/**
 * The case workflow: one per referral, from innsøking to exit. (Foundation slice: referral and the
 * first review's reminder ladder; the pathway issue grows it to every stage.)
 */
import {
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { PathwayActivities } from '../activities/types';
import type { CaseInput, CaseView, Task } from '../domain/case';
import { addDuration } from '../domain/duration';
import { nextWorkingTime } from '../domain/calendar';
import { STAGE_LABELS, type Stage } from '../domain/stages';
import { getCaseQuery, reviewUpdate, WRONG_STAGE } from './messages';
import { HskOffice, Municipality, NextDueAt, PathwayStage, ReferredAt } from './search-attributes';

const { sendNotification } = proxyActivities<PathwayActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 20,
  },
});

export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  const { policy } = input;
  const now = () => new Date();
  const startedAt = now();
  let stage: Stage = 'first-review';
  const due = (ladder: { remindAfter: string; escalateAfter: string }, from: Date) => ({
    remindAt: addDuration(from, ladder.remindAfter, policy.timezone, policy.workingHours),
    escalateAt: addDuration(from, ladder.escalateAfter, policy.timezone, policy.workingHours),
  });
  const firstReview = due(policy.ladders.firstReview, startedAt);
  const tasks: Task[] = [
    {
      id: 'first-review',
      kind: 'first-review',
      title: 'Første vurdering i vurderingsteamet',
      assignee: 'assessment-team',
      createdAt: startedAt.toISOString(),
      dueAt: firstReview.remindAt.toISOString(),
      remindAt: firstReview.remindAt.toISOString(),
      escalateAt: firstReview.escalateAt.toISOString(),
    },
  ];
  const timeline: CaseView['timeline'] = [
    {
      at: startedAt.toISOString(),
      date: input.referredAt,
      type: 'referral',
      actor: input.caseworker,
      summary: `referral from ${input.office}`,
    },
  ];

  const view = (): CaseView => ({
    caseId: input.caseId,
    municipality: input.municipality,
    office: input.office,
    stage,
    referredAt: input.referredAt,
    nextDueAt: tasks[0]?.dueAt,
    tasks: [...tasks],
    timeline: [...timeline],
    incidents: [],
    consentScope: input.consent.scope,
    housing: { status: 'none', offers: [] },
    evictionRisks: [],
    letters: [],
    person: input.person,
    notes: input.notes,
    criteria: input.criteria,
  });

  const publish = () =>
    upsertSearchAttributes([
      { key: PathwayStage, value: stage },
      { key: NextDueAt, value: tasks[0] ? new Date(tasks[0].dueAt) : null },
    ]);

  upsertSearchAttributes([
    { key: PathwayStage, value: stage },
    { key: HskOffice, value: input.office },
    { key: Municipality, value: input.municipality },
    { key: ReferredAt, value: startedAt },
    { key: NextDueAt, value: new Date(tasks[0].dueAt) },
  ]);

  setHandler(getCaseQuery, view);
  setHandler(
    reviewUpdate,
    ({ actor, event }) => {
      timeline.push({
        at: now().toISOString(),
        date: event.meetingDate,
        type: `review-${event.round}`,
        actor,
        summary: `outcome: ${event.outcome}`,
      });
      stage = event.outcome === 'relevant' ? 'mapping' : 'not-relevant';
      tasks.splice(0, tasks.length);
      publish();
      return view();
    },
    {
      validator: ({ event }) => {
        if (stage !== 'first-review' || event.round !== 1) {
          throw ApplicationFailure.create({
            type: WRONG_STAGE,
            message: `the case is in stage "${stage}" (${STAGE_LABELS[stage]}); it expects a first review`,
            nonRetryable: true,
          });
        }
      },
    },
  );

  // First-review ladder: remind the team lead, then alert the unit leader, unless reviewed first.
  for (const step of ['reminder', 'escalation'] as const) {
    const task = tasks.find((t) => t.kind === 'first-review');
    if (!task) break;
    const at = new Date(step === 'reminder' ? task.remindAt! : task.escalateAt!);
    const deliverAt = nextWorkingTime(at, policy.workingHours, policy.timezone);
    const reviewed = await condition(() => stage !== 'first-review', deliverAt.getTime() - Date.now());
    if (reviewed) break;
    await sendNotification({
      municipality: input.municipality,
      caseId: input.caseId,
      purpose: `first-review:${step}`,
      kind: step,
      recipient: step === 'reminder' ? 'team-lead' : 'unit-leader',
      topic: 'first-review',
      stage: STAGE_LABELS[stage],
      dueAt: task.dueAt,
      since: task.createdAt,
    });
    task[step === 'reminder' ? 'reminded' : 'escalated'] = now().toISOString();
  }

  await condition(() => stage !== 'first-review');
  return view();
}
