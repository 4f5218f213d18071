/**
 * A case from before the person search whose person gives the index nothing to hold (a pseudonym,
 * and a name without a single letter or digit): the case sets no index and goes on. Its recorded
 * history makes the replay corpus reach that branch (test/workflow/replay.test.ts).
 */
import { PersonIndex } from '../../workflows/search-attributes';
import { stories } from './harness';

const s = stories('person-index-edges');

test('a person with nothing to index leaves the case without an index, and the case goes on', async () => {
  await s.run(async () => {
    const handle = await s.startCase({ person: { name: '— —', pseudonym: 'P-17' } }, undefined, {
      unindexed: true,
    });
    await s.eventually(async () => expect(s.ctx.doubles.of('personIndex')).toHaveLength(1));
    await s.settle();
    expect((await handle.describe()).typedSearchAttributes.get(PersonIndex)).toBeUndefined();
    expect((await s.view(handle)).stage).toBe('first-review');
  });
});
