/**
 * The person search's index at its edges: a case from before the index whose person gives it
 * nothing to hold (a pseudonym, and a name without a letter or digit) sets none and goes on; a
 * name corrected (the correctPerson step) is indexed again. Their recorded histories make the
 * replay corpus reach these branches (test/workflow/replay.test.ts).
 */
import { nameTokenHashes, personIndex } from '../../platform/person-index';
import { STEP_UPDATES } from '../../workflows/messages';
import { PersonIndex } from '../../workflows/search-attributes';
import { nationalId } from '../support/fixtures';
import { INDEX_KEY, people, stories } from './harness';

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

test('a name corrected is indexed again: the new name finds the case and the old one no longer does', async () => {
  await s.run(async () => {
    const person = { name: 'Kari Nordman', nationalId: nationalId() };
    const handle = await s.startCase({ person });
    const index = async () => (await handle.describe()).typedSearchAttributes.get(PersonIndex);
    expect(await index()).toEqual(personIndex(INDEX_KEY, person));
    await s.send(handle, STEP_UPDATES.correctPerson, people.caseworker, {
      person: { name: 'Kari Nordmann' },
      reason: 'misspelt',
    });
    const corrected = { ...person, name: 'Kari Nordmann' };
    await s.eventually(async () => expect(await index()).toEqual(personIndex(INDEX_KEY, corrected)));
    const stored = (await index())!;
    for (const h of nameTokenHashes(INDEX_KEY, 'Nordman')) expect(stored).not.toContain(h);
    expect(s.ctx.doubles.of('personIndex')).toHaveLength(1);
  });
});
