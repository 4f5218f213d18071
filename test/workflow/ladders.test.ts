/**
 * Every waiting stage has its reminder (team lead) and escalation (unit leader), with the real
 * Stavanger durations, delivered in working hours; a deadline met in time sends nothing.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { nextWorkingTime } from '../../domain/calendar';
import { after } from '../../domain/deadlines';
import type { Stage } from '../../domain/stages';
import { STEP_UPDATES } from '../../workflows/messages';
import { municipalities } from '../support/fixtures';
import { oslo, people, stories, TZ, WORKING_HOURS } from './harness';

const s = stories('ladders');
const policy = municipalities.require('stavanger').policy;

/** When a routine message due at `at` goes out. */
const delivered = (at: Date) => nextWorkingTime(at, WORKING_HOURS, TZ);

interface Ladder {
  story: string;
  stage: Stage;
  /** The purpose prefix of its messages. */
  task: string;
  /** Extra steps after reaching the stage. */
  setup?: (handle: WorkflowHandle) => Promise<unknown>;
  /** The instant the ladder counts from, given when the workflow opened the task (default: then). */
  countsFrom?: (opened: Date) => Date;
  remindAfter: string;
  escalateAfter: string;
}

const ladders: Ladder[] = [
  {
    story: 'mapping not done after 30 days',
    stage: 'mapping',
    task: 'mapping',
    ...policy.ladders.mapping,
  },
  {
    story: 'a mapped referral not reviewed again after 14 days',
    stage: 'second-review',
    task: 'second-review',
    ...policy.ladders.secondReview,
  },
  {
    story: 'a held place without a decision after 7 days',
    stage: 'decision',
    task: 'decision',
    ...policy.ladders.decision,
  },
  {
    story: 'no housing 8 weeks after the decision',
    stage: 'housing',
    task: 'housing-1',
    ...policy.ladders.housing,
  },
  {
    story: 'a signed lease but no move-in 7 days after the planned date',
    stage: 'housing',
    task: 'move-in-1',
    setup: async (handle) =>
      s.send(handle, STEP_UPDATES.lease, people.housingProvider, {
        unitId: 'SE-9',
        signedDate: await s.today(),
        moveInDate: await s.today(),
      }),
    ...policy.ladders.moveIn,
  },
  {
    story: 'no follow-up and safety plans 14 days after moving in',
    stage: 'follow-up',
    task: 'plans',
    ...policy.ladders.plans,
  },
  {
    story: 'the 6-month evaluation not registered when due',
    stage: 'follow-up',
    task: 'evaluation-6',
    // Opened at the move-in, due six months later; its ladder counts from the due date.
    countsFrom: (opened) => after(policy, opened, '6 months'),
    ...policy.ladders.evaluation,
  },
  {
    story: 'the decision not reviewed after a year',
    stage: 'housing',
    task: 'decision-review-1',
    ...policy.ladders.decisionReview,
  },
];

describe.each(ladders)('$story', (ladder) => {
  test(`reminds the team lead after ${ladder.remindAfter} and alerts the unit leader after ${ladder.escalateAfter}, in working hours`, async () => {
    await s.run(async () => {
      const handle = await s.startCase();
      await s.walk(handle, ladder.stage);
      await ladder.setup?.(handle);
      // From the instant the workflow opened the task, never from a moment taken after the update
      // returned (that is a second or so later, and moves a deadline across 16:00 at some hours).
      const opened = await s.openedAt(handle, ladder.task);
      const from = ladder.countsFrom ? ladder.countsFrom(opened) : opened;
      const remindAt = delivered(after(policy, from, ladder.remindAfter));
      const escalateAt = delivered(after(policy, from, ladder.escalateAfter));
      const mine = () => s.ctx.doubles.sentWithTime().filter((n) => n.purpose.startsWith(`${ladder.task}:`));

      await s.sleepUntil(new Date(remindAt.getTime() - 60_000));
      expect(mine()).toEqual([]);
      await s.sleepUntil(new Date(escalateAt.getTime() + 60_000));
      const sent = mine();
      expect(sent.map((n) => [n.purpose, n.kind, n.recipient])).toEqual([
        [`${ladder.task}:reminder`, 'reminder', 'team-lead'],
        [`${ladder.task}:escalation`, 'escalation', 'unit-leader'],
      ]);
      // Sent when due: never before, and within the seconds a workflow task takes.
      for (const [n, due] of [
        [sent[0], remindAt],
        [sent[1], escalateAt],
      ] as const) {
        expect(n.at.getTime()).toBeGreaterThanOrEqual(due.getTime());
        expect(n.at.getTime() - due.getTime()).toBeLessThan(5_000);
      }
      for (const n of sent) expect(oslo(n.at)).toMatch(/^(Mon|Tue|Wed|Thu|Fri) (0[89]|1[0-5]):/);
      // No personal data travels in a staff message.
      const person = (await s.view(handle)).person!;
      expect(JSON.stringify(sent)).not.toContain(person.name);
      expect(JSON.stringify(sent)).not.toContain(person.nationalId);
    });
  });
});

test('plans registered and the evaluation done in time send nothing', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.walk(handle, 'follow-up');
    await s.ctx.env.sleep('10 days');
    await s.send(handle, STEP_UPDATES.plans, people.hfTeam, {
      followUpPlan: await s.today(),
      safetyPlan: await s.today(),
      individualPlanOffered: await s.today(),
    });
    await s.sleepUntil(new Date(after(policy, await s.now(), '5 months').getTime()));
    await s.send(handle, STEP_UPDATES.evaluation, people.hfTeam, {
      milestone: 6,
      date: await s.today(),
      mansaScore: 4.2,
    });
    await s.ctx.env.sleep('60 days');
    const purposes = s.ctx.doubles.sent.map((n) => n.purpose);
    expect(purposes.filter((p) => p.startsWith('plans') || p.startsWith('evaluation-6'))).toEqual([]);
    const view = await s.view(handle);
    expect(view.tasks.map((t) => t.kind)).not.toContain('plans');
    expect(view.followUp!.plans.safetyPlan).toBeDefined();
  });
});

test('plans registered only in part keep the reminder coming', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.walk(handle, 'follow-up');
    await s.send(handle, STEP_UPDATES.plans, people.hfTeam, { followUpPlan: await s.today() });
    await s.ctx.env.sleep('15 days');
    await s.toWorkingHours();
    expect(s.ctx.doubles.sent.map((n) => n.purpose)).toContain('plans:reminder');
  });
});
