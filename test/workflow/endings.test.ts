/**
 * How a case ends: an exit with its reason (recorded, archived, the place given back), or a
 * consent withdrawal at any stage (the case stops, and nothing more goes out under that consent).
 */
import type { WorkflowHandle } from '@temporalio/client';
import { INCIDENT_MOOT } from '../../domain/pathway/texts';
import type { Stage } from '../../domain/stages';
import { EXIT_REASONS } from '../../domain/types';
import {
  getPlacesQuery,
  placesConfigureSignal,
  retryIncidentUpdate,
  STEP_UPDATES,
} from '../../workflows/messages';
import { ExitReason, PathwayStage } from '../../workflows/search-attributes';
import { TASK_QUEUE } from '../support/temporal';
import { people, refused, refusal, stories } from './harness';

const s = stories('endings');
/** Ending a granted service is a decision: the team lead's reasons (issue 15, item 4). */
const ENDING = 'Du har flyttet fra kommunen, og teamet har hjulpet deg med å få oppfølging der du bor nå.';
/** A place refused after the mapping is a decision: its reasons. */
const REFUSAL = 'Alle plassene er i bruk, og vurderingsteamet venter ingen ledige plasser de neste månedene.';

const placesNow = () => s.ctx.env.client.workflow.getHandle(s.ctx.placesId).query(getPlacesQuery);

describe.each(EXIT_REASONS)('exit: %s', (reason) => {
  test('is recorded and archived, gives the place back, and ends the case', async () => {
    await s.run(async () => {
      const handle = await s.startCase();
      await s.walk(handle, 'follow-up');
      await s.ctx.env.sleep('30 days');
      expect(await placesNow()).toMatchObject({ held: 1 });
      const date = await s.today();
      const view = await s.send(handle, STEP_UPDATES.exit, people.hfTeam, { reason, date, reasons: ENDING });
      expect(view.stage).toBe('exited');
      expect(view.exit).toEqual({ reason, date });
      expect(view.tasks).toEqual([]);
      await s.eventually(async () => expect(await placesNow()).toMatchObject({ held: 0 }));
      const journal = s.ctx.doubles.of('archiveJournalEntry').filter((j) => j.kind === 'exit');
      expect(journal).toEqual([expect.objectContaining({ purpose: 'exit', date })]);
      expect(await s.status(handle)).toBe('COMPLETED');
      // Ending a granted service is a decision; the person ending it gets a confirmation; a death, neither.
      const letters = s.ctx.doubles.of('sendLetter').map((l) => l.purpose);
      expect(letters).toEqual(
        reason === 'deceased'
          ? ['decision']
          : ['decision', reason === 'no-longer-wants' ? 'ending-confirmation' : 'ending'],
      );
      const sa = (await handle.describe()).typedSearchAttributes;
      expect(sa.get(PathwayStage)).toBe('exited');
      expect(sa.get(ExitReason)).toBe(reason);
      // Nothing more is accepted.
      await expect(
        s.send(handle, STEP_UPDATES.contact, people.hfTeam, { date: await s.today(), kind: 'phone' }),
      ).rejects.toThrow();
    });
  });
});

/** Brings a new case to `stage`; for the waiting list, with no place free. */
async function caseIn(stage: Stage): Promise<WorkflowHandle> {
  const handle = await s.startCase({
    consent: {
      given: true,
      date: await s.today(),
      scope: ['assessment-team', 'hf-team', 'nav', 'specialist-health'],
    },
  });
  const today = await s.today();
  switch (stage) {
    case 'not-relevant':
      await s.send(handle, STEP_UPDATES.review, people.assessor, {
        round: 1,
        outcome: 'not-relevant',
        meetingDate: today,
      });
      break;
    case 'no-place':
      await s.walk(handle, 'second-review');
      await s.send(handle, STEP_UPDATES.review, people.assessor, {
        round: 2,
        outcome: 'no-place',
        meetingDate: today,
        reasons: REFUSAL,
      });
      break;
    case 'waiting-for-place':
      await s.ctx.env.client.workflow.signalWithStart('placesWorkflow', {
        workflowId: s.ctx.placesId,
        taskQueue: TASK_QUEUE,
        args: [{ municipality: 'stavanger', capacity: 0 }],
        signal: placesConfigureSignal,
        signalArgs: [{ capacity: 0 }],
      });
      await s.walk(handle, 'second-review');
      await s.send(handle, STEP_UPDATES.review, people.assessor, {
        round: 2,
        outcome: 'place-offered',
        meetingDate: today,
      });
      await s.eventually(async () => expect((await s.view(handle)).place).toMatchObject({ position: 1 }));
      break;
    default:
      await s.walk(handle, stage);
  }
  expect((await s.view(handle)).stage).toBe(stage);
  return handle;
}

const STAGES_BEFORE_EXIT: Stage[] = [
  'first-review',
  'not-relevant',
  'mapping',
  'second-review',
  'no-place',
  'waiting-for-place',
  'decision',
  'housing',
  'move-in',
  'follow-up',
];

describe.each(STAGES_BEFORE_EXIT)('consent withdrawn in %s', (stage) => {
  test('stops the case: no task, no reminder, the place given back, the withdrawal archived', async () => {
    await s.run(async () => {
      const handle = await caseIn(stage);
      const hadPlace = (await s.view(handle)).place;
      const sentBefore = s.ctx.doubles.sent.length;
      const date = await s.today();
      const view = await s.send(handle, STEP_UPDATES.consentWithdrawal, people.caseworker, { date });
      expect(view.stage).toBe('withdrawn');
      expect(view.withdrawnAt).toBe(date);
      expect(view.tasks).toEqual([]);
      expect(view.consentScope).toEqual([]);
      if (hadPlace) {
        await s.eventually(async () => expect(await placesNow()).toMatchObject({ held: 0, waiting: [] }));
        expect(s.ctx.doubles.of('releasePlace')).toEqual([
          expect.objectContaining({ caseId: handle.workflowId }),
        ]);
      }
      await s.ctx.env.sleep('90 days');
      expect(s.ctx.doubles.sent.length).toBe(sentBefore);
      expect(s.ctx.doubles.of('archiveJournalEntry').map((j) => j.kind)).toContain('consent-withdrawn');
      expect(await s.status(handle)).toBe('COMPLETED');
      const late = await s
        .send(handle, STEP_UPDATES.consentWithdrawal, people.caseworker, { date })
        .then(() => 'accepted')
        .catch(() => 'refused');
      expect(late).toBe('refused');
    });
  });
});

test('a NAV notice still waiting when consent is withdrawn is never sent', async () => {
  await s.run(async () => {
    const handle = await caseIn('follow-up');
    // NAV's system is down: the notice waits on its lane as an incident.
    s.ctx.doubles.fail('notifyParty', () => refused('NAV unavailable'));
    await s.send(handle, STEP_UPDATES.evictionRisk, people.housingProvider, {
      kind: 'eviction-warning',
      date: await s.today(),
    });
    const waiting = await s.view(handle);
    expect(waiting.incidents).toEqual([
      expect.objectContaining({ operation: 'notifyParty', status: 'open' }),
    ]);
    await s.send(handle, STEP_UPDATES.consentWithdrawal, people.hfTeam, { date: await s.today() });
    s.ctx.doubles.heal('notifyParty');
    // The dropped notice resolved the incident; the case has nothing left to do and ends.
    await s.eventually(async () => expect(await s.status(handle)).toBe('COMPLETED'));
    const retry = await handle
      .executeUpdate(retryIncidentUpdate, {
        args: [{ actor: people.admin, incidentId: waiting.incidents[0].id }],
      })
      .then(() => 'accepted')
      .catch(() => 'refused');
    expect(retry).toBe('refused');
    await s.ctx.env.sleep('1 day');
    expect(s.ctx.doubles.of('notifyParty').filter((n) => n.party === 'nav')).toEqual([]);
    const view = await s.view(handle);
    expect(view.incidents[0]).toMatchObject({ status: 'resolved', moot: INCIDENT_MOOT.dropped });
    expect(view.timeline.find((e) => e.type === 'consent-withdrawn')!.summary).toContain('1 pending');
  });
});

test('an exit does not fit a case that was found not relevant: that one ends when the person is informed', async () => {
  await s.run(async () => {
    const handle = await caseIn('not-relevant');
    const err = await refusal(
      s.send(handle, STEP_UPDATES.exit, people.hfTeam, { reason: 'moved-away', date: await s.today() }),
    );
    expect(err.type).toBe('WrongStage');
    expect(err.message).toContain('informed');
  });
});
