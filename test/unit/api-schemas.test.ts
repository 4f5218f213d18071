/**
 * The request schemas, as a caseworker or the team would run into them: real dates only, no dates
 * in the future for things that happened, national IDs with both control digits, each event's own
 * rules, unknown fields refused and named.
 */
import { fieldErrors } from '../../api/problem';
import { osloToday } from '../../domain/schemas/common';
import {
  contactSchema,
  decisionSchema,
  existingDecisionSchema,
  emptySchema,
  leaseSchema,
  plansSchema,
  reviewSchema,
} from '../../domain/schemas/events';
import { existingCaseSchema } from '../../domain/schemas/existing-case';
import { caseListQuery, outcomesQuery } from '../../domain/schemas/queries';
import { referralSchema } from '../../domain/schemas/referral';
import { nationalId } from '../support/fixtures';

const errorsOf = (schema: { safeParse: (v: unknown) => any }, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : fieldErrors(r.error);
};
const paths = (schema: { safeParse: (v: unknown) => any }, value: unknown) =>
  errorsOf(schema, value)
    .map((e) => e.path)
    .sort();

const referral = (over: Record<string, unknown> = {}) => ({
  person: { name: 'Kari', nationalId: nationalId() },
  office: 'hillevag',
  criteria: { homeless: true, substanceUse: false, mentalHealth: true, additional: [] },
  consent: { given: true, date: '2026-01-05', scope: ['hf-team'] },
  ...over,
});

test('a valid referral passes; one with a miskeyed national ID is refused at that field', () => {
  expect(paths(referralSchema, referral())).toEqual([]);
  const id = nationalId();
  const wrongLast = id.slice(0, 10) + String((Number(id[10]) + 1) % 10);
  expect(errorsOf(referralSchema, referral({ person: { name: 'Kari', nationalId: wrongLast } }))).toEqual([
    {
      path: 'person.nationalId',
      message: 'not a valid national identity number: second control digit does not match',
    },
  ]);
  expect(paths(referralSchema, referral({ person: { name: 'Kari', pseudonym: 'K' } }))).toEqual([]);
  expect(paths(referralSchema, referral({ person: { name: 'Kari' } }))).toEqual(['person.nationalId']);
});

test('dates must exist and lie in the programme’s lifetime; what happened cannot lie in the future', () => {
  const tomorrow = new Date(Date.now() + 36 * 3600_000).toISOString().slice(0, 10);
  for (const date of ['2026-02-30', '26-01-01', '2026-1-1', '0202-01-01', tomorrow]) {
    expect({ date, paths: paths(contactSchema, { date, kind: 'phone' }) }).toEqual({ date, paths: ['date'] });
  }
  expect(paths(contactSchema, { date: osloToday(), kind: 'phone' })).toEqual([]);
  expect(paths(contactSchema, { date: '2024-02-29', kind: 'phone' })).toEqual([]);
  // A lease may be signed today for a move-in next month, but not move in before it is signed.
  expect(paths(leaseSchema, { unitId: 'U-1', signedDate: osloToday(), moveInDate: '2099-01-01' })).toEqual(
    [],
  );
  expect(paths(leaseSchema, { unitId: 'U-1', signedDate: '2026-03-01', moveInDate: '2026-02-01' })).toEqual([
    'moveInDate',
  ]);
});

test('each review round takes its own outcomes, and no round 3', () => {
  expect(paths(reviewSchema, { round: 1, outcome: 'relevant', meetingDate: '2026-01-01' })).toEqual([]);
  // A place refused after the mapping is a decision: its reasons are required, and only then given.
  expect(paths(reviewSchema, { round: 2, outcome: 'no-place', meetingDate: '2026-01-01' })).toEqual([
    'reasons',
  ]);
  const reasons = 'Alle plassene er i bruk, og ingen blir ledige de neste seks månedene.';
  expect(paths(reviewSchema, { round: 2, outcome: 'no-place', meetingDate: '2026-01-01', reasons })).toEqual(
    [],
  );
  expect(
    paths(reviewSchema, { round: 2, outcome: 'no-place', meetingDate: '2026-01-01', reasons: 'for kort' }),
  ).toEqual(['reasons']);
  expect(
    paths(reviewSchema, { round: 2, outcome: 'place-offered', meetingDate: '2026-01-01', reasons }),
  ).toEqual(['reasons']);
  expect(errorsOf(reviewSchema, { round: 1, outcome: 'no-place', meetingDate: '2026-01-01' })).toEqual([
    { path: 'outcome', message: 'the first review is "relevant" or "not-relevant"' },
  ]);
  expect(paths(reviewSchema, { round: 3, outcome: 'relevant', meetingDate: '2026-01-01' })).toEqual([
    'round',
  ]);
});

const REASONS = 'Du har bodd ute i et halvt år og trenger hjelp hjemme flere ganger i uken.';

test('a decision grants at least one service, with hours, and is reviewed after it is made', () => {
  expect(paths(decisionSchema, { services: [], date: '2026-01-01', reasons: REASONS })).toEqual(['services']);
  expect(
    paths(decisionSchema, {
      services: [{ kind: 'oppfølging', hoursPerWeek: 0 }],
      date: '2026-01-01',
      reasons: REASONS,
    }),
  ).toEqual(['services.0.hoursPerWeek']);
  expect(
    paths(decisionSchema, {
      services: [{ kind: 'x', hoursPerWeek: 4 }],
      date: '2026-01-01',
      reviewBy: '2025-12-01',
      reasons: REASONS,
    }),
  ).toEqual(['reviewBy']);
});

test('a decision carries the team lead’s own reasons (fvl. §§ 24–25): required, not a word or two', () => {
  const body = { services: [{ kind: 'oppfolging-i-hjemmet', hoursPerWeek: 4 }], date: '2026-01-01' };
  expect(paths(decisionSchema, body)).toEqual(['reasons']);
  expect(paths(decisionSchema, { ...body, reasons: '   se kartlegging   ' })).toEqual(['reasons']);
  expect(paths(decisionSchema, { ...body, reasons: REASONS })).toEqual([]);
  // A decision made before the case came into the service has no letter and no reasons field to fill.
  expect(paths(existingDecisionSchema, body)).toEqual([]);
});

test('plans need at least one date; the retry route takes an empty body only', () => {
  expect(paths(plansSchema, {})).toEqual(['followUpPlan']);
  expect(paths(emptySchema, {})).toEqual([]);
  expect(paths(emptySchema, { force: true })).toEqual(['force']);
});

test('unknown fields are refused and named one by one, at any depth', () => {
  expect(
    errorsOf(referralSchema, referral({ extra: 1, person: { name: 'K', pseudonym: 'P', shoeSize: 42 } })),
  ).toEqual([
    { path: 'person.shoeSize', message: 'unknown field' },
    { path: 'extra', message: 'unknown field' },
  ]);
});

test('an existing case carries what its stage rests on, and nothing from stages it has not reached', () => {
  const base = {
    ...referral({ consent: { given: true, date: '2024-01-01', scope: ['hf-team'] } }),
    referredAt: '2024-01-10',
  };
  expect(
    paths(existingCaseSchema, { ...base, existing: { stage: 'mapping', stageSince: '2024-02-01' } }),
  ).toEqual([]);
  expect(
    paths(existingCaseSchema, { ...base, existing: { stage: 'move-in', stageSince: '2024-06-01' } }),
  ).toEqual(['existing.lease']);
  expect(
    paths(existingCaseSchema, {
      ...base,
      existing: { stage: 'mapping', stageSince: '2024-02-01', movedInAt: '2024-03-01' },
    }),
  ).toEqual(['existing.movedInAt']);
  expect(
    paths(existingCaseSchema, {
      ...base,
      existing: {
        stage: 'follow-up',
        stageSince: '2023-12-01',
        movedInAt: '2023-12-01',
        lastContactAt: '2023-11-01',
      },
    }),
  ).toEqual(['existing.lastContactAt', 'existing.movedInAt', 'existing.stageSince']);
});

test('list and report filters are strict: a misspelt filter is an error, not silently ignored', () => {
  expect(caseListQuery.parse({ stage: 'mapping', overdue: 'true', limit: '20' })).toEqual({
    stage: 'mapping',
    overdue: true,
    limit: 20,
  });
  expect(paths(caseListQuery, { stag: 'mapping' })).toEqual(['stag']);
  expect(paths(caseListQuery, { limit: '0' })).toEqual(['limit']);
  expect(paths(caseListQuery, { stage: ['mapping', 'housing'] })).toEqual(['stage']);
  expect(paths(outcomesQuery, { from: '2026-02-01', to: '2026-01-01' })).toEqual(['to']);
});
