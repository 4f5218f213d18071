/**
 * Every incident can close: an incident waits for a queued call, and when that call no longer
 * exists (a consent change dropped it, the case ended) the incident is closed as moot with a
 * reason staff can read, and `HasIncident` follows. A call that fails after it was dropped opens
 * no incident at all.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import * as pathway from '../../domain/pathway';
import { INCIDENT_MOOT } from '../../domain/pathway/texts';
import { retryIncidentUpdate, STEP_UPDATES } from '../../workflows/messages';
import { HasIncident } from '../../workflows/search-attributes';
import { caseInput } from '../support/fixtures';
import { people, refusal, refused, stories } from './harness';

const s = stories('incidents');

async function caseInFollowUpTellingNav(): Promise<WorkflowHandle> {
  const handle = await s.startCase({
    consent: { given: true, date: await s.today(), scope: ['assessment-team', 'hf-team', 'nav'] },
  });
  await s.walk(handle, 'follow-up');
  return handle;
}

const hasIncident = async (handle: WorkflowHandle) =>
  (await handle.describe()).typedSearchAttributes.get(HasIncident);

test('a NAV notice dropped after a consent change closes its incident as moot, and HasIncident goes false', async () => {
  await s.run(async () => {
    const handle = await caseInFollowUpTellingNav();
    s.ctx.doubles.fail('notifyParty', () => refused('NAV unavailable'));
    await s.send(handle, STEP_UPDATES.evictionRisk, people.housingProvider, {
      kind: 'eviction-warning',
      date: await s.today(),
    });
    const waiting = await s.view(handle);
    expect(waiting.incidents).toEqual([
      expect.objectContaining({ operation: 'notifyParty', status: 'open' }),
    ]);
    expect(await hasIncident(handle)).toBe(true);

    // The person no longer wants NAV told: the notice is dropped, and with it the incident.
    await s.send(handle, STEP_UPDATES.consentScope, people.hfTeam, {
      date: await s.today(),
      scope: ['assessment-team', 'hf-team'],
    });
    const after = await s.view(handle);
    expect(after.incidents).toEqual([
      expect.objectContaining({
        id: waiting.incidents[0].id,
        status: 'resolved',
        moot: INCIDENT_MOOT.dropped,
      }),
    ]);
    expect(after.incidents[0].moot).toMatch(/^Ikke lenger aktuell/);
    expect(after.timeline.map((e) => e.type)).toContain('incident-moot');
    await s.eventually(async () => expect(await hasIncident(handle)).toBe(false));

    // Nothing is left to retry, so the administrator is told so; NAV never hears.
    const retry = await refusal(
      handle.executeUpdate(retryIncidentUpdate, {
        args: [{ actor: people.admin, incidentId: waiting.incidents[0].id }],
      }),
    );
    expect(retry.message).toContain('resolved');
    s.ctx.doubles.heal('notifyParty');
    await s.ctx.env.sleep('1 day');
    expect(s.ctx.doubles.of('notifyParty')).toEqual([]);
    expect(await s.status(handle)).toBe('RUNNING');
  });
});

test('a NAV notice that fails after it was dropped opens no incident', async () => {
  await s.run(async () => {
    const handle = await caseInFollowUpTellingNav();
    // NAV answers 503 for hours: the call is retried by its policy, under way all that time.
    s.ctx.doubles.fail('notifyParty', () => ApplicationFailure.retryable('NAV: 503', 'Unavailable'));
    await s.send(handle, STEP_UPDATES.evictionRisk, people.housingProvider, {
      kind: 'eviction-warning',
      date: await s.today(),
    });
    expect((await s.view(handle)).incidents).toEqual([]);
    // Meanwhile NAV is taken out of the consent; the call still fails in the end.
    await s.send(handle, STEP_UPDATES.consentScope, people.hfTeam, {
      date: await s.today(),
      scope: ['assessment-team', 'hf-team'],
    });
    await s.ctx.env.sleep('1 day');
    const view = await s.view(handle);
    expect(view.incidents).toEqual([]);
    expect(view.timeline.map((e) => e.type)).toContain('dropped-call-failed');
    expect(await hasIncident(handle)).toBe(false);
    expect(s.ctx.doubles.sent.filter((n) => n.kind === 'incident')).toEqual([]);
  });
});

test('a case carried on from an older run with an incident whose call was dropped closes it as moot when its new run starts', async () => {
  await s.run(async () => {
    // What a run before this fix handed on: NAV's notice dropped by a consent change, its
    // incident left behind and retried by an administrator, with nothing left to retry.
    const input = caseInput({ caseId: `hf-stavanger-orphan${process.pid}`, referredAt: await s.today() });
    const state = pathway.startCase(input, await s.now());
    state.seq.incident = 1;
    state.incidents.push({
      id: 'incident-1',
      system: 'parties',
      operation: 'notifyParty',
      message: 'Refused: NAV unavailable',
      openedAt: (await s.now()).toISOString(),
      status: 'retrying',
      attempts: 1,
    });
    const handle = await s.startCase(input, { state });
    await s.eventually(async () =>
      expect((await s.view(handle)).incidents).toEqual([
        expect.objectContaining({ id: 'incident-1', status: 'resolved', moot: INCIDENT_MOOT.dropped }),
      ]),
    );
    expect(await hasIncident(handle)).toBe(false);
  });
});
