/**
 * A workflow never takes input that would make it throw on its own state later. Every event is sent
 * straight to the case workflow (bypassing the API and its schemas) with each of its dates set to
 * the extremes — the year 9999, a five-digit year, 1899 — and with a control character in its text;
 * the update's validator refuses each one (InvalidEvent, naming the field), and the case still
 * answers and takes a good event afterwards.
 */
import { EVENT_ROUTES } from '../../api/routes/events';
import { EVENT_BODIES } from '../support/api-bodies';
import { STEP_UPDATES } from '../../workflows/messages';
import { people, refusal, stories } from './harness';

const s = stories('input-bounds');

/** Every path to a date (YYYY-MM-DD) or a string in a body. */
function leaves(value: unknown, path: string[] = []): { path: string[]; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, String(i)]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [];
}

function withValue(body: unknown, path: string[], value: string): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
  at[path[path.length - 1]] = value;
  return copy;
}

const EXTREME_DATES = ['9999-12-31', '+010000-01-01', '1899-12-31', '2101-01-01'];

test('every event’s extreme dates and control characters are refused by the validator, and the case lives on', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    const accepted: string[] = [];
    let tried = 0;
    for (const route of EVENT_ROUTES) {
      const body = EVENT_BODIES[route.path];
      if (!body || route.args) continue; // retry and policy take no reported event
      for (const leaf of leaves(body)) {
        const values = /^\d{4}-\d{2}-\d{2}$/.test(leaf.value) ? EXTREME_DATES : ['Kari\u0000', 'a\u001bb'];
        for (const value of values) {
          tried++;
          const event = withValue(body, leaf.path, value);
          try {
            const failure = await refusal(
              handle.executeUpdate(route.update, { args: [{ actor: people.hfTeam, event }] }),
            );
            if (failure.type !== 'InvalidEvent' || !failure.message.startsWith(leaf.path.join('.')))
              accepted.push(
                `${route.update.name} ${leaf.path.join('.')}=${JSON.stringify(value)}: ${failure.type} ${failure.message}`,
              );
          } catch (err) {
            accepted.push(
              `${route.update.name} ${leaf.path.join('.')}=${JSON.stringify(value)}: ${(err as Error).message}`,
            );
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(50);
    expect(accepted).toEqual([]);
    // The case still answers and still takes a good event.
    expect((await s.view(handle)).stage).toBe('first-review');
    const view = await s.send(handle, STEP_UPDATES.review, people.assessor, {
      round: 1,
      outcome: 'relevant',
      meetingDate: await s.today(),
    });
    expect(view.stage).toBe('mapping');
  });
}, 120_000);
