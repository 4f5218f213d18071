/**
 * The activities against the stand-ins over HTTP and a real SMTP server, run by a real worker on
 * the Temporal dev server, so every retry below is Temporal's own: what a municipality would find
 * in its archive, SvarUt, care system, NAV and housing system after a case, and how each outside
 * failure ends (retried to success, or refused at once for a person to look at).
 */
import { standinSystems } from '../../platform/config';
import path from 'node:path';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { ActivityOptions } from '@temporalio/workflow';
import { createActivities } from '../../activities';
import type { JournalKind, LetterRequest } from '../../activities/types';
import { JOURNAL_KINDS } from '../../activities/archive';
import { CaseDirectory } from '../../read-model/case-directory';
import { dataConverter } from '../../platform/temporal';
import { ARKIVMELDING_OPPRETT_XSD, validateFiksArkiv, validateSvarUt } from '../../standins/contracts';
import { municipalities, nationalId } from '../support/fixtures';
import { isPdf, pdfText } from '../support/pdf-text';
import { startStack, SVARUT_AUTH, type Stack } from '../support/stack';
import { TEST_KEYS } from '../support/temporal';
import type { ProbeInput, ProbeResult } from './probe-workflows';

const PROBE_QUEUE = 'probe';
const person = { name: 'Kari Testperson', nationalId: nationalId(), phone: '+47 912 34 567' };
const fast = { initialInterval: '100 ms', backoffCoefficient: 1.5, maximumInterval: '1 second' };

let stack: Stack;
let worker: Worker;
let running: Promise<void>;
let seq = 0;

beforeAll(async () => {
  stack = await startStack();
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, 'probe-workflows.ts'),
    failureConverterPath: path.resolve(__dirname, '..', '..', 'platform', 'failure-converter.ts'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
  });
  const u = stack.standinsUrl;
  worker = await Worker.create({
    connection: stack.env.nativeConnection,
    namespace: stack.env.namespace ?? 'default',
    taskQueue: PROBE_QUEUE,
    workflowBundle: { code },
    dataConverter: dataConverter(TEST_KEYS),
    activities: createActivities({
      smtp: {
        host: '127.0.0.1',
        port: stack.mailbox.port,
        secure: false,
        from: 'Bolig først <test@bolig-forst.test>',
      },
      systems: standinSystems(u, SVARUT_AUTH),
      profile: (m) => municipalities.require(m),
      caseLink: (id) => `http://localhost:3000/referrals/${id}`,
      directory: new CaseDirectory(stack.env.client),
      // Short, so the timeout stories run in seconds; long enough that a busy machine's first call
      // (the stand-in validating an archive message against its XSD) is never taken for a hang.
      httpTimeoutMs: 5_000,
      smtpTimeoutMs: 1_000,
      personIndexKey: Buffer.alloc(32, 7),
    }),
  });
  running = worker.run();
}, 180_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await stack?.stop();
});

afterEach(async () => {
  await fetch(`${stack.standinsUrl}/admin/faults`, { method: 'DELETE' });
});

function run(
  activity: string,
  args: unknown[],
  options: Partial<ActivityOptions> = {},
): Promise<ProbeResult> {
  const input: ProbeInput = {
    activity,
    args,
    options: { startToCloseTimeout: '10 seconds', retry: { ...fast, maximumAttempts: 5 }, ...options },
  };
  return stack.env.client.workflow.execute('probeWorkflow', {
    taskQueue: PROBE_QUEUE,
    workflowId: `probe-${activity}-${Date.now()}-${++seq}`,
    args: [input],
  });
}

async function ok<T>(activity: string, args: unknown[], options?: Partial<ActivityOptions>): Promise<T> {
  const r = await run(activity, args, options);
  if (!r.ok) throw new Error(`${activity} failed: ${r.type} ${r.message}`);
  return r.result as T;
}

async function get(route: string): Promise<any> {
  const res = await fetch(`${stack.standinsUrl}${route}`);
  expect(res.status).toBe(200);
  return route.endsWith('.pdf')
    ? new Uint8Array(await res.arrayBuffer())
    : res.headers.get('content-type')?.includes('json')
      ? res.json()
      : res.text();
}

async function fault(system: string, mode: string, count: number, match?: string) {
  const res = await fetch(`${stack.standinsUrl}/admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ system, mode, count, match }),
  });
  expect(res.status).toBe(201);
}

async function faultState(): Promise<{
  pending: Record<string, { remaining: number }[]>;
  injected: Record<string, number>;
}> {
  return (await fetch(`${stack.standinsUrl}/admin/faults`)).json() as Promise<any>;
}

function caseId(): string {
  return `hf-stavanger-it${String(++seq).padStart(8, '0')}`;
}

describe('archive (Fiks Arkiv stand-in)', () => {
  it('a case leaves one case file and one journal entry of each kind, each valid against the XSD and screened', async () => {
    const id = caseId();
    const { caseFileId } = await ok<{ caseFileId: string }>('archiveCaseFile', [
      { caseId: id, municipality: 'stavanger', office: 'hillevag', person, referredAt: '2026-11-24' },
    ]);
    const kinds = Object.keys(JOURNAL_KINDS) as JournalKind[];
    const entryIds: string[] = [];
    for (const kind of kinds) {
      const { journalEntryId } = await ok<{ journalEntryId: string }>('archiveJournalEntry', [
        {
          caseId: id,
          municipality: 'stavanger',
          purpose: `journal:${kind}`,
          caseFileId,
          kind,
          date: '2026-12-01',
          person,
          title: JOURNAL_KINDS[kind].label,
          content: `Innhold i ${kind}.`,
        },
      ]);
      entryIds.push(journalEntryId);
    }
    const { items } = await get('/arkiv/received');
    const mine = items.filter((i: any) => i.id === caseFileId || i.parentId === caseFileId);
    expect(mine).toHaveLength(1 + kinds.length);
    expect(new Set(entryIds).size).toBe(kinds.length);
    for (const item of mine) {
      expect(item.skjermet).toBe(true);
      const xml = await get(`/arkiv/received/${item.id}/arkivmelding.xml`);
      expect(await validateFiksArkiv(xml, ARKIVMELDING_OPPRETT_XSD)).toEqual({ valid: true, errors: [] });
      for (const f of item.files) expect(isPdf(await get(`/arkiv/received/${item.id}/${f}`))).toBe(true);
    }
    expect(
      mine
        .filter((i: any) => i.kind === 'registrering')
        .map((i: any) => i.journalposttype)
        .sort(),
    ).toEqual(kinds.map((k) => JOURNAL_KINDS[k].journalposttype).sort());
  });

  it('a 500 from the archive is retried by Temporal and then succeeds, leaving one case file', async () => {
    await fault('archive', '500', 2);
    const id = caseId();
    const { caseFileId } = await ok<{ caseFileId: string }>('archiveCaseFile', [
      { caseId: id, municipality: 'stavanger', office: 'madla', person, referredAt: '2026-11-24' },
    ]);
    expect((await faultState()).injected['archive:500']).toBeGreaterThanOrEqual(2);
    const { items } = await get('/arkiv/received');
    expect(items.filter((i: any) => i.key?.endsWith(`${id}/saksmappe`))).toEqual([
      expect.objectContaining({ id: caseFileId }),
    ]);
  });

  it('an answer lost on the way back: the retry after the timeout finds the same case file (one stored, same systemID)', async () => {
    const lostBefore = (await faultState()).injected['archive:lose-answer'] ?? 0;
    await fault('archive', 'lose-answer', 1);
    const id = caseId();
    const { caseFileId } = await ok<{ caseFileId: string }>('archiveCaseFile', [
      { caseId: id, municipality: 'stavanger', office: 'madla', person, referredAt: '2026-11-24' },
    ]);
    // The first call was handled and its answer lost (the activity timed out and tried again).
    expect((await faultState()).injected['archive:lose-answer']).toBe(lostBefore + 1);
    const { items } = await get('/arkiv/received');
    const stored = items.filter((i: any) => i.key?.endsWith(`${id}/saksmappe`));
    expect(stored).toHaveLength(1);
    expect(stored[0].id).toBe(caseFileId);
  });

  it('a 400 is refused at once: a non-retryable failure after one attempt, for the workflow to record as an incident', async () => {
    await fault('archive', '400', 2);
    const r = await run('archiveCaseFile', [
      { caseId: caseId(), municipality: 'stavanger', office: 'madla', person, referredAt: '2026-11-24' },
    ]);
    expect(r).toMatchObject({
      ok: false,
      type: 'ExternalSystemRefused',
      nonRetryable: true,
      retryState: 'NON_RETRYABLE_FAILURE',
    });
    if (!r.ok) {
      expect(r.message).toBe('archive archiveCaseFile: refused with 400');
      expect(r.message).not.toContain('Kari');
    }
    // One attempt only: the second 400 is still waiting.
    expect((await faultState()).pending.archive).toEqual([expect.objectContaining({ remaining: 1 })]);
  });

  it('an archive that never answers is retried until the retry policy gives up (then an incident)', async () => {
    await fault('archive', 'hang', 3);
    const r = await run(
      'archiveCaseFile',
      [{ caseId: caseId(), municipality: 'stavanger', office: 'madla', person, referredAt: '2026-11-24' }],
      { retry: { ...fast, maximumAttempts: 2 } },
    );
    expect(r).toMatchObject({
      ok: false,
      type: 'ExternalSystemUnavailable',
      nonRetryable: false,
      retryState: 'MAXIMUM_ATTEMPTS_REACHED',
    });
  });
});

describe('letters (SvarUt stand-in)', () => {
  const letter = (id: string, purpose: LetterRequest['purpose']): LetterRequest => ({
    caseId: id,
    municipality: 'stavanger',
    purpose,
    person,
    date: '2026-12-03',
    office: 'hillevag',
    decision:
      purpose === 'decision'
        ? { date: '2026-12-03', services: [{ kind: 'Oppfølging i hjemmet', hoursPerWeek: 6 }] }
        : undefined,
  });

  it('the decision, "not relevant" and "no place" letters each arrive once, schema-valid, with level-4 login and a real PDF', async () => {
    const id = caseId();
    for (const purpose of ['decision', 'not-relevant', 'no-place'] as const) {
      const { forsendelseId } = await ok<{ forsendelseId: string }>('sendLetter', [letter(id, purpose)]);
      const stored = await get(`/svarut/received/${forsendelseId}`);
      expect(validateSvarUt(stored.forsendelse, 'forsendelse.json')).toEqual({ valid: true, errors: [] });
      expect(stored.forsendelse).toMatchObject({
        krevNiva4Innlogging: true,
        eksternReferanse: `${id}/letter:${purpose}`,
      });
      const pdf = await get(`/svarut/received/${forsendelseId}/${stored.files[0]}`);
      expect(isPdf(pdf)).toBe(true);
      expect((await pdfText(pdf)).replace(/\s+/g, ' ')).toContain(
        purpose === 'decision' ? 'Du kan klage på vedtaket' : 'Dette er ikke et vedtak',
      );
    }
    const { items } = await get('/svarut/received');
    expect(items.filter((f: any) => f.eksternReferanse?.startsWith(`${id}/`))).toHaveLength(3);
  });

  it('the case follows the letter until it is delivered: pending statuses are retried, then the delivery time comes back', async () => {
    // Moments taken before the letter was sent and after its delivery was seen: the delivery
    // time lies between them (the stand-in and the test share one clock).
    const sentFrom = Date.now();
    const { forsendelseId } = await ok<{ forsendelseId: string }>('sendLetter', [
      letter(caseId(), 'decision'),
    ]);
    const status = await ok<any>('awaitLetterDelivery', [{ caseId: 'x', forsendelseId }], {
      retry: { ...fast, maximumAttempts: 10 },
    });
    const seenBy = Date.now();
    expect(status).toMatchObject({ forsendelseId, status: 'LEVERT_SDP', delivered: true, failed: false });
    expect(Date.parse(status.deliveredAt)).toBeGreaterThanOrEqual(sentFrom);
    expect(Date.parse(status.deliveredAt)).toBeLessThanOrEqual(seenBy);
    const history = await fetch(
      `${stack.standinsUrl}/svarut/tjenester/api/forsendelse/v1/${forsendelseId}/historikk`,
      {
        headers: {
          authorization: `Basic ${Buffer.from(`${SVARUT_AUTH.user}:${SVARUT_AUTH.pass}`).toString('base64')}`,
        },
      },
    ).then((r) => r.json() as Promise<any>);
    expect(history.hendelsesLogger.map((h: any) => h.hendelse)).toEqual([
      'MOTTATT',
      'AKSEPTERT',
      'SENDT_SDP',
      'LEVERT_SDP',
    ]);
  });

  it('a letter SvarUt could not deliver comes back as failed, not as an endless wait', async () => {
    const { forsendelseId } = await ok<{ forsendelseId: string }>('sendLetter', [
      letter(caseId(), 'no-place'),
    ]);
    await fetch(`${stack.standinsUrl}/svarut/admin/${forsendelseId}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'IKKE_LEVERT' }),
    });
    const status = await ok<any>('awaitLetterDelivery', [{ caseId: 'x', forsendelseId }]);
    expect(status).toMatchObject({ status: 'IKKE_LEVERT', delivered: false, failed: true });
  });

  it('a send whose answer was lost is not sent twice: the retry finds the letter by its external reference', async () => {
    await fault('svarut', 'lose-answer', 1, 'sendForsendelse');
    const id = caseId();
    const { forsendelseId } = await ok<{ forsendelseId: string }>('sendLetter', [letter(id, 'decision')]);
    const { items } = await get('/svarut/received');
    const mine = items.filter((f: any) => f.eksternReferanse === `${id}/letter:decision`);
    expect(mine).toHaveLength(1);
    expect(mine[0].id).toBe(forsendelseId);
  });

  it('a 400 from SvarUt is a non-retryable failure after one attempt', async () => {
    await fault('svarut', '400', 2, 'sendForsendelse');
    const r = await run('sendLetter', [letter(caseId(), 'not-relevant')]);
    expect(r).toMatchObject({
      ok: false,
      type: 'ExternalSystemRefused',
      retryState: 'NON_RETRYABLE_FAILURE',
    });
    expect((await faultState()).pending.svarut).toEqual([expect.objectContaining({ remaining: 1 })]);
  });
});

describe('care system, NAV and housing system (stand-ins)', () => {
  it('the care system registers the decision and its services once, however often the activity runs', async () => {
    const id = caseId();
    const req = {
      caseId: id,
      municipality: 'stavanger',
      person,
      decision: { date: '2026-12-03', services: [{ kind: 'Oppfølging i hjemmet', hoursPerWeek: 6 }] },
    };
    await fault('care', '500', 1);
    const a = await ok<{ reference: string }>('registerDecision', [req]);
    const b = await ok<{ reference: string }>('registerDecision', [req]);
    expect(b.reference).toBe(a.reference);
    const { items } = await get('/care/received');
    const mine = items.filter((i: any) => i.id.startsWith(`${id}/`));
    expect(mine).toHaveLength(1);
    expect(mine[0].registration.decision).toMatchObject({
      legalBasis: 'helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav b',
      services: [{ kind: 'Oppfølging i hjemmet', hoursPerWeek: 6 }],
    });
  });

  it('NAV is told of an eviction warning when the consent includes NAV, and nothing is sent when it does not', async () => {
    const id = caseId();
    const notice = {
      caseId: id,
      municipality: 'stavanger',
      purpose: 'eviction:r1:nav',
      party: 'nav',
      event: 'eviction-warning',
      date: '2026-12-10',
      person,
    };
    const refused = await run('notifyParty', [{ ...notice, consentScope: ['assessment-team', 'hf-team'] }]);
    expect(refused).toMatchObject({ ok: false, type: 'ConsentScope', nonRetryable: true });
    expect((await get('/nav/received')).items.filter((i: any) => i.id.startsWith(id))).toHaveLength(0);

    const { reference } = await ok<{ reference: string }>('notifyParty', [
      { ...notice, consentScope: ['hf-team', 'nav'] },
    ]);
    const sent = (await get('/nav/received')).items.filter((i: any) => i.id.startsWith(id));
    expect(sent).toEqual([
      expect.objectContaining({ reference, notice: expect.objectContaining({ event: 'eviction-warning' }) }),
    ]);
  });

  it('the specialist health service is told of a decision at its own address, never at NAV’s', async () => {
    const id = caseId();
    const { reference } = await ok<{ reference: string }>('notifyParty', [
      {
        caseId: id,
        municipality: 'stavanger',
        purpose: 'specialist-health:decision',
        party: 'specialist-health',
        event: 'decision',
        date: '2026-12-10',
        person,
        consentScope: ['hf-team', 'specialist-health'],
      },
    ]);
    expect(reference).toMatch(/^SHT-/);
    const sent = (await get('/specialist-health/received')).items.filter((i: any) => i.id.startsWith(id));
    expect(sent).toEqual([
      expect.objectContaining({
        reference,
        notice: expect.objectContaining({ party: 'specialist-health', event: 'decision' }),
      }),
    ]);
    expect((await get('/nav/received')).items.filter((i: any) => i.id.startsWith(id))).toHaveLength(0);
  });

  it('the housing system offers units that meet the wishes first; a unit is reserved and leased once', async () => {
    const id = caseId();
    const units = await ok<any[]>('findHousingUnits', [
      { municipality: 'stavanger', wishes: { areas: ['Madla'], needs: ['shielded-entrance'] } },
    ]);
    expect(units[0]).toMatchObject({ unitId: 'STV-1002', area: 'Madla', source: 'municipal' });
    expect(units.every((u) => u.unitId.startsWith('STV-'))).toBe(true);

    const { reservationId } = await ok<{ reservationId: string }>('reserveUnit', [
      { caseId: id, municipality: 'stavanger', unitId: units[1].unitId },
    ]);
    const again = await ok<{ reservationId: string }>('reserveUnit', [
      { caseId: id, municipality: 'stavanger', unitId: units[1].unitId },
    ]);
    expect(again.reservationId).toBe(reservationId);
    const taken = await run('reserveUnit', [
      { caseId: caseId(), municipality: 'stavanger', unitId: units[1].unitId },
    ]);
    expect(taken).toMatchObject({ ok: false, type: 'ExternalSystemRefused', nonRetryable: true });

    const { leaseId } = await ok<{ leaseId: string }>('registerLease', [
      {
        caseId: id,
        municipality: 'stavanger',
        unitId: units[1].unitId,
        signedDate: '2026-12-20',
        moveInDate: '2027-01-01',
        person,
      },
    ]);
    const { leases } = await get('/housing/received');
    expect(leases.filter((l: any) => l.caseReference === id)).toEqual([expect.objectContaining({ leaseId })]);
    const after = await ok<any[]>('findHousingUnits', [
      { municipality: 'stavanger', wishes: { areas: [], needs: [] } },
    ]);
    expect(after.map((u) => u.unitId)).not.toContain(units[1].unitId);

    // The lease ends (housing lost, an eviction, an exit): the unit is let again, once.
    const ending = {
      caseId: id,
      municipality: 'stavanger',
      unitId: units[1].unitId,
      signedDate: '2026-12-20',
      endDate: '2027-06-01',
      reason: 'eviction',
    };
    const notTheirs = await run('endLease', [{ ...ending, caseId: caseId() }]);
    expect(notTheirs).toMatchObject({ ok: false, type: 'ExternalSystemRefused', nonRetryable: true });
    expect(await ok('endLease', [ending])).toEqual({ status: 'ended' });
    expect(await ok('endLease', [ending])).toEqual({ status: 'existing' });
    const { endings } = await get('/housing/received');
    expect(endings.filter((e: any) => e.caseReference === id)).toEqual([
      expect.objectContaining({ unitId: units[1].unitId, endDate: '2027-06-01', reason: 'eviction' }),
    ]);
    const free = await ok<any[]>('findHousingUnits', [
      { municipality: 'stavanger', wishes: { areas: [], needs: [] } },
    ]);
    expect(free.map((u) => u.unitId)).toContain(units[1].unitId);
  });
});

describe('email through the worker', () => {
  it('a reminder whose SMTP reply timed out is sent again with the same Message-ID: one message', async () => {
    stack.mailbox.clear();
    stack.mailbox.delayNext = { count: 1, ms: 2_500 };
    const id = caseId();
    const r = await ok<{ messageId: string }>('sendNotification', [
      {
        municipality: 'stavanger',
        caseId: id,
        purpose: 'mapping:reminder',
        kind: 'reminder',
        recipient: 'team-lead',
        topic: 'mapping',
        since: '2026-11-01T09:00:00.000Z',
      },
    ]);
    const mine = stack.mailbox.messages.filter((m) => m.subject?.includes(id));
    expect(mine.length).toBeGreaterThanOrEqual(2); // the first copy did arrive: a timeout proves nothing
    expect(new Set(mine.map((m) => m.messageId))).toEqual(new Set([r.messageId]));
    for (const m of mine)
      for (const secret of [person.name, person.nationalId, person.phone])
        expect(m.raw).not.toContain(secret);
  });
});

describe('programme figures', () => {
  it('the project group’s milestone figures are the same as the outcome report’s for the period', async () => {
    const figures = await ok<Record<string, unknown>>('outcomeFigures', [
      { municipality: 'stavanger', from: '2026-01-01', to: '2026-12-31' },
    ]);
    const report = await new CaseDirectory(stack.env.client).outcomes(
      'stavanger',
      '2026-01-01',
      '2026-12-31',
    );
    expect(figures).toEqual(report);
    expect(figures).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
  });
});
