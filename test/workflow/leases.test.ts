/**
 * Leases end (issue 13 item 4): after an eviction carried out, a home otherwise lost, or an exit
 * that gives up the home, the housing system is asked to end the lease and free the unit (once,
 * by the lease's key; a refusal is an incident an administrator retries). An eviction carried
 * out closes the action plans that the earlier risks still owed: there is no tenancy left to save.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { EvictionRiskKind } from '../../domain/types';
import { retryIncidentUpdate, STEP_UPDATES } from '../../workflows/messages';
import { people, refused, stories } from './harness';

const s = stories('leases');

/** A person housed in SE-7 who consented to the housing provider being told (so the lease was registered). */
async function housedTellingHousing(scope = ['assessment-team', 'hf-team', 'housing-provider']) {
  const handle = await s.startCase({
    consent: { given: true, date: await s.today(), scope: scope as never },
  });
  await s.walk(handle, 'follow-up');
  return handle;
}

async function report(handle: WorkflowHandle, kind: EvictionRiskKind) {
  return s.send(handle, STEP_UPDATES.evictionRisk, people.housingProvider, { kind, date: await s.today() });
}

test('an eviction carried out ends the lease in the housing system and closes the action plans it made moot', async () => {
  await s.run(async () => {
    const handle = await housedTellingHousing();
    expect(s.ctx.doubles.of('registerLease')).toHaveLength(1);
    const earlier: string[] = [];
    for (const kind of [
      'rent-arrears',
      'neighbour-complaint',
      'eviction-warning',
      'eviction-petition',
    ] as const) {
      earlier.push((await report(handle, kind)).riskId);
    }
    let view = await s.view(handle);
    expect(view.tasks.filter((t) => t.kind === 'action-plan')).toHaveLength(4);

    const { riskId: eviction } = await report(handle, 'eviction-executed');
    view = await s.view(handle);
    // The four plans to save the tenancy are moot; the plan for what happens now is still due.
    expect(view.tasks.filter((t) => t.kind === 'action-plan').map((t) => t.id)).toEqual([
      `eviction:${eviction}`,
    ]);
    for (const riskId of earlier) {
      expect(view.evictionRisks.find((r) => r.riskId === riskId)?.mootBy).toBe(eviction);
    }
    expect(view.timeline.filter((e) => e.type === 'action-plan-moot')).toHaveLength(4);
    // The housing system ends the lease on the eviction's date, and the unit can be let again.
    const date = await s.today();
    expect(s.ctx.doubles.of('endLease')).toEqual([
      expect.objectContaining({
        unitId: 'SE-7',
        endDate: date,
        reason: 'eviction',
        caseId: handle.workflowId,
      }),
    ]);
    expect(view.housing.lease?.ended).toEqual({ date, reason: 'eviction' });
    expect(view.housing.status).toBe('lost');
    expect(view.stage).toBe('follow-up');

    // A later report for the same eviction changes nothing: the lease is ended once.
    await s.ctx.env.sleep('3 days');
    expect(s.ctx.doubles.of('endLease')).toHaveLength(1);
    expect((await s.view(handle)).incidents).toEqual([]);
  });
});

test('housing lost for another reason ends the lease too; follow-up goes on and procurement restarts', async () => {
  await s.run(async () => {
    const handle = await housedTellingHousing();
    const view = await s.send(handle, STEP_UPDATES.housingLost, people.hfTeam, {
      reason: 'Sa opp leiligheten selv',
      date: await s.daysAgo(2),
    });
    expect(s.ctx.doubles.of('endLease')).toEqual([
      expect.objectContaining({ unitId: 'SE-7', endDate: await s.daysAgo(2), reason: 'housing-lost' }),
    ]);
    expect(view.housing.lease?.ended?.reason).toBe('housing-lost');
    expect(view.tasks.map((t) => t.kind)).toContain('housing');
  });
});

test.each([
  ['moved away', true, 'moved-away', undefined],
  ['deceased', true, 'deceased', undefined],
  ['transferred to a nursing home', true, 'transferred', 'nursing-home'],
  ['transferred to prison', false, 'transferred', 'prison'],
  ['no longer wants follow-up', false, 'no-longer-wants', undefined],
] as const)('an exit (%s) ends the lease: %s', async (_label, ends, reason, destination) => {
  await s.run(async () => {
    const handle = await housedTellingHousing();
    const date = await s.today();
    await s.send(handle, STEP_UPDATES.exit, people.hfTeam, {
      reason,
      date,
      ...(destination ? { destination } : {}),
      // Ending a granted service is a decision with the team's reasons (issue 15).
      reasons: 'Personen har flyttet, og tjenesten avsluttes etter samtale med personen og teamet.',
      decidedBy: { name: 'Hanne Hansen' },
    });
    await s.settle();
    const calls = s.ctx.doubles.of('endLease');
    if (ends) {
      expect(calls).toEqual([expect.objectContaining({ unitId: 'SE-7', endDate: date, reason: 'exit' })]);
    } else {
      // Housing and services are separate: leaving follow-up does not cost the person their home.
      expect(calls).toEqual([]);
    }
    expect(await s.status(handle)).toBe('COMPLETED');
  });
});

test('the housing system refuses: an incident holds the call until an administrator retries it', async () => {
  await s.run(async () => {
    const handle = await housedTellingHousing();
    s.ctx.doubles.fail('endLease', () => refused('409: the unit is let to someone else'));
    await s.send(handle, STEP_UPDATES.housingLost, people.hfTeam, { reason: 'Brann', date: await s.today() });
    let view = await s.view(handle);
    const incident = view.incidents.find((i) => i.operation === 'endLease');
    expect(incident).toMatchObject({ status: 'open', system: 'housing' });
    // The case goes on: follow-up and procurement are not held up.
    expect(view.stage).toBe('follow-up');
    expect(view.tasks.map((t) => t.kind)).toContain('housing');

    s.ctx.doubles.heal('endLease');
    await handle.executeUpdate(retryIncidentUpdate, {
      args: [{ actor: people.admin, incidentId: incident!.id }],
    });
    await s.settle();
    view = await s.view(handle);
    expect(s.ctx.doubles.of('endLease')).toEqual([expect.objectContaining({ unitId: 'SE-7' })]);
    expect(view.incidents.find((i) => i.id === incident!.id)?.status).toBe('resolved');
  });
});

test('without consent to tell the housing provider, the lease is marked ended but the housing system hears nothing', async () => {
  await s.run(async () => {
    const handle = await housedTellingHousing(['assessment-team', 'hf-team']);
    expect(s.ctx.doubles.of('registerLease')).toEqual([]);
    const view = await s.send(handle, STEP_UPDATES.housingLost, people.hfTeam, {
      reason: 'Flyttet ut',
      date: await s.today(),
    });
    expect(s.ctx.doubles.of('endLease')).toEqual([]);
    expect(view.housing.lease?.ended?.reason).toBe('housing-lost');
    expect(view.timeline.find((e) => e.type === 'lease-ended')?.summary).toContain('not told');
  });
});
