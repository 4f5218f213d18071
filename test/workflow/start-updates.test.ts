/**
 * Updates that wait at a case's start (sent while no worker ran it yet, or reapplied by a reset to
 * its first task) are taken in the order they came. The SDK hands such updates to their handlers
 * in the order the handlers are registered; the case registers its steps in the step list's
 * order, so a second review that came after the mapping met a case still in first-review and was
 * refused, though it had been accepted once (the full chaos run lost three accepted events that
 * way after a reset). workflows/case-updates.ts takes them through a default handler first.
 */
import { setTimeout as pause } from 'node:timers/promises';
import { STEP_UPDATES } from '../../workflows/messages';
import { people, stories } from './harness';

const s = stories('start-updates');

test('a review, the mapping and the second review sent before the case first ran are taken in that order', async () => {
  const handle = await s.startCase();
  const date = await s.today();
  const sent: Promise<unknown>[] = [];
  // In this order, with a pause so the server has each before the next (no worker runs yet).
  sent.push(
    handle.executeUpdate(STEP_UPDATES.review, {
      args: [{ actor: people.assessor, event: { round: 1, outcome: 'relevant', meetingDate: date } }],
    }),
  );
  await pause(500);
  sent.push(
    handle.executeUpdate(STEP_UPDATES.mapping, {
      args: [
        {
          actor: people.hfTeam,
          event: {
            followUpWorker: 'Oppfølger 1',
            housingWishes: { areas: ['Madla'], needs: [] },
            forms: { mapping: date },
          },
        },
      ],
    }),
  );
  await pause(500);
  sent.push(
    handle.executeUpdate(STEP_UPDATES.review, {
      args: [{ actor: people.assessor, event: { round: 2, outcome: 'place-offered', meetingDate: date } }],
    }),
  );
  await pause(500);
  // And one the case does not know: refused as before, by name.
  const unknown = handle.executeUpdate('noSuchStep', { args: [{}] }).then(
    () => 'accepted',
    (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
  );
  await pause(500);
  await s.run(async () => {
    expect(await unknown).toBe('No registered handler for update: noSuchStep');
    const answers = await Promise.allSettled(sent);
    expect(
      answers.map((a) => (a.status === 'fulfilled' ? 'accepted' : String(a.reason?.cause?.message))),
    ).toEqual(['accepted', 'accepted', 'accepted']);
    await s.settle();
    const v = await s.view(handle);
    expect(['waiting-for-place', 'decision']).toContain(v.stage);
    expect(v.timeline.map((t) => t.type).filter((k) => /review|mapping/.test(k))).toEqual([
      'review-1',
      'mapping',
      'review-2',
    ]);
  });
});
