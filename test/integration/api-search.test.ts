/**
 * Finding a person's case by national ID or name (issue 8, item 4), on the real stack: the term goes
 * in the body, is matched through the blind index, and results obey the rules of reading the case.
 * Nothing of the term is in clear in the access log or in Temporal's visibility store.
 */
import { TypedSearchAttributes } from '@temporalio/common';
import { personIndex } from '../../platform/person-index';
import { HskOffice, Municipality, PersonIndex } from '../../workflows/search-attributes';
import { eventually, refer } from '../support/api-bodies';
import { caseInput, nationalId } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const search = async (token: string, term: unknown) =>
  stack.call('POST', '/search', { token, body: term === undefined ? {} : { term } });
const ids = (res: { body: any }) => (res.body.items ?? []).map((i: { caseId: string }) => i.caseId);

test('a caseworker finds her referral by national ID (spaces allowed) and by name in any order and case, never by part of a word', async () => {
  const id = nationalId();
  const caseId = await refer(stack, 'hillevag', { person: { name: 'Ola Søk-Nordmann', nationalId: id } });
  const kari = await stack.token('caseworker', { office: 'hillevag' });
  const byId = await eventually(
    () => search(kari, `${id.slice(0, 6)} ${id.slice(6)}`),
    (r) => ids(r).includes(caseId),
  );
  expect(byId.status).toBe(200);
  expect(byId.body.items).toEqual([
    expect.objectContaining({ caseId, name: 'Ola Søk-Nordmann', office: 'hillevag', stage: 'first-review' }),
  ]);
  expect(ids(await search(kari, 'nordmann OLA'))).toContain(caseId);
  expect(ids(await search(kari, 'Søk'))).toContain(caseId);
  expect(ids(await search(kari, 'Nordm'))).not.toContain(caseId);
  expect(ids(await search(kari, 'Ola Hansen'))).not.toContain(caseId);

  // Only keyed hashes reach Temporal's visibility store.
  const attrs = (await stack.env.client.workflow.getHandle(caseId).describe()).typedSearchAttributes;
  const index = attrs.get(PersonIndex) ?? [];
  expect(index.length).toBe(4); // the number, "ola", "søk", "nordmann"
  expect(JSON.stringify(attrs.getAll()).toLowerCase()).not.toMatch(new RegExp(`${id}|nordmann|søk`));
});

test('results obey the rules of reading the case: office, municipality, consent; course-only roles may not search', async () => {
  const id = nationalId();
  // The person consented to the assessment team only: the HF team and its team lead do not see them.
  const caseId = await refer(stack, 'hillevag', {
    person: { name: 'Frida Samtykke', nationalId: id },
    consent: { given: true, date: '2026-01-05', scope: ['assessment-team'] },
  });
  const own = await stack.token('caseworker', { office: 'hillevag' });
  await eventually(
    () => search(own, id),
    (r) => ids(r).includes(caseId),
  );
  const assessor = await stack.token('assessment-team');
  expect(ids(await search(assessor, id))).toEqual([caseId]);
  expect(ids(await search(await stack.token('caseworker', { office: 'madla' }), id))).toEqual([]);
  expect(ids(await search(await stack.token('team-lead'), id))).toEqual([]);
  expect(ids(await search(await stack.token('hf-team'), 'Frida Samtykke'))).toEqual([]);
  expect(ids(await search(await stack.token('assessment-team', { municipality: 'bergen' }), id))).toEqual([]);
  for (const role of ['unit-leader', 'admin', 'housing-provider', 'nav'] as const) {
    expect({ role, status: (await search(await stack.token(role), id)).status }).toEqual({
      role,
      status: 403,
    });
  }
});

test('a term that is no name and no number is a 400 naming the field, and a search is logged without its term', async () => {
  const kari = await stack.token('caseworker', { office: 'hillevag' });
  for (const bad of [undefined, '', 'x', ' - ', 'a'.repeat(101), 42]) {
    const res = await search(kari, bad);
    expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['term']);
  }
  // The term is not accepted in the URL (it would be in proxies' logs): only the body carries it.
  const inUrl = await stack.call('POST', '/search?term=Ola', { token: kari, body: { term: 'Ola' } });
  expect(inUrl.status).toBe(400);
  expect(inUrl.body.errors).toEqual([expect.objectContaining({ path: 'query.term' })]);

  const id = nationalId();
  const caseId = await refer(stack, 'hillevag', { person: { name: 'Logg Loggesen', nationalId: id } });
  await eventually(
    () => search(kari, id),
    (r) => ids(r).includes(caseId),
  );
  const audit = await stack.call('GET', `/referrals/${caseId}/audit`, { token: await stack.token('admin') });
  const found = audit.body.entries.filter((e: { action: string }) => e.action === 'search');
  expect(found.length).toBeGreaterThanOrEqual(1);
  expect(found[0]).toMatchObject({
    actorId: 'test-caseworker-hillevag',
    route: '/search',
    personalData: true,
    detail: 'found by national-id',
  });
  const everything = JSON.stringify(await stack.stores.audit.forCase(caseId, { afterSeq: 0, limit: 1000 }));
  expect(everything).not.toContain(id);
  expect(everything.toLowerCase()).not.toContain('loggesen');
});

test('a case whose workflow does not answer (no worker) makes the search a 503 to retry, never a silent "no hit"', async () => {
  const id = nationalId();
  const input = caseInput({ person: { name: 'Uten Arbeider', nationalId: id } });
  // Started as the API starts a case, on a task queue no worker polls.
  await stack.env.client.workflow.start('caseWorkflow', {
    taskQueue: 'nobody-polls-here',
    workflowId: input.caseId,
    args: [input],
    typedSearchAttributes: new TypedSearchAttributes([
      { key: Municipality, value: 'stavanger' },
      { key: HskOffice, value: 'hillevag' },
      { key: PersonIndex, value: personIndex(stack.apiDeps.personIndexKey, input.person) },
    ]),
  });
  const kari = await stack.token('caseworker', { office: 'hillevag' });
  const res = await eventually(
    () => search(kari, id),
    (r) => r.status !== 200,
    20_000,
  );
  expect(res.status).toBe(503);
  await stack.env.client.workflow.getHandle(input.caseId).terminate('test done');
});
