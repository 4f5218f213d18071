/**
 * Our adapters and the systems they call must agree on the JSON contracts. The stand-ins judge
 * what arrives with their own schemas (standins/schemas.ts), so these tests catch a drift on our
 * side: each adapter's request must be one the system accepts, and a change the system would not
 * take is refused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createCareSystemActivities } from '../../activities/care-system';
import { createHousingActivities } from '../../activities/housing';
import type { HttpClient, RequestOptions } from '../../activities/http';
import { createPartyNoticeActivities } from '../../activities/party-notices';
import {
  careRegistration,
  lease,
  leaseEnding,
  notice,
  reservation,
  unitSearch,
} from '../../standins/schemas';
import { nationalId } from '../support/fixtures';

/** An HTTP client that keeps what it was asked to send and answers what the schema expects. */
function capturing(system: string, answer: unknown) {
  const sent: RequestOptions<unknown>[] = [];
  const http: HttpClient = {
    system,
    async request<T>(opts: RequestOptions<T>): Promise<T> {
      sent.push(opts as RequestOptions<unknown>);
      return answer as T;
    },
  };
  return { http, sent };
}

const person = { name: 'Kari Testperson', nationalId: nationalId() };

it('the care system accepts the decision our adapter registers, and refuses one without services', async () => {
  const { http, sent } = capturing('care', { reference: 'VEDTAK-1', status: 'registered' });
  await createCareSystemActivities({ http }).registerDecision({
    caseId: 'hf-stavanger-abcdefghij',
    municipality: 'stavanger',
    person,
    decision: {
      date: '2026-11-30',
      reviewBy: '2027-11-30',
      services: [{ kind: 'oppfølging', hoursPerWeek: 6 }],
    },
    key: 'decision',
  });
  const body = sent[0].json as Record<string, any>;
  expect(careRegistration.safeParse(body).success).toBe(true);
  const withoutServices = { ...body, decision: { ...body.decision, services: [] } };
  expect(careRegistration.safeParse(withoutServices).error?.issues[0].path).toEqual(['decision', 'services']);
  expect(careRegistration.safeParse({ ...body, extra: 1 }).success).toBe(false);
});

it('NAV accepts the notice our adapter sends, and refuses one whose consent does not name NAV', async () => {
  const { http, sent } = capturing('nav', { reference: 'NAV-1', status: 'received' });
  await createPartyNoticeActivities({
    http: { nav: http },
    teamName: () => 'Housing First Stavanger',
  }).notifyParty({
    caseId: 'hf-stavanger-abcdefghij',
    municipality: 'stavanger',
    purpose: 'nav-risk-1',
    party: 'nav',
    event: 'eviction-warning',
    date: '2026-11-30',
    person,
    consentScope: ['hf-team', 'nav'],
  });
  const body = sent[0].json as Record<string, any>;
  expect(notice.safeParse(body).success).toBe(true);
  expect(notice.safeParse({ ...body, consent: { scope: ['hf-team'] } }).error?.issues[0].path).toEqual([
    'consent',
    'scope',
  ]);
});

it('the housing system accepts our search, reservation, lease and lease ending', async () => {
  const units = capturing('housing', { units: [] });
  await createHousingActivities({ http: units.http }).findHousingUnits({
    municipality: 'stavanger',
    wishes: { areas: ['Madla'], type: 'leilighet', needs: ['skjermet inngang'] },
  });
  expect(unitSearch.safeParse(units.sent[0].json).success).toBe(true);

  const reserve = capturing('housing', { reservationId: 'RES-1', status: 'reserved' });
  await createHousingActivities({ http: reserve.http }).reserveUnit({
    caseId: 'hf-stavanger-abcdefghij',
    municipality: 'stavanger',
    unitId: 'stv-001',
  });
  expect(reservation.safeParse(reserve.sent[0].json).success).toBe(true);

  const leased = capturing('housing', { leaseId: 'K-1', status: 'registered' });
  await createHousingActivities({ http: leased.http }).registerLease({
    caseId: 'hf-stavanger-abcdefghij',
    municipality: 'stavanger',
    unitId: 'stv-001',
    signedDate: '2026-11-30',
    moveInDate: '2026-12-01',
    person,
  });
  const body = leased.sent[0].json as Record<string, any>;
  expect(lease.safeParse(body).success).toBe(true);
  expect(lease.safeParse({ ...body, moveInDate: '1. desember' }).error?.issues[0].path).toEqual([
    'moveInDate',
  ]);

  const ended = capturing('housing', { status: 'ended' });
  await createHousingActivities({ http: ended.http }).endLease({
    caseId: 'hf-stavanger-abcdefghij',
    municipality: 'stavanger',
    unitId: 'stv-001',
    signedDate: '2026-11-30',
    endDate: '2027-03-01',
    reason: 'housing-lost',
  });
  expect(ended.sent[0].path).toBe(
    '/lease-endings/hf-stavanger-abcdefghij%2Flease-end%3Astv-001%3A2026-11-30',
  );
  expect(leaseEnding.safeParse(ended.sent[0].json).success).toBe(true);
});

it('the stand-ins judge with their own schemas, never with our adapters’ code', () => {
  const dir = path.resolve(__dirname, '..', '..', 'standins');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(path.join(dir, file), 'utf8');
    const adapters = [...source.matchAll(/from '\.\.\/activities\/([\w-]+)'/g)].map((m) => m[1]);
    // The XML writer is a generic helper; no contract lives in it.
    expect({ file, adapters: adapters.filter((a) => a !== 'xml') }).toEqual({ file, adapters: [] });
  }
});
