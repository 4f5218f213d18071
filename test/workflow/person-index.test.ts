/**
 * The person search's blind index on the case: a case the API starts carries it from the start; a
 * case started before the index existed gets it from the worker on its first activation, as
 * hashes only (never the name or the national ID in the visibility store).
 */
import type { WorkflowHandle } from '@temporalio/client';
import { nameTokenHashes, nationalIdHash, personIndex } from '../../platform/person-index';
import { PersonIndex } from '../../workflows/search-attributes';
import { STEP_UPDATES } from '../../workflows/messages';
import { nationalId } from '../support/fixtures';
import { INDEX_KEY, people, stories } from './harness';

const s = stories('person-index');

async function indexOf(handle: WorkflowHandle): Promise<string[] | undefined> {
  return (await handle.describe()).typedSearchAttributes.get(PersonIndex);
}

test('a case from before the person search gets its index from the worker on its first activation, hashes only', async () => {
  await s.run(async () => {
    const person = { name: 'Åse Ødegård-Nilsen', nationalId: nationalId() };
    const handle = await s.startCase({ person }, undefined, { unindexed: true });
    await s.eventually(async () => expect(await indexOf(handle)).toEqual(personIndex(INDEX_KEY, person)));
    const stored = (await indexOf(handle))!;
    // What a search for the number or for one of the names asks for is there …
    expect(stored).toContain(nationalIdHash(INDEX_KEY, person.nationalId));
    for (const h of nameTokenHashes(INDEX_KEY, 'ødegård')) expect(stored).toContain(h);
    // … and nothing of the person in clear.
    const text = JSON.stringify(stored).toLowerCase();
    for (const clear of [person.nationalId, 'åse', 'ødegård', 'nilsen']) expect(text).not.toContain(clear);
    expect(s.ctx.doubles.of('personIndex')).toHaveLength(1);
    // The case goes on as any other, and is not hashed again.
    await s.send(handle, STEP_UPDATES.review, people.assessor, {
      round: 1,
      outcome: 'relevant',
      meetingDate: await s.today(),
    });
    expect((await s.view(handle)).stage).toBe('mapping');
    expect(s.ctx.doubles.of('personIndex')).toHaveLength(1);
  });
});

test('a case the API started with its index asks the worker for nothing', async () => {
  await s.run(async () => {
    const handle = await s.startCase();
    await s.ctx.env.sleep('1 day');
    expect((await indexOf(handle))?.length).toBeGreaterThan(0);
    expect(s.ctx.doubles.of('personIndex')).toHaveLength(0);
  });
});
