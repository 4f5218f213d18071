/**
 * Housing: the person chooses (declining an offer costs nothing), and losing the flat never ends
 * follow-up: procurement starts again inside it, and offers, lease and move-in work again.
 */
import { after } from '../../domain/deadlines';
import { STEP_UPDATES } from '../../workflows/messages';
import { HousingStatus, PathwayStage } from '../../workflows/search-attributes';
import { municipalities } from '../support/fixtures';
import { people, refusal, stories } from './harness';

const s = stories('housing');
const policy = municipalities.require('stavanger').policy;

test('a declined offer keeps the place: the search goes on and the next offer is taken', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.walk(handle, 'housing');
    const first = await s.send(handle, STEP_UPDATES.housingOffer, people.housingProvider, {
      unitId: 'SE-100',
      address: 'Bråtet 1',
      source: 'municipal',
      availableFrom: await s.today(),
    });
    await s.ctx.env.sleep('3 days');
    const declined = await s.send(handle, STEP_UPDATES.offerResponse, people.hfTeam, {
      offerId: first.offerId,
      accepted: false,
      reason: 'Ønsker ikke å bo i sentrum',
      date: await s.today(),
    });
    expect(declined.stage).toBe('housing');
    expect(declined.place).toEqual({ status: 'held' });
    expect(declined.housing.status).toBe('searching');
    expect(declined.housing.offers[0].response).toMatchObject({ accepted: false });
    expect(s.ctx.doubles.of('reserveUnit')).toEqual([]);
    // The same offer cannot be answered twice.
    const again = await refusal(
      s.send(handle, STEP_UPDATES.offerResponse, people.hfTeam, {
        offerId: first.offerId,
        accepted: true,
        date: await s.today(),
      }),
    );
    expect(again.message).toContain('already answered');

    const second = await s.send(handle, STEP_UPDATES.housingOffer, people.housingProvider, {
      unitId: 'SE-200',
      address: 'Hundvåg terrasse 2',
      source: 'municipal',
      availableFrom: await s.today(),
    });
    await s.send(handle, STEP_UPDATES.offerResponse, people.hfTeam, {
      offerId: second.offerId,
      accepted: true,
      date: await s.today(),
    });
    expect(s.ctx.doubles.of('reserveUnit')).toEqual([expect.objectContaining({ unitId: 'SE-200' })]);
    const leased = await s.send(handle, STEP_UPDATES.lease, people.housingProvider, {
      unitId: 'SE-200',
      signedDate: await s.today(),
      moveInDate: await s.today(),
    });
    expect(leased.stage).toBe('move-in');
    expect(s.ctx.doubles.sent.filter((n) => n.topic === 'housing')).toEqual([]);
  });
});

test('housing lost: follow-up goes on, procurement starts again, and a new home is found', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    const walked = await s.walk(handle, 'follow-up');
    const movedIn = new Date(walked.timeline.find((e) => e.type === 'move-in')!.at);
    await s.ctx.env.sleep('40 days');
    const lostDate = await s.today();
    const lost = await s.send(handle, STEP_UPDATES.housingLost, people.hfTeam, {
      date: lostDate,
      reason: 'Flyttet ut etter konflikt',
    });
    expect(lost.stage).toBe('follow-up');
    expect(lost.housing.status).toBe('lost');
    expect(lost.housing.housingLostAt).toEqual([lostDate]);
    expect(lost.tasks.map((t) => t.kind).sort()).toEqual(
      expect.arrayContaining(['contact', 'evaluation', 'housing']),
    );
    expect((await handle.describe()).typedSearchAttributes.get(HousingStatus)).toBe('lost');

    // Follow-up itself goes on: contacts are logged while the search runs.
    await s.ctx.env.sleep('10 days');
    await s.send(handle, STEP_UPDATES.contact, people.hfTeam, { date: await s.today(), kind: 'accompany' });
    const offer = await s.send(handle, STEP_UPDATES.housingOffer, people.housingProvider, {
      unitId: 'SE-300',
      address: 'Tasta ring 3',
      source: 'municipal',
      availableFrom: await s.today(),
    });
    await s.send(handle, STEP_UPDATES.offerResponse, people.hfTeam, {
      offerId: offer.offerId,
      accepted: true,
      date: await s.today(),
    });
    const leased = await s.send(handle, STEP_UPDATES.lease, people.housingProvider, {
      unitId: 'SE-300',
      signedDate: await s.today(),
      moveInDate: await s.today(),
    });
    expect(leased.stage).toBe('follow-up');
    expect(leased.housing.status).toBe('lease-signed');
    const home = await s.send(handle, STEP_UPDATES.moveIn, people.hfTeam, { date: await s.today() });
    expect(home.stage).toBe('follow-up');
    expect(home.housing.status).toBe('housed');
    expect(home.housing.movedInAgainAt).toEqual([await s.today()]);
    expect(home.tasks.map((t) => t.kind)).not.toContain('housing');
    // The milestone clock still counts from the first move-in.
    const six = home.tasks.find((t) => t.id === 'evaluation-6')!;
    expect(six.dueAt).toBe(after(policy, movedIn, '6 months').toISOString());
    const sa = (await handle.describe()).typedSearchAttributes;
    expect(sa.get(PathwayStage)).toBe('follow-up');
    expect(sa.get(HousingStatus)).toBe('housed');
  });
});

test('housing lost and not found again: the team lead is reminded after 8 weeks, and follow-up still goes on', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.walk(handle, 'follow-up');
    await s.send(handle, STEP_UPDATES.housingLost, people.hfTeam, {
      date: await s.today(),
      reason: 'Utkastet',
    });
    // Up to an hour before the new housing task falls due (8 weeks, from whatever time of day the
    // story runs at): no reminder yet; two days later, in working hours, the reminder.
    const task = (await s.view(handle)).tasks.find((t) => t.id === 'housing-2')!;
    expect(Date.parse(task.dueAt) - (await s.now()).getTime()).toBeGreaterThan(55 * 86_400_000);
    await s.ctx.env.sleep(Date.parse(task.dueAt) - (await s.now()).getTime() - 3_600_000);
    expect(s.ctx.doubles.sent.map((n) => n.purpose)).not.toContain('housing-2:reminder');
    await s.ctx.env.sleep('2 days');
    await s.toWorkingHours();
    expect(s.ctx.doubles.sent.map((n) => n.purpose)).toContain('housing-2:reminder');
    expect((await s.view(handle)).stage).toBe('follow-up');
  });
});

test('a home cannot be lost twice, and a move-in needs a lease first', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.walk(handle, 'follow-up');
    await s.send(handle, STEP_UPDATES.housingLost, people.hfTeam, {
      date: await s.today(),
      reason: 'Utkastet',
    });
    const twice = await refusal(
      s.send(handle, STEP_UPDATES.housingLost, people.hfTeam, { date: await s.today(), reason: 'igjen' }),
    );
    expect(twice.type).toBe('WrongStage');
    const moveIn = await refusal(
      s.send(handle, STEP_UPDATES.moveIn, people.hfTeam, { date: await s.today() }),
    );
    expect(moveIn.message).toContain('lease');
  });
});
