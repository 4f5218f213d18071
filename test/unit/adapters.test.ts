/**
 * The small adapters' own rules: NAV is never told without consent, the housing list puts the
 * units that meet the person's wishes first.
 */
import { ApplicationFailure } from '@temporalio/common';
import { rankUnits } from '../../activities/housing';
import { createPartyNoticeActivities } from '../../activities/party-notices';
import type { HousingUnit, PartyNoticeRequest } from '../../activities/types';
import type { HttpClient } from '../../activities/http';
import { durationNb } from '../../activities/letter-texts';
import { activityEnv } from '../support/activity-env';

const env = activityEnv();

describe('NAV notices', () => {
  const calls: unknown[] = [];
  const http: HttpClient = {
    system: 'nav',
    request: async (r) => {
      calls.push(r);
      return { reference: 'NAV-1', status: 'received' } as never;
    },
  };
  const specialistCalls: unknown[] = [];
  const specialist: HttpClient = {
    system: 'specialist-health',
    request: async (r) => {
      specialistCalls.push(r);
      return { reference: 'SHT-1', status: 'received' } as never;
    },
  };
  const { notifyParty } = createPartyNoticeActivities({
    http: { nav: http, 'specialist-health': specialist },
    teamName: () => 'Housing First-teamet',
  });
  const notice: PartyNoticeRequest = {
    caseId: 'hf-stavanger-n1',
    municipality: 'stavanger',
    purpose: 'eviction:r1:nav',
    party: 'nav',
    event: 'eviction-petition',
    date: '2026-12-10',
    person: { name: 'Kari Testperson', nationalId: '01017012345' },
  };

  beforeEach(() => {
    calls.length = 0;
    specialistCalls.length = 0;
  });

  it.each([
    ['a scope without NAV', ['hf-team', 'assessment-team']],
    ['no scope at all', undefined],
  ])('with %s, nothing is sent and the refusal is non-retryable', async (_label, scope) => {
    const err = await env
      .run(notifyParty, { ...notice, consentScope: scope as PartyNoticeRequest['consentScope'] })
      .catch((e: ApplicationFailure) => e);
    expect(err).toMatchObject({ type: 'ConsentScope', nonRetryable: true });
    expect((err as Error).message).not.toContain('Kari');
    expect(calls).toHaveLength(0);
  });

  it('with NAV in the scope, one notice goes out naming the team to call back, not the person’s phone', async () => {
    const out = await env.run(notifyParty, { ...notice, consentScope: ['nav' as const] });
    expect(out).toEqual({ reference: 'NAV-1' });
    expect(calls).toEqual([
      expect.objectContaining({
        method: 'PUT',
        path: '/notices/hf-stavanger-n1%2Feviction%3Ar1%3Anav',
        json: expect.objectContaining({
          party: 'nav',
          event: 'eviction-petition',
          contact: { team: 'Housing First-teamet', caseReference: 'hf-stavanger-n1' },
        }),
      }),
    ]);
  });

  it('the specialist health service is told of a decision only through its own system, and only with its consent', async () => {
    const decision = {
      ...notice,
      purpose: 'specialist-health:decision',
      party: 'specialist-health' as const,
      event: 'decision' as const,
    };
    const refused = await env
      .run(notifyParty, {
        ...decision,
        consentScope: ['hf-team', 'nav'] as PartyNoticeRequest['consentScope'],
      })
      .catch((e: ApplicationFailure) => e);
    expect(refused).toMatchObject({ type: 'ConsentScope', nonRetryable: true });
    const out = await env.run(notifyParty, {
      ...decision,
      consentScope: ['hf-team', 'specialist-health'] as PartyNoticeRequest['consentScope'],
    });
    expect(out).toEqual({ reference: 'SHT-1' });
    expect(calls).toHaveLength(0);
    expect(specialistCalls).toEqual([
      expect.objectContaining({
        method: 'PUT',
        json: expect.objectContaining({ party: 'specialist-health', event: 'decision' }),
      }),
    ]);
  });
});

describe('housing units', () => {
  const unit = (
    unitId: string,
    area: string,
    type: string,
    features: string[],
    availableFrom = '2026-12-01',
  ): HousingUnit => ({
    unitId,
    address: `${unitId} vei 1`,
    area,
    type,
    features,
    source: 'municipal',
    availableFrom,
  });
  const units = [
    unit('A', 'Madla', 'flat', []),
    unit('B', 'Tasta', 'flat', ['shielded-entrance']),
    unit('C', 'Madla', 'house', ['Shielded-entrance']),
    unit('D', 'Madla', 'flat', ['shielded-entrance'], '2027-01-01'),
  ];

  it('puts units that meet every need first, then the wished area and type, then the earliest', () => {
    const ranked = rankUnits(units, { areas: ['madla'], type: 'flat', needs: ['shielded-entrance'] });
    expect(ranked.map((u) => u.unitId)).toEqual(['D', 'C', 'B', 'A']);
  });

  it('keeps every unit: the person chooses, and may decline any offer', () => {
    expect(rankUnits(units, { areas: [], needs: ['garden'] })).toHaveLength(4);
  });
});

describe('letter wording', () => {
  it('says the appeal window in words', () => {
    expect(durationNb('3 weeks')).toBe('tre uker');
    expect(durationNb('1 weeks')).toBe('én uke');
    expect(durationNb('14 days')).toBe('14 dager');
  });
});
