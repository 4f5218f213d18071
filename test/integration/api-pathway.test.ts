/**
 * The whole pathway over HTTP, as the people in it would walk it with curl: every event route's
 * happy path, each by the role the contract names, from referral to exit; the "not relevant"
 * path; consent withdrawn; an incident retried by an administrator; a registered existing case;
 * and the outcome report counting what happened.
 */
import type { Role } from '../../domain/types';
import { Municipalities } from '../../platform/municipalities';
import { daysAgo, eventually, refer } from '../support/api-bodies';
import { municipalities } from '../support/fixtures';
import { pdfText } from '../support/pdf-text';
import { startStack, type Stack } from '../support/stack';

/** Ending a granted service is a decision: the team lead's reasons (issue 15, item 4). */
const ENDING = 'Du har flyttet fra kommunen, og teamet har hjulpet deg med å få oppfølging der du bor nå.';
/** A place refused after the mapping is a decision: its reasons. */
const REFUSAL = 'Alle plassene er i bruk, og vurderingsteamet venter ingen ledige plasser de neste månedene.';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const tokens = new Map<string, string>();
async function as(role: Role, office?: string) {
  const key = `${role}:${office ?? ''}`;
  if (!tokens.has(key)) tokens.set(key, await stack.token(role, { office, sub: `${role}-person` }));
  return tokens.get(key)!;
}

async function post(role: Role, route: string, body: unknown, office?: string) {
  return stack.call('POST', route, { token: await as(role, office), body });
}

async function stageOf(id: string): Promise<string> {
  return (await stack.call('GET', `/referrals/${id}`, { token: await as('team-lead') })).body.stage;
}

const today = () => daysAgo(0);

// First in the file: the injected fault hits the next archive call, which must be this case's.
test('an administrator retries a call an outside system refused, from the case’s incident', async () => {
  // The archive refuses the referral's case file once: an incident opens on the case.
  const fault = await fetch(`${stack.standinsUrl}/admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ system: 'archive', mode: '400', count: 1 }),
  });
  expect(fault.status).toBeLessThan(300);
  const id = await refer(stack);
  const view = await eventually(
    async () => (await stack.call('GET', `/referrals/${id}`, { token: await as('admin') })).body,
    (v) => v.incidents?.length > 0,
    30_000,
  );
  const incident = view.incidents[0];
  expect(incident).toMatchObject({ system: expect.any(String), status: 'open' });
  const retried = await stack.call('POST', `/referrals/${id}/incidents/${incident.id}/retry`, {
    token: await as('admin'),
  });
  expect(retried.status).toBe(200);
  const resolved = await eventually(
    async () => (await stack.call('GET', `/referrals/${id}`, { token: await as('admin') })).body,
    (v) => v.incidents.find((i: any) => i.id === incident.id)?.status === 'resolved',
    30_000,
  );
  expect(resolved.incidents.find((i: any) => i.id === incident.id).status).toBe('resolved');
}, 90_000);

/** The text of the letter SvarUt received under an external reference, and its (neutral) title. */
async function letterText(ref: string): Promise<{ title: string; text: string }> {
  const found = await eventually(
    async () => {
      const { items } = (await (await fetch(`${stack.standinsUrl}/svarut/received`)).json()) as {
        items: { id: string; tittel: string; eksternReferanse?: string }[];
      };
      return items.find((f) => f.eksternReferanse === ref);
    },
    (f) => !!f,
    30_000,
  );
  const stored = (await (await fetch(`${stack.standinsUrl}/svarut/received/${found!.id}`)).json()) as {
    files: string[];
  };
  const pdf = new Uint8Array(
    await (await fetch(`${stack.standinsUrl}/svarut/received/${found!.id}/${stored.files[0]}`)).arrayBuffer(),
  );
  return { title: found!.tittel, text: (await pdfText(pdf)).replace(/\s+/g, ' ') };
}

test('"no place" after the mapping is a refusal decision: a 400 naming `reasons` without them, then a letter with them', async () => {
  const id = await refer(stack);
  expect(
    (
      await post('assessment-team', `/referrals/${id}/reviews`, {
        round: 1,
        outcome: 'relevant',
        meetingDate: today(),
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await post('hf-team', `/referrals/${id}/mapping`, {
        followUpWorker: 'Ola Oppfølger',
        housingWishes: { areas: ['Storhaug'], needs: [] },
        forms: { mapping: today(), baseline1: today() },
        mansaBaseline: 3.2,
      })
    ).status,
  ).toBe(200);
  const bare = await post('assessment-team', `/referrals/${id}/reviews`, {
    round: 2,
    outcome: 'no-place',
    meetingDate: today(),
  });
  expect(bare.status).toBe(400);
  expect(bare.body.errors.map((e: { path: string }) => e.path)).toEqual(['reasons']);
  expect(await stageOf(id)).toBe('second-review');
  const refused = await post('assessment-team', `/referrals/${id}/reviews`, {
    round: 2,
    outcome: 'no-place',
    meetingDate: today(),
    reasons: REFUSAL,
  });
  expect(refused.status).toBe(200);
  expect(refused.body.stage).toBe('no-place');
  const letter = await letterText(`${id}/letter:capacity-refusal`);
  expect(letter.title).toBe('Vedtak fra Stavanger kommune');
  expect(letter.text).toContain('Du får ikke plass i Bolig først nå');
  expect(letter.text).toContain(REFUSAL);
  expect(letter.text).toContain('assessment-team-person, vurderingsteamet, har fattet vedtaket.');
  expect(letter.text).toContain('Fristen er fire uker');
}, 60_000);

test('a person walks the whole pathway: referral, reviews, mapping, decision, housing, follow-up, exit', async () => {
  const id = await refer(stack, 'hillevag', {
    consent: {
      given: true,
      date: daysAgo(2),
      scope: ['assessment-team', 'hf-team', 'nav', 'housing-provider'],
    },
  });
  const ok = (res: { status: number; body: any }, status = 200) => {
    expect({ status: res.status, problem: res.status >= 400 ? res.body : undefined }).toEqual({
      status,
      problem: undefined,
    });
    return res.body;
  };

  expect(
    ok(
      await post('assessment-team', `/referrals/${id}/reviews`, {
        round: 1,
        outcome: 'relevant',
        meetingDate: today(),
      }),
    ).stage,
  ).toBe('mapping');
  const mapped = ok(
    await post('hf-team', `/referrals/${id}/mapping`, {
      followUpWorker: 'Ola Oppfølger',
      housingWishes: { areas: ['Storhaug'], needs: ['skjermet inngang'] },
      forms: { mapping: today(), baseline1: today() },
      mansaBaseline: 3.2,
    }),
  );
  expect(mapped.stage).toBe('second-review');
  expect(mapped.housingWishes).toEqual({ areas: ['Storhaug'], needs: ['skjermet inngang'] });

  ok(
    await post('assessment-team', `/referrals/${id}/reviews`, {
      round: 2,
      outcome: 'place-offered',
      meetingDate: today(),
    }),
  );
  expect(
    await eventually(
      () => stageOf(id),
      (s) => s === 'decision',
      20_000,
    ),
  ).toBe('decision');

  // A decision without the team lead's own reasons, or with a service kind the municipality does
  // not have, is a 400 naming the field; the case stays where it was.
  const noReasons = await post('team-lead', `/referrals/${id}/decision`, {
    services: [{ kind: 'oppfølging i hjemmet', hoursPerWeek: 6 }],
    date: today(),
  });
  expect(noReasons.status).toBe(400);
  expect(noReasons.body.errors.map((e: { path: string }) => e.path)).toEqual(['reasons']);
  const unknownKind = await post('team-lead', `/referrals/${id}/decision`, {
    services: [{ kind: 'bo-oppfolging: 6 timer per uke', hoursPerWeek: 6 }],
    date: today(),
    reasons: 'Du har bodd ute i et halvt år og ønsker hjelp til å bo i egen leilighet.',
  });
  expect(unknownKind.status).toBe(400);
  expect(unknownKind.body.errors.map((e: { path: string }) => e.path)).toEqual(['services.0.kind']);
  expect(await stageOf(id)).toBe('decision');

  expect(
    ok(
      await post('team-lead', `/referrals/${id}/decision`, {
        services: [{ kind: 'oppfølging i hjemmet', hoursPerWeek: 6 }],
        date: today(),
        reasons: 'Du har bodd ute i et halvt år og ønsker hjelp til å bo i egen leilighet.',
      }),
    ).stage,
  ).toBe('housing');

  // The letter the person gets: the reasons, the signer (from the token), four weeks to appeal.
  const found = await eventually(
    async () => {
      const { items } = (await (await fetch(`${stack.standinsUrl}/svarut/received`)).json()) as {
        items: { id: string; tittel: string; eksternReferanse?: string }[];
      };
      return items.find((f: { eksternReferanse?: string }) => f.eksternReferanse === `${id}/letter:decision`);
    },
    (f) => !!f,
    30_000,
  );
  const letter = found!;
  expect(letter.tittel).toBe('Vedtak fra Stavanger kommune');
  const stored = (await (await fetch(`${stack.standinsUrl}/svarut/received/${letter.id}`)).json()) as {
    files: string[];
  };
  const pdf = new Uint8Array(
    await (await fetch(`${stack.standinsUrl}/svarut/received/${letter.id}/${stored.files[0]}`)).arrayBuffer(),
  );
  const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
  expect(text).toContain('Du har bodd ute i et halvt år og ønsker hjelp til å bo i egen leilighet.');
  expect(text).toContain('team-lead-person, teamleder i Housing First-teamet, har fattet vedtaket.');
  expect(text).toContain('Fristen er fire uker');

  const first = ok(
    await post('housing-provider', `/referrals/${id}/housing-offers`, {
      unitId: 'STV-1001',
      address: 'Hillevågsveien 12, 4016 Stavanger',
      source: 'municipal',
      availableFrom: today(),
    }),
    201,
  );
  expect(first.offerId).toEqual(expect.any(String));
  const declined = ok(
    await post('hf-team', `/referrals/${id}/housing-offers/${first.offerId}/response`, {
      accepted: false,
      reason: 'For nær gammelt miljø',
      date: today(),
    }),
  );
  expect(declined.stage).toBe('housing'); // declining keeps the place
  const second = ok(
    await post('hf-team', `/referrals/${id}/housing-offers`, {
      unitId: 'STV-1002',
      address: 'Madlaveien 140, 4042 Stavanger',
      source: 'municipal',
      availableFrom: today(),
    }),
    201,
  );
  ok(
    await post('hf-team', `/referrals/${id}/housing-offers/${second.offerId}/response`, {
      accepted: true,
      date: today(),
    }),
  );
  // The housing provider gets a receipt, not the case.
  expect(
    ok(
      await post('housing-provider', `/referrals/${id}/lease`, {
        unitId: 'STV-1002',
        signedDate: today(),
        moveInDate: today(),
      }),
    ),
  ).toEqual({ caseId: id, accepted: true });
  expect(ok(await stack.call('GET', `/referrals/${id}`, { token: await stack.token('hf-team') })).stage).toBe(
    'move-in',
  );
  expect(ok(await post('hf-team', `/referrals/${id}/move-in`, { date: today() })).stage).toBe('follow-up');
  ok(
    await post('hf-team', `/referrals/${id}/plans`, {
      followUpPlan: today(),
      safetyPlan: today(),
      individualPlanOffered: today(),
    }),
  );
  expect(
    ok(await post('hf-team', `/referrals/${id}/contacts`, { date: today(), kind: 'home-visit', minutes: 45 }))
      .followUp.contacts,
  ).toBe(1);
  ok(await post('hf-team', `/referrals/${id}/evaluations`, { milestone: 6, date: today(), mansaScore: 4.1 }));

  const risk = ok(
    await post('nav', `/referrals/${id}/eviction-risks`, { kind: 'rent-arrears', date: today() }),
    201,
  );
  expect(risk.riskId).toEqual(expect.any(String));
  const planned = ok(
    await post('team-lead', `/referrals/${id}/eviction-risks/${risk.riskId}/action-plan`, {
      date: today(),
      summary: 'Nedbetalingsavtale',
    }),
  );
  expect(planned.evictionRisks[0].actionPlan.summary).toBe('Nedbetalingsavtale');

  expect(
    ok(
      await post('housing-provider', `/referrals/${id}/housing-lost`, {
        date: today(),
        reason: 'Flyttet ut',
      }),
    ),
  ).toEqual({ caseId: id, accepted: true });
  const lost = ok(await stack.call('GET', `/referrals/${id}`, { token: await stack.token('hf-team') }));
  expect(lost.stage).toBe('follow-up'); // follow-up goes on without the flat
  expect(lost.housing.status).toBe('lost');

  // Ending a granted service is a decision: without the reasons a 400 naming them, nothing ended.
  const unreasoned = await post('team-lead', `/referrals/${id}/exit`, {
    reason: 'moved-away',
    date: today(),
  });
  expect(unreasoned.status).toBe(400);
  expect(unreasoned.body.errors).toEqual([{ path: 'reasons', message: expect.stringContaining('decision') }]);
  expect(await stageOf(id)).toBe('follow-up');
  const exited = ok(
    await post('team-lead', `/referrals/${id}/exit`, {
      reason: 'moved-away',
      date: today(),
      reasons: ENDING,
    }),
  );
  expect(exited.stage).toBe('exited');
  // Its letter is queued (SvarUt gets it once the lane's watch on the decision letter is done, minutes
  // here; test/unit/decision-letters.test.ts reads its text, test/workflow/decision-letters.test.ts
  // sees it sent and archived once).
  expect(exited.letters.map((l: { purpose: string }) => l.purpose)).toEqual(['decision', 'ending']);

  const view = (await stack.call('GET', `/referrals/${id}`, { token: await as('team-lead') })).body;
  expect(view.timeline.map((e: any) => e.type)).toEqual(
    expect.arrayContaining([
      'referral',
      'review-1',
      'mapping',
      'review-2',
      'decision',
      'lease',
      'move-in',
      'contact',
      'evaluation',
    ]),
  );
  const list = await eventually(
    async () => (await stack.call('GET', '/referrals?stage=exited', { token: await as('unit-leader') })).body,
    (b) => b.items?.some((c: any) => c.caseId === id),
    20_000,
  );
  expect(list.items.find((c: any) => c.caseId === id)).toMatchObject({ exitReason: 'moved-away' });
}, 120_000);

test('"not relevant": the caseworker records that the person was told, and the case closes', async () => {
  const id = await refer(stack);
  const res = await post('assessment-team', `/referrals/${id}/reviews`, {
    round: 1,
    outcome: 'not-relevant',
    meetingDate: today(),
  });
  expect(res.body.stage).toBe('not-relevant');
  const tasks = await eventually(
    async () =>
      (await stack.call('GET', '/tasks?assignee=caseworker', { token: await as('caseworker', 'hillevag') }))
        .body,
    (b) => b.items?.some((t: any) => t.caseId === id),
  );
  expect(tasks.items.find((t: any) => t.caseId === id)).toMatchObject({ kind: 'inform-person' });
  const informed = await post(
    'caseworker',
    `/referrals/${id}/informed`,
    { date: today(), channel: 'in-person' },
    'hillevag',
  );
  expect(informed.status).toBe(200);
  expect(informed.body.stage).toBe('closed');
});

test('consent withdrawn by the caseworker stops the case; nothing more is taken', async () => {
  const id = await refer(stack);
  const res = await post('caseworker', `/referrals/${id}/consent-withdrawal`, { date: today() }, 'hillevag');
  expect(res.status).toBe(200);
  expect(res.body.stage).toBe('withdrawn');
  const after = await post('assessment-team', `/referrals/${id}/reviews`, {
    round: 1,
    outcome: 'relevant',
    meetingDate: today(),
  });
  expect(after.status).toBe(409);
  expect(after.body.stage).toBe('withdrawn');
});

test('events naming something the case does not have are 404; a field the case rejects is a 400 naming it', async () => {
  const res = await stack.call('POST', '/existing-cases', {
    token: await as('team-lead'),
    body: {
      person: { name: 'Referanse Person', pseudonym: 'R1' },
      office: 'hillevag',
      criteria: { homeless: true, substanceUse: false, mentalHealth: true, additional: [] },
      consent: { given: true, date: '2025-01-02', scope: ['hf-team'] },
      referredAt: '2025-01-10',
      existing: { stage: 'follow-up', stageSince: '2025-03-01', movedInAt: '2025-03-01' },
    },
  });
  const id = res.body.id as string;
  await eventually(
    () => stageOf(id),
    (s) => s === 'follow-up',
  );
  const plan = await post('hf-team', `/referrals/${id}/eviction-risks/risk-99/action-plan`, {
    date: today(),
    summary: 'x',
  });
  expect(plan.status).toBe(404);
  expect(plan.body.detail).toContain('risk-99');
  const retry = await stack.call('POST', `/referrals/${id}/incidents/incident-99/retry`, {
    token: await as('admin'),
  });
  expect(retry.status).toBe(404);
  // The schema takes any month count; the case knows its policy's milestones (6, 12, 24).
  const evaluation = await post('hf-team', `/referrals/${id}/evaluations`, { milestone: 7, date: today() });
  expect(evaluation.status).toBe(400);
  expect(evaluation.body.errors).toEqual([
    { path: 'milestone', message: expect.stringContaining('6, 12, 24') },
  ]);
  const again = await post('hf-team', `/referrals/${id}/evaluations`, { milestone: 6, date: today() });
  expect(again.status).toBe(200);
});

test('a person already in follow-up is registered at their stage, with their real dates', async () => {
  const res = await stack.call('POST', '/existing-cases', {
    token: await as('team-lead'),
    body: {
      person: { name: 'Eksisterende Person', pseudonym: 'E1' },
      office: 'madla',
      criteria: { homeless: true, substanceUse: true, mentalHealth: true, additional: [] },
      consent: { given: true, date: '2024-01-02', scope: ['hf-team'] },
      referredAt: '2024-01-10',
      existing: {
        stage: 'follow-up',
        stageSince: '2024-06-01',
        decision: { services: [{ kind: 'oppfølging', hoursPerWeek: 4 }], date: '2024-03-01' },
        movedInAt: '2024-06-01',
        lastContactAt: daysAgo(3),
        evaluations: [{ milestone: 6, date: '2024-12-01' }],
      },
    },
  });
  expect(res.status).toBe(201);
  expect(res.body.stage).toBe('follow-up');
  const view = await eventually(
    async () => (await stack.call('GET', `/referrals/${res.body.id}`, { token: await as('hf-team') })).body,
    (v) => v.stage === 'follow-up',
  );
  expect(view).toMatchObject({ referredAt: '2024-01-10', housing: { movedInAt: '2024-06-01' } });
});

test('the outcome report counts the housed, those in follow-up, exits by reason, stability and days to move-in', async () => {
  // Sandnes's own people: every token names its municipality.
  const lead = await stack.token('team-lead', { municipality: 'sandnes' });
  const team = await stack.token('hf-team', { municipality: 'sandnes' });
  // Three people already housed 14 months ago (Sandnes): one kept the home, one lost it after 4
  // months, one moved away after 8. Referred 60 days before moving in.
  const register = async (name: string) =>
    (
      await stack.call('POST', '/existing-cases', {
        token: lead,
        body: {
          person: { name, pseudonym: name },
          office: 'sandnes-sentrum',
          criteria: { homeless: true, substanceUse: true, mentalHealth: false, additional: [] },
          consent: { given: true, date: daysAgo(490), scope: ['hf-team'] },
          referredAt: daysAgo(485),
          existing: {
            stage: 'follow-up',
            stageSince: daysAgo(425),
            decision: { services: [{ kind: 'oppfølging', hoursPerWeek: 4 }], date: daysAgo(440) },
            movedInAt: daysAgo(425),
            lastContactAt: daysAgo(2),
          },
        },
      })
    ).body.id as string;
  const [kept, lost, left] = [await register('A'), await register('B'), await register('C')];
  await eventually(
    async () => (await stack.call('GET', `/referrals/${kept}`, { token: lead })).body.stage,
    (s) => s === 'follow-up',
  );
  expect(
    (
      await stack.call('POST', `/referrals/${lost}/housing-lost`, {
        token: team,
        body: { date: daysAgo(305), reason: 'Utkastet' },
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await stack.call('POST', `/referrals/${left}/exit`, {
        token: team,
        body: { reason: 'moved-away', date: daysAgo(185), reasons: ENDING },
      })
    ).status,
  ).toBe(200);

  const report = await eventually(
    async () =>
      (
        await stack.call(
          'GET',
          `/reports/outcomes?municipality=sandnes&from=${daysAgo(430)}&to=${daysAgo(0)}`,
          {
            token: lead,
          },
        )
      ).body,
    (r) => r.housed === 3 && r.exitsByReason?.['moved-away'] === 1,
    20_000,
  );
  expect(report).toMatchObject({
    municipality: 'sandnes',
    referred: 0, // referred before the period
    housed: 3,
    inFollowUp: 3,
    exitsByReason: { 'moved-away': 1 },
    medianDaysReferralToMoveIn: 60,
  });
  expect(report.housingStability12m).toBeCloseTo(1 / 3);
}, 90_000);

test('the person now consents to NAV being told: the caseworker records the new scope on the case', async () => {
  const id = await refer(stack, 'hillevag', {
    consent: { given: true, date: daysAgo(1), scope: ['assessment-team', 'hf-team'] },
  });
  const res = await post(
    'caseworker',
    `/referrals/${id}/consent-scope`,
    { date: today(), scope: ['assessment-team', 'hf-team', 'nav'] },
    'hillevag',
  );
  expect(res.status).toBe(200);
  expect(res.body.consentScope).toEqual(['assessment-team', 'hf-team', 'nav']);
  const bad = await post('hf-team', `/referrals/${id}/consent-scope`, { date: today(), scope: [] });
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].path).toBe('scope');
});

test('an administrator moves a running case to the policy now configured; a case already on it is told so', async () => {
  const id = await refer(stack);
  const admin = await as('admin');
  const same = await stack.call('POST', `/referrals/${id}/policy`, { token: admin });
  expect(same.status).toBe(400);
  expect(same.body.errors[0].path).toBe('policy.version');

  // The municipality shortens the first-review reminder in a new profile version; the API restarts with it.
  const profiles = municipalities.all().map((m) =>
    m.id !== 'stavanger'
      ? m
      : {
          ...m,
          policy: {
            ...m.policy,
            version: m.policy.version + 1,
            ladders: {
              ...m.policy.ladders,
              firstReview: { remindAfter: '7 days', escalateAfter: '21 days' },
            },
          },
        },
  );
  const base = await stack.startApi({ municipalities: new Municipalities(profiles) });
  const before = (await stack.call('GET', `/referrals/${id}`, { token: await as('team-lead') })).body.tasks[0]
    .remindAt;
  const moved = await stack.call('POST', `/referrals/${id}/policy`, { token: admin, base });
  expect(moved.status).toBe(200);
  expect(moved.body.timeline.at(-1)).toMatchObject({ type: 'policy-adopted', actor: { role: 'admin' } });
  // The reminder not yet sent moves to the new, shorter ladder.
  expect(Date.parse(moved.body.tasks[0].remindAt)).toBeLessThan(Date.parse(before));
});
