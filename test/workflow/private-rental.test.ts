/**
 * The private market (issue 13 item 3; seed 002): a lease with a private landlord records the
 * landlord, the lease term, the deposit or guarantee with the date it must be in place, and the
 * intermediary the landlord calls. The security has its own deadline: the team lead is reminded
 * three days before, the unit leader alerted on the day, until it is recorded in place.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { addDaysToDate, localDate } from '../../domain/calendar';
import type { PrivateRental } from '../../domain/private-rental';
import { STEP_UPDATES } from '../../workflows/messages';
import { people, refusal, stories, TZ } from './harness';

const s = stories('private-rental');

/** A case in housing procurement that accepted a private landlord's flat. */
async function acceptedPrivateOffer(): Promise<WorkflowHandle> {
  const handle = await s.startCase();
  await s.walk(handle, 'housing');
  const date = await s.today();
  const { offerId } = await s.send(handle, STEP_UPDATES.housingOffer, people.hfTeam, {
    unitId: 'PRIV-12',
    address: 'Privatveien 12',
    source: 'private',
    availableFrom: date,
  });
  await s.send(handle, STEP_UPDATES.offerResponse, people.hfTeam, { offerId, accepted: true, date });
  return handle;
}

async function rental(dueInDays: number): Promise<PrivateRental> {
  return {
    landlord: { name: 'Utleier AS', phone: '55 12 34 56' },
    term: { kind: 'fixed', endDate: addDaysToDate(await s.today(), 3 * 365 + 1) },
    security: { kind: 'nav-guarantee', amount: 30_000, dueDate: addDaysToDate(await s.today(), dueInDays) },
    intermediary: { name: 'Housing First-teamet, vakttelefon', phone: '55 00 00 03' },
  };
}

const securityMail = (caseId: string) =>
  s.ctx.doubles.sent
    .filter((n) => n.caseId === caseId && n.purpose.startsWith('lease-security'))
    .map((n) => [n.purpose.split(':')[1], n.recipient]);

test('a private lease keeps landlord, term, guarantee and intermediary; the guarantee’s deadline reminds, then escalates, until NAV records it in place', async () => {
  await s.run(async () => {
    const handle = await acceptedPrivateOffer();
    const privateRental = await rental(10);
    const date = await s.today();
    let view = await s.send(handle, STEP_UPDATES.lease, people.hfTeam, {
      unitId: 'PRIV-12',
      signedDate: date,
      moveInDate: addDaysToDate(date, 14),
      privateRental,
    });
    expect(view.housing.lease?.privateRental).toEqual(privateRental);
    const task = view.tasks.find((t) => t.kind === 'lease-security')!;
    expect(task).toMatchObject({ assignee: 'hf-team' });
    expect(task.dueAt.slice(0, 10)).toBe(privateRental.security.dueDate);
    expect(localDate(new Date(task.remindAt!), TZ)).toBe(addDaysToDate(privateRental.security.dueDate, -3));

    await s.sleepUntil(new Date(task.remindAt!));
    await s.toWorkingHours();
    expect(securityMail(handle.workflowId)).toEqual([['reminder', 'team-lead']]);
    await s.sleepUntil(new Date(task.escalateAt!));
    await s.toWorkingHours();
    expect(securityMail(handle.workflowId)).toEqual([
      ['reminder', 'team-lead'],
      ['escalation', 'unit-leader'],
    ]);

    view = await s.send(handle, STEP_UPDATES.leaseSecurity, people.nav, {
      date: await s.today(),
      reference: 'GAR-778',
    });
    expect(view.housing.lease?.privateRental?.securityInPlace).toEqual({
      date: await s.today(),
      reference: 'GAR-778',
    });
    expect(view.tasks.map((t) => t.kind)).not.toContain('lease-security');
    const again = await refusal(
      handle.executeUpdate(STEP_UPDATES.leaseSecurity, {
        args: [{ actor: people.hfTeam, event: { date: await s.today() } }],
      }),
    );
    expect(again.message).toContain('nav-guarantee was recorded in place');
  });
});

test('a deposit in place before its date: nobody is reminded', async () => {
  await s.run(async () => {
    const handle = await acceptedPrivateOffer();
    const date = await s.today();
    const privateRental: PrivateRental = {
      ...(await rental(20)),
      term: { kind: 'open-ended' },
      security: { kind: 'deposit', amount: 27_000, dueDate: addDaysToDate(date, 20) },
    };
    await s.send(handle, STEP_UPDATES.lease, people.hfTeam, {
      unitId: 'PRIV-12',
      signedDate: date,
      moveInDate: date,
      privateRental,
    });
    await s.ctx.env.sleep('2 days');
    await s.send(handle, STEP_UPDATES.leaseSecurity, people.hfTeam, { date: await s.today() });
    await s.ctx.env.sleep('30 days');
    expect(securityMail(handle.workflowId)).toEqual([]);
  });
});

test('refusals: a private landlord’s lease without the rental, the rental on a municipal flat, a fixed term ending before move-in, a security without a private lease', async () => {
  await s.run(async () => {
    const handle = await acceptedPrivateOffer();
    const date = await s.today();
    const lease = (event: object) =>
      refusal(
        handle.executeUpdate(STEP_UPDATES.lease, { args: [{ actor: people.hfTeam, event: event as never }] }),
      );
    const missing = await lease({ unitId: 'PRIV-12', signedDate: date, moveInDate: date });
    expect(missing.details).toEqual([{ path: 'privateRental' }]);
    const ending = await lease({
      unitId: 'PRIV-12',
      signedDate: date,
      moveInDate: addDaysToDate(date, 5),
      privateRental: { ...(await rental(5)), term: { kind: 'fixed', endDate: addDaysToDate(date, 2) } },
    });
    expect(ending.details).toEqual([{ path: 'privateRental.term.endDate' }]);
    const noSecurity = await refusal(
      handle.executeUpdate(STEP_UPDATES.leaseSecurity, { args: [{ actor: people.hfTeam, event: { date } }] }),
    );
    expect(noSecurity.type).toBe('WrongStage');

    const municipal = await s.startCase();
    await s.walk(municipal, 'housing');
    const { offerId } = await s.send(municipal, STEP_UPDATES.housingOffer, people.housingProvider, {
      unitId: 'SE-7',
      address: 'Prøvegata 7',
      source: 'municipal',
      availableFrom: date,
    });
    await s.send(municipal, STEP_UPDATES.offerResponse, people.hfTeam, { offerId, accepted: true, date });
    const wrong = await refusal(
      municipal.executeUpdate(STEP_UPDATES.lease, {
        args: [
          {
            actor: people.hfTeam,
            event: { unitId: 'SE-7', signedDate: date, moveInDate: date, privateRental: await rental(5) },
          },
        ],
      }),
    );
    expect(wrong.message).toContain('offered by the municipality');
  });
});
