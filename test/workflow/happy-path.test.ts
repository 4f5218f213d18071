/**
 * The Stavanger happy path, from referral to the 24-month evaluation, with the real Stavanger
 * durations: every deadline is met, so nobody is ever reminded; the decision is archived,
 * registered and delivered with its appeal deadline; follow-up goes on after the last milestone.
 */
import { after } from '../../domain/deadlines';
import { addDaysToDate, localDate } from '../../domain/calendar';
import { STEP_UPDATES } from '../../workflows/messages';
import { HousingStatus, MovedInAt, NextDueAt, PathwayStage } from '../../workflows/search-attributes';
import { municipalities } from '../support/fixtures';
import { people, stories } from './harness';

const s = stories('happy-path');
const policy = municipalities.require('stavanger').policy;
const DAY = 86_400_000;

test('Stavanger: a referral becomes a home and two years of follow-up with every deadline met, and nobody is reminded of anything', async () => {
  await s.run(async () => {
    const started = await s.now();
    const day = (n: number) => s.sleepUntil(new Date(started.getTime() + n * DAY));
    const handle = await s.startCase({
      // Substance use and no treatment: nothing on the path asks for sobriety or treatment.
      criteria: {
        homeless: true,
        substanceUse: true,
        mentalHealth: true,
        additional: ['gjentatte innleggelser'],
      },
      consent: {
        given: true,
        date: await s.today(),
        scope: ['assessment-team', 'hf-team', 'specialist-health', 'nav', 'housing-provider'],
      },
    });
    const d = s.ctx.doubles;

    await day(9);
    expect(
      (
        await s.send(handle, STEP_UPDATES.review, people.assessor, {
          round: 1,
          outcome: 'relevant',
          meetingDate: await s.today(),
        })
      ).stage,
    ).toBe('mapping');

    await day(25);
    const mapped = await s.send(handle, STEP_UPDATES.mapping, people.hfTeam, {
      followUpWorker: 'Oppfølger med erfaringskompetanse',
      housingWishes: { areas: ['Storhaug', 'Hillevåg'], type: 'leilighet', needs: ['skjermet inngang'] },
      forms: { mapping: await s.today(), baseline1: await s.today(), baseline2: await s.today() },
      mansaBaseline: 3.4,
    });
    expect(mapped.stage).toBe('second-review');

    await day(34);
    await s.send(handle, STEP_UPDATES.review, people.assessor, {
      round: 2,
      outcome: 'place-offered',
      meetingDate: await s.today(),
    });
    await s.settle();
    const granted = await s.view(handle);
    expect(granted.stage).toBe('decision');
    expect(granted.place).toEqual({ status: 'held' });
    expect(granted.tasks.map((t) => t.kind)).toEqual(['decision']);

    await day(36);
    const decisionDate = await s.today();
    const decided = await s.send(handle, STEP_UPDATES.decision, people.teamLead, {
      services: [{ kind: 'miljøarbeidertjeneste', hoursPerWeek: 6 }],
      date: decisionDate,
    });
    expect(decided.stage).toBe('housing');
    await s.settle();
    const afterDecision = await s.view(handle);
    expect(afterDecision.decision).toMatchObject({ date: decisionDate, archivedAs: 'journalpost-decision' });
    expect(d.of('registerDecision')).toEqual([
      expect.objectContaining({ key: 'decision', decision: expect.objectContaining({ date: decisionDate }) }),
    ]);
    expect(d.of('sendLetter')).toEqual([expect.objectContaining({ purpose: 'decision', key: 'decision' })]);
    const letter = afterDecision.letters[0];
    expect(letter).toMatchObject({
      purpose: 'decision',
      forsendelseId: 'forsendelse-decision',
      status: 'LEST',
    });
    // Four weeks (pasient- og brukerrettighetsloven § 7-3), from the case's policy: the letter says the
    // same. Counted from the day of delivery in Oslo (not the UTC date, which differs late in the evening).
    expect(letter.appealDeadline).toBe(
      addDaysToDate(localDate(new Date(letter.deliveredAt!), 'Europe/Oslo'), 28),
    );

    await day(50);
    const { offerId } = await s.send(handle, STEP_UPDATES.housingOffer, people.housingProvider, {
      unitId: 'SE-1042',
      address: 'Eksempelgata 4, 4014 Stavanger',
      source: 'municipal',
      availableFrom: await s.today(),
    });
    await day(52);
    await s.send(handle, STEP_UPDATES.offerResponse, people.hfTeam, {
      offerId,
      accepted: true,
      date: await s.today(),
    });

    await day(60);
    const moveInDate = addDaysToDate(await s.today(), 4);
    expect(
      (
        await s.send(handle, STEP_UPDATES.lease, people.housingProvider, {
          unitId: 'SE-1042',
          signedDate: await s.today(),
          moveInDate,
        })
      ).stage,
    ).toBe('move-in');

    await day(64);
    const moved = await s.send(handle, STEP_UPDATES.moveIn, people.hfTeam, { date: moveInDate });
    expect(moved.stage).toBe('follow-up');
    const movedIn = await s.now();
    await day(66);
    await s.send(handle, STEP_UPDATES.plans, people.hfTeam, {
      followUpPlan: await s.today(),
      safetyPlan: await s.today(),
      individualPlanOffered: await s.today(),
    });

    // Follow-up: a contact every week, each evaluation a few days before it is due, and the
    // decision reviewed (a revised decision) before each yearly review is due.
    const evaluationDue = (months: number) => after(policy, movedIn, `${months} months`).getTime();
    const decidedAt = started.getTime() + 36 * DAY;
    const diary: { at: number; what: () => Promise<unknown> }[] = [
      ...[6, 12, 24].map((m) => ({
        at: evaluationDue(m) - 3 * DAY,
        what: async () =>
          s.send(handle, STEP_UPDATES.evaluation, people.hfTeam, {
            milestone: m,
            date: await s.today(),
            mansaScore: 4 + m / 12,
          }),
      })),
      ...[11, 22].map((m) => ({
        at: after(policy, new Date(decidedAt), `${m} months`).getTime(),
        what: async () =>
          s.send(handle, STEP_UPDATES.decision, people.teamLead, {
            services: [{ kind: 'miljøarbeidertjeneste', hoursPerWeek: m === 11 ? 4 : 3 }],
            date: await s.today(),
          }),
      })),
    ].sort((a, b) => a.at - b.at);
    let nextContact = movedIn.getTime() + 7 * DAY;
    const end = evaluationDue(24) + 5 * DAY;
    while (nextContact < end || diary.length > 0) {
      const next = diary[0] && diary[0].at < nextContact ? diary.shift()! : undefined;
      const at = next ? next.at : nextContact;
      if (at > end) break;
      await s.sleepUntil(new Date(at));
      if (next) await next.what();
      else {
        await s.send(handle, STEP_UPDATES.contact, people.hfTeam, {
          date: await s.today(),
          kind: 'home-visit',
          minutes: 60,
        });
        nextContact += 7 * DAY;
      }
    }
    await s.sleepUntil(new Date(end));

    const view = await s.view(handle);
    expect(view.stage).toBe('follow-up');
    expect(view.housing.status).toBe('housed');
    expect(view.followUp!.evaluations.map((e) => e.milestone)).toEqual([6, 12, 24]);
    expect(view.followUp!.contacts).toBeGreaterThan(100);
    // Nothing is left to do but keep in touch and review the latest decision.
    expect(view.tasks.map((t) => t.kind).sort()).toEqual(['contact', 'decision-review']);
    expect(view.letters.map((l) => [l.purpose, l.status])).toEqual([
      ['decision', 'LEST'],
      ['decision', 'LEST'],
      ['decision', 'LEST'],
    ]);
    // Every deadline was met: not one reminder or escalation in two years.
    expect(d.sent).toEqual([]);
    expect(d.of('archiveCaseFile')).toHaveLength(1);
    expect(d.of('archiveJournalEntry').map((j) => j.kind)).toEqual([
      'referral',
      'review-1',
      'review-2',
      'decision',
      'decision',
      'decision',
    ]);
    expect(new Set(d.of('archiveJournalEntry').map((j) => j.caseFileId))).toEqual(
      new Set([`saksmappe-${handle.workflowId}`]),
    );
    expect(d.of('registerDecision').map((r) => r.key)).toEqual(['decision', 'decision-2', 'decision-3']);
    expect(d.of('reserveUnit')).toEqual([expect.objectContaining({ unitId: 'SE-1042' })]);
    expect(d.of('registerLease')).toEqual([expect.objectContaining({ unitId: 'SE-1042', moveInDate })]);
    expect(d.of('notifyParty').map((n) => [n.party, n.event])).toEqual([
      ['specialist-health', 'decision'],
      ['specialist-health', 'decision'],
      ['specialist-health', 'decision'],
    ]);

    // Updates answer with a small receipt, not the whole case: the history stays small
    // (1.68 MB for these 2.2 years, 767 kB a year, when every update returned the view; 82 kB now).
    const years = (end - started.getTime()) / (365.25 * DAY);
    const perYear = (await s.historyBytes(handle)) / years;
    expect(perYear).toBeLessThan(250_000);

    const sa = (await handle.describe()).typedSearchAttributes;
    expect(sa.get(PathwayStage)).toBe('follow-up');
    expect(sa.get(HousingStatus)).toBe('housed');
    expect(sa.get(MovedInAt)?.toISOString().slice(0, 10)).toBe(addDaysToDate(moveInDate, -1));
    expect(sa.get(NextDueAt)?.toISOString()).toBe(view.nextDueAt);
  });
});
