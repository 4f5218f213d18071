/**
 * A case lives for years and never dies of an outside system: failures become incidents an
 * administrator retries, a failing system holds up only its own calls, the workflow continues
 * as new carrying its whole state, and an administrator may move a case to a newer policy.
 */
import { ApplicationFailure } from '@temporalio/common';
import { adoptPolicyUpdate, getCaseQuery, retryIncidentUpdate, STEP_UPDATES } from '../../workflows/messages';
import { HasIncident, NextDueAt, PathwayStage } from '../../workflows/search-attributes';
import { municipalities } from '../support/fixtures';
import { people, refused, refusal, stories } from './harness';

const s = stories('resilience');

test('an archive that refuses the case file becomes an incident; reminders go on; an administrator retries and the archive catches up in order', async () => {
  await s.run(async () => {
    const d = s.ctx.doubles;
    d.fail('archiveCaseFile', () => refused('Fiks Arkiv: 400 ugyldig klassifikasjon'));
    const handle = await s.startCase();
    // The first case of a fresh worker may still be starting when the settle's second has passed.
    await s.eventually(async () => expect((await s.view(handle)).incidents).toHaveLength(1));
    const view = await s.view(handle);
    expect(view.incidents).toEqual([
      expect.objectContaining({
        id: 'incident-1',
        system: 'archive',
        operation: 'archiveCaseFile',
        status: 'open',
        attempts: 1,
      }),
    ]);
    expect((await handle.describe()).typedSearchAttributes.get(HasIncident)).toBe(true);
    const alarm = d.sent.filter((n) => n.kind === 'incident');
    expect(alarm).toEqual([
      expect.objectContaining({
        recipient: 'admin',
        purpose: 'incident-1:failure-1',
        facts: { incident: 'incident-1', system: 'archive', operation: 'archiveCaseFile' },
      }),
    ]);
    expect(JSON.stringify(alarm)).not.toContain(view.person!.name);

    // The case goes on while the archive waits: the first-review reminder is sent on time.
    await s.ctx.env.sleep('15 days');
    await s.toWorkingHours();
    expect(d.sent.map((n) => n.purpose)).toContain('first-review:reminder');
    await s.send(handle, STEP_UPDATES.review, people.assessor, {
      round: 1,
      outcome: 'relevant',
      meetingDate: await s.today(),
    });
    expect(d.of('archiveJournalEntry')).toEqual([]);

    d.heal('archiveCaseFile');
    const retried = await handle.executeUpdate(retryIncidentUpdate, {
      args: [{ actor: people.admin, incidentId: 'incident-1' }],
    });
    expect(retried).toMatchObject({ stage: 'mapping', hasIncident: true });
    expect((await s.view(handle)).incidents[0].status).not.toBe('open');
    await s.settle();
    const after = await s.view(handle);
    expect(after.incidents[0]).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
    expect((await handle.describe()).typedSearchAttributes.get(HasIncident)).toBe(false);
    expect(d.of('archiveCaseFile')).toHaveLength(1);
    expect(d.of('archiveJournalEntry').map((j) => j.kind)).toEqual(['referral', 'review-1']);
    expect(after.timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining(['incident', 'incident-retry', 'incident-resolved']),
    );
  });
});

test('a case started with a name the archive refuses for ever has a way out: the caseworker corrects the name, the retry archives it', async () => {
  await s.run(async () => {
    const d = s.ctx.doubles;
    // As the archive answers a name holding a control character: refused, every time.
    // eslint-disable-next-line no-control-regex
    const unreadable = /[\u0000-\u001f]/;
    d.fail('archiveCaseFile', (r: { person: { name: string } }) =>
      unreadable.test(r.person.name) ? refused('Fiks Arkiv: 400 ugyldig tegn i navn') : undefined,
    );
    // Started before names were checked at the API (straight to the workflow, as then).
    const handle = await s.startCase({ person: { name: 'Kari\u0000 Nordmann', nationalId: '01017012343' } });
    await s.eventually(async () => expect((await s.view(handle)).incidents).toHaveLength(1));

    // The retry alone cannot help: the same name is refused again.
    await handle.executeUpdate(retryIncidentUpdate, {
      args: [{ actor: people.admin, incidentId: 'incident-1' }],
    });
    await s.settle();
    await s.eventually(async () => expect((await s.view(handle)).incidents[0].status).toBe('open'));

    // A correction must hold what the API would take: a name still unreadable is refused.
    const bad = await refusal(
      handle.executeUpdate(STEP_UPDATES.correctPerson, {
        args: [{ actor: people.caseworker, event: { person: { name: '\u200b\u0007' }, reason: 'misspelt' } }],
      }),
    );
    expect(bad.message).toContain('person.name');
    const noReason = await refusal(
      handle.executeUpdate(STEP_UPDATES.correctPerson, {
        args: [{ actor: people.caseworker, event: { person: { name: 'Kari Nordmann' } } as never }],
      }),
    );
    expect(noReason.message).toContain('reason');

    const corrected = await s.send(handle, STEP_UPDATES.correctPerson, people.caseworker, {
      person: { name: ' Kari Nordmann ' },
      reason: 'unreadable-characters',
    });
    expect(corrected.person).toEqual({ name: 'Kari Nordmann', nationalId: '01017012343' });
    const entry = corrected.timeline.find((e) => e.type === 'person-correction')!;
    expect(entry).toMatchObject({ actor: people.caseworker });
    // The course names the field and the reason, never the value.
    expect(entry.summary).toBe("person's details corrected (name); reason: unreadable-characters");

    await handle.executeUpdate(retryIncidentUpdate, {
      args: [{ actor: people.admin, incidentId: 'incident-1' }],
    });
    await s.settle();
    await s.eventually(async () =>
      expect((await s.view(handle)).incidents[0]).toMatchObject({ status: 'resolved' }),
    );
    expect(d.of('archiveCaseFile').map((r) => r.person.name)).toEqual(['Kari Nordmann']);
    expect((await handle.describe()).typedSearchAttributes.get(HasIncident)).toBe(false);
  });
});

test('a system that keeps failing is retried by its policy first, then becomes an incident; a retry that fails again reopens it', async () => {
  await s.run(async () => {
    const d = s.ctx.doubles;
    let attempts = 0;
    d.fail('archiveCaseFile', () => {
      attempts++;
      return ApplicationFailure.retryable('Fiks Arkiv: 503', 'Unavailable');
    });
    const handle = await s.startCase();
    await s.ctx.env.sleep('1 day');
    const view = await s.view(handle);
    expect(attempts).toBe(20);
    expect(view.incidents).toEqual([expect.objectContaining({ status: 'open', attempts: 1 })]);
    expect(view.stage).toBe('first-review');

    await handle.executeUpdate(retryIncidentUpdate, {
      args: [{ actor: people.admin, incidentId: 'incident-1' }],
    });
    await s.ctx.env.sleep('1 day');
    expect((await s.view(handle)).incidents).toEqual([
      expect.objectContaining({ status: 'open', attempts: 2 }),
    ]);
    expect(d.sent.filter((n) => n.kind === 'incident').map((n) => n.purpose)).toEqual([
      'incident-1:failure-1',
      'incident-1:failure-2',
    ]);
    const wrong = await refusal(
      handle.executeUpdate(retryIncidentUpdate, {
        args: [{ actor: people.admin, incidentId: 'incident-9' }],
      }),
    );
    expect(wrong.type).toBe('UnknownReference');
  });
});

test('a decision letter that is not delivered becomes an incident; the retry sends it again as a new letter', async () => {
  await s.run(async () => {
    const d = s.ctx.doubles;
    d.letterStatus = () => ({ status: 'IKKE_LEVERT', delivered: false, failed: true });
    const handle = await s.startCase();
    await s.walk(handle, 'housing');
    const view = await s.view(handle);
    expect(view.letters[0]).toMatchObject({ purpose: 'decision', status: 'IKKE_LEVERT' });
    expect(view.letters[0].deliveredAt).toBeUndefined();
    const incident = view.incidents.find((i) => i.operation === 'sendLetter')!;
    expect(incident).toMatchObject({ system: 'letters', status: 'open' });
    // The case itself goes on: housing procurement is not held up by the letter.
    expect(view.stage).toBe('housing');

    d.letterStatus = () => ({ status: 'LEST', delivered: true, failed: false });
    await handle.executeUpdate(retryIncidentUpdate, {
      args: [{ actor: people.admin, incidentId: incident.id }],
    });
    await s.settle();
    expect(d.of('sendLetter').map((l) => l.key)).toEqual(['decision', 'decision#resend-2']);
    const delivered = (await s.view(handle)).letters[0];
    expect(delivered).toMatchObject({ status: 'LEST', appealDeadline: expect.any(String) });
  });
});

test('continue-as-new keeps the whole case: stage, timeline, tasks, place, open incidents and the clocks', async () => {
  await s.run(async () => {
    const d = s.ctx.doubles;
    // The archive refuses from the start: an incident stays open across the new run.
    d.fail('archiveJournalEntry', () => refused('arkiv nede'));
    const handle = await s.startCase(undefined, { limits: { messages: 12, timelineEntries: 10 } });
    await s.walk(handle, 'follow-up');
    const before = await s.view(handle);
    expect(before.incidents).toEqual([
      expect.objectContaining({ operation: 'archiveJournalEntry', status: 'open' }),
    ]);
    const firstRun = (await handle.describe()).runId;
    for (let i = 0; i < 12; i++) {
      await s.ctx.env.sleep('5 days');
      await s.send(handle, STEP_UPDATES.contact, people.hfTeam, {
        date: await s.today(),
        kind: 'home-visit',
        minutes: 30,
      });
    }
    await s.settle();
    const laterRun = (await handle.describe()).runId;
    expect(laterRun).not.toBe(firstRun);
    const firstHistory = await s.ctx.env.client.workflow
      .getHandle(handle.workflowId, firstRun)
      .fetchHistory();
    expect(firstHistory.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();

    const view = await handle.query(getCaseQuery);
    expect(view.stage).toBe('follow-up');
    expect(view.place).toEqual(before.place);
    expect(view.decision).toEqual(before.decision);
    expect(view.followUp!.contacts).toBe(12);
    expect(view.followUp!.startedAt).toBe(before.followUp!.startedAt);
    expect(view.incidents).toEqual(before.incidents);
    expect(view.timelineTrimmed).toBeGreaterThan(0);
    expect(view.timeline.at(-1)!.type).toBe('contact');
    expect(view.tasks.map((t) => t.id)).toEqual(
      expect.arrayContaining(['evaluation-6', 'evaluation-12', 'evaluation-24']),
    );
    const sa = (await handle.describe()).typedSearchAttributes;
    expect(sa.get(PathwayStage)).toBe('follow-up');
    expect(sa.get(HasIncident)).toBe(true);
    expect(sa.get(NextDueAt)?.toISOString()).toBe(view.nextDueAt);

    // The clocks run on in the new run: no contact for 14 days reminds the team lead once.
    await s.ctx.env.sleep('15 days');
    await s.toWorkingHours();
    const stale = d.sent.filter((n) => n.topic === 'contact');
    expect(stale).toHaveLength(1);
    expect(stale[0].purpose).toBe(`${view.tasks.find((t) => t.kind === 'contact')!.id}:reminder`);

    // The incident opened in the first run is retried in the new one; the archive catches up.
    d.heal('archiveJournalEntry');
    await handle.executeUpdate(retryIncidentUpdate, {
      args: [{ actor: people.admin, incidentId: before.incidents[0].id }],
    });
    await s.settle();
    expect((await s.view(handle)).incidents).toEqual([expect.objectContaining({ status: 'resolved' })]);
    expect(d.of('archiveJournalEntry').map((j) => j.kind)).toEqual([
      'referral',
      'review-1',
      'review-2',
      'decision',
    ]);
  });
});

test('an administrator moves a case to a newer policy: reminders not yet sent follow the new ladder', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    const current = municipalities.require('stavanger').policy;
    const newer = {
      ...current,
      version: current.version + 1,
      // The escalation far enough off that a weekend before the working morning below cannot reach it.
      ladders: { ...current.ladders, firstReview: { remindAfter: '7 days', escalateAfter: '20 days' } },
    };
    const stale = await refusal(
      handle.executeUpdate(adoptPolicyUpdate, { args: [{ actor: people.admin, policy: current }] }),
    );
    expect(stale.message).toContain(`already follows version ${current.version}`);
    await handle.executeUpdate(adoptPolicyUpdate, {
      args: [{ actor: people.admin, policy: newer }],
    });
    expect((await s.view(handle)).policyVersion).toBe(current.version + 1);
    await s.ctx.env.sleep('8 days');
    await s.toWorkingHours();
    expect(s.ctx.doubles.sent.map((n) => n.purpose)).toEqual(['first-review:reminder']);
  });
});
