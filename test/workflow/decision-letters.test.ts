/**
 * Decisions where the law sees one (issue 15, item 4), walked as cases: each letter is sent once,
 * through SvarUt, and archived once with the very letter that was sent.
 * - ending a granted service (moved away) is a decision with the team lead's reasons;
 * - the person ending it gets a written confirmation;
 * - a place refused after the mapping is a decision with reasons;
 * - a person on the waiting list gets an interim reply, and another at each review of the wait.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { CaseInput } from '../../domain/case';
import { getPlacesQuery, STEP_UPDATES } from '../../workflows/messages';
import { people, refusal, stories } from './harness';

const s = stories('decision-letters');

const ENDING =
  'Du har flyttet til Sandnes og bor ikke lenger i Stavanger kommune.\n\nTeamet har hjulpet deg med å søke om oppfølging i Sandnes.';
const REFUSAL =
  'Kartleggingen viser at du hører til målgruppen. Alle plassene er i bruk, og ingen blir ledige de neste månedene.';

/** The letters the case sent, by key, and the archive entries that keep a letter, by purpose. */
function sentAndArchived() {
  const d = s.ctx.doubles;
  return {
    sent: d.of('sendLetter').map((l) => l.key ?? l.purpose),
    archived: d
      .of('archiveJournalEntry')
      .filter((j) => j.letter)
      .map((j) => j.letter!.purpose),
  };
}

test('ending a granted service is a decision with the reasons: refused without them, then sent and archived once', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.walk(handle, 'follow-up');
    const date = await s.today();
    const err = await refusal(
      s.send(handle, STEP_UPDATES.exit, people.teamLead, { reason: 'moved-away', date }),
    );
    expect(err.type).toBe('InvalidEvent');
    expect(err.details).toEqual([{ path: 'reasons' }]);
    const view = await s.send(handle, STEP_UPDATES.exit, people.teamLead, {
      reason: 'moved-away',
      date,
      reasons: ENDING,
      decidedBy: { name: 'Ole Haugen' },
    });
    expect(view.stage).toBe('exited');
    await s.eventually(async () => expect(await s.status(handle)).toBe('COMPLETED'));
    expect(sentAndArchived()).toEqual({ sent: ['decision', 'ending'], archived: ['decision', 'ending'] });
    const letter = s.ctx.doubles.of('sendLetter').find((l) => l.purpose === 'ending')!;
    expect(letter.facts).toEqual({
      reasons: ENDING,
      decidedBy: { name: 'Ole Haugen', role: 'team-lead' },
      exitReason: 'moved-away',
      endedOn: date,
    });
    expect(letter.decision?.services).toEqual([{ kind: 'miljøarbeidertjeneste', hoursPerWeek: 5 }]);
    const final = await s.view(handle);
    const ending = final.letters.find((l) => l.purpose === 'ending')!;
    expect(ending.deliveredAt).toBeDefined();
    expect(ending.appealDeadline).toBeDefined();
  });
});

test('the person ending it gets a written confirmation, sent and archived once', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.walk(handle, 'follow-up');
    await s.send(handle, STEP_UPDATES.exit, people.hfTeam, {
      reason: 'no-longer-wants',
      date: await s.today(),
    });
    await s.eventually(async () => expect(await s.status(handle)).toBe('COMPLETED'));
    expect(sentAndArchived()).toEqual({
      sent: ['decision', 'ending-confirmation'],
      archived: ['decision', 'ending-confirmation'],
    });
    const final = await s.view(handle);
    expect(final.letters.find((l) => l.purpose === 'ending-confirmation')!.appealDeadline).toBeUndefined();
  });
});

test('a place refused after the mapping is a decision with its reasons, sent and archived once', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.walk(handle, 'second-review');
    await s.send(handle, STEP_UPDATES.review, people.assessor, {
      round: 2,
      outcome: 'no-place',
      meetingDate: await s.today(),
      reasons: REFUSAL,
      decidedBy: { name: 'Aisha Rahimi' },
    });
    await s.send(handle, STEP_UPDATES.informed, people.caseworker, {
      date: await s.today(),
      channel: 'phone',
    });
    await s.eventually(async () => expect(await s.status(handle)).toBe('COMPLETED'));
    expect(sentAndArchived()).toEqual({ sent: ['capacity-refusal'], archived: ['capacity-refusal'] });
    const letter = s.ctx.doubles.of('sendLetter')[0];
    expect(letter.facts).toEqual({
      reasons: REFUSAL,
      decidedBy: { name: 'Aisha Rahimi', role: 'assessment-team' },
    });
  });
});

/** A person already in follow-up when the municipality starts using the service: holds a place. */
async function existingResident(): Promise<WorkflowHandle> {
  const since = await s.daysAgo(200);
  const existing: CaseInput['existing'] = {
    stage: 'follow-up',
    stageSince: since,
    movedInAt: since,
    lastContactAt: await s.daysAgo(3),
    decision: { services: [{ kind: 'miljøarbeidertjeneste', hoursPerWeek: 4 }], date: await s.daysAgo(220) },
  };
  return s.startCase({ referredAt: await s.daysAgo(260), existing });
}

test('on the waiting list the person gets an interim reply, another at the review of the wait, and none once a place is free', async () => {
  await s.run(async () => {
    const residents: WorkflowHandle[] = [];
    for (let i = 0; i < 10; i++) residents.push(await existingResident());
    const places = () => s.ctx.env.client.workflow.getHandle(s.ctx.placesId).query(getPlacesQuery);
    expect(await places()).toMatchObject({ free: 0 });

    const waiting = await s.startCase();
    await s.walk(waiting, 'second-review');
    await s.send(waiting, STEP_UPDATES.review, people.assessor, {
      round: 2,
      outcome: 'place-offered',
      meetingDate: await s.today(),
    });
    await s.eventually(async () =>
      expect((await s.view(waiting)).place).toEqual({ status: 'waiting', position: 1 }),
    );
    await s.eventually(async () => expect(sentAndArchived().sent).toEqual(['interim-reply-1']));
    const first = s.ctx.doubles.of('sendLetter')[0];
    expect(first.facts).toEqual({ expectedBy: expect.any(String), position: 1 });
    expect(first.facts!.expectedBy! > first.date).toBe(true);

    // The review of the wait, a cadence later: the person still waits and hears again.
    await s.ctx.env.sleep('31 days');
    await s.eventually(async () =>
      expect(sentAndArchived()).toEqual({
        sent: ['interim-reply-1', 'interim-reply-2'],
        archived: ['interim-reply', 'interim-reply'],
      }),
    );
    const second = s.ctx.doubles.of('sendLetter')[1];
    expect(second.facts!.expectedBy! > first.facts!.expectedBy!).toBe(true);

    // A place frees up: the case moves on to the decision, and no interim reply follows.
    await s.send(residents[0], STEP_UPDATES.exit, people.teamLead, {
      reason: 'moved-away',
      date: await s.today(),
      reasons: ENDING,
    });
    await s.eventually(async () => expect((await s.view(waiting)).stage).toBe('decision'));
    await s.settle();
    expect(
      s.ctx.doubles
        .of('sendLetter')
        .filter((l) => l.caseId === waiting.workflowId)
        .map((l) => l.key),
    ).toEqual(['interim-reply-1', 'interim-reply-2']);
  });
});
