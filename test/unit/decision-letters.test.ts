/**
 * Decisions where the law sees one (issue 15, item 4), read as the person reads them (the text of
 * the generated PDF) and as the case queues them:
 * - ending a granted service is a decision: the team lead's reasons, the legal basis, who decided,
 *   four weeks to appeal to Statsforvalteren; an ending by the person is a confirmation that says so;
 * - a place refused after the mapping is a decision (avslag) with reasons and appeal rights, and
 *   says the right to necessary services stands;
 * - a person on the waiting list gets an interim reply (fvl. § 11 a) with the day to expect an answer;
 * - each goes through SvarUt with a neutral title and is archived with the very PDF that was sent.
 */
import { journalMessage } from '../../activities/archive';
import { letterContent } from '../../activities/letter-texts';
import { createLetterActivities, forsendelse, renderLetterPdf } from '../../activities/letters';
import { renderPdf } from '../../activities/pdf';
import type { LetterRequest } from '../../activities/types';
import * as pathway from '../../domain/pathway';
import type { CaseState } from '../../domain/pathway';
import { STEPS } from '../../domain/steps';
import { appealWindowFor } from '../../domain/policy';
import type { Actor, ExitEvent, ReviewEvent } from '../../domain/types';
import { validateSvarUt } from '../../standins/contracts';
import { caseInput, municipalities, nationalId } from '../support/fixtures';
import { pdfText, readPdf } from '../support/pdf-text';

const stavanger = municipalities.require('stavanger');
const ENDING_REASONS =
  'Du har flyttet til Sandnes og bor ikke lenger i Stavanger kommune.\n\nVi har snakket med deg om flyttingen, og du har fått hjelp til å søke om oppfølging i Sandnes.';
const REFUSAL_REASONS =
  'Kartleggingen viser at du hører til målgruppen.\n\nVurderingsteamet har lagt vekt på at alle ti plassene er i bruk, og at ingen blir ledige de neste seks månedene.';
const decision = {
  date: '2026-03-03',
  services: [{ kind: 'oppfolging-i-hjemmet', hoursPerWeek: 6 }],
  reasons: 'Du trenger tett oppfølging i ditt eget hjem for å kunne bo der over tid.',
  decidedBy: { name: 'Siri Teamleder' },
};

function request(overrides: Partial<LetterRequest>): LetterRequest {
  return {
    caseId: 'hf-stavanger-a1b2c3d4e5',
    municipality: 'stavanger',
    purpose: 'ending',
    person: { name: 'Áile Čoavddáš Ŋuolla', nationalId: nationalId() },
    date: '2026-11-20',
    office: 'hillevag',
    issuedAt: '2026-12-01T10:00:00Z',
    ...overrides,
  };
}

async function text(req: LetterRequest): Promise<string> {
  const pdf = await renderLetterPdf(req, stavanger, '2026-12-01');
  return (await pdfText(pdf)).replace(/\s+/g, ' ');
}

const ending = request({
  purpose: 'ending',
  decision,
  facts: {
    reasons: ENDING_REASONS,
    decidedBy: { name: 'Ole Haugen', role: 'team-lead' },
    exitReason: 'moved-away',
    endedOn: '2026-11-20',
  },
});
const confirmation = request({
  purpose: 'ending-confirmation',
  facts: {
    decidedBy: { name: 'Hanne Moe', role: 'hf-team' },
    exitReason: 'no-longer-wants',
    endedOn: '2026-11-20',
  },
});
const refusal = request({
  purpose: 'capacity-refusal',
  date: '2026-11-18',
  facts: { reasons: REFUSAL_REASONS, decidedBy: { name: 'Aisha Rahimi', role: 'assessment-team' } },
});
const interim = request({
  purpose: 'interim-reply',
  date: '2026-11-18',
  facts: { expectedBy: '2026-12-18', position: 3 },
});

describe('the letters of an ending, a refused place and the waiting list', () => {
  it('the ending of a granted service is a decision: reasons, legal basis, signer, four weeks to Statsforvalteren', async () => {
    const t = await text(ending);
    expect(t).toContain('Vedtak om avslutning av oppfølging i hjemmet');
    expect(t.indexOf('Oppfølgingen din i hjemmet avsluttes')).toBeLessThan(t.indexOf('Hvorfor vi avslutter'));
    expect(t).toContain('er avsluttet fra 20. november 2026');
    expect(t).toContain('Oppfølging i hjemmet (praktisk bistand og opplæring)');
    expect(t).toContain('Du har flyttet fra kommunen.');
    expect(t).toContain('Du har flyttet til Sandnes og bor ikke lenger i Stavanger kommune.');
    expect(t).toContain('du har fått hjelp til å søke om oppfølging i Sandnes');
    expect(t).toContain('helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav b');
    expect(t).toContain('pasient- og brukerrettighetsloven § 2-1 a andre ledd');
    expect(t).toContain('Ole Haugen, teamleder i Housing First-teamet, har fattet vedtaket.');
    expect(t).toContain(
      'Fristen er fire uker fra du fikk dette brevet (pasient- og brukerrettighetsloven § 7-3)',
    );
    expect(t).toContain('Statsforvalteren i Rogaland');
    expect(t).toContain('Pasient- og brukerombudet i Rogaland kan hjelpe deg gratis');
    expect(t).toContain('forvaltningsloven § 42');
    expect(t).toContain('Dato: 1. desember 2026');
    expect(t).toContain('Áile Čoavddáš Ŋuolla');
    expect(t).not.toContain('moved-away');
  });

  it('an ending by the person is a written confirmation that says so, and is not a decision', async () => {
    const t = await text(confirmation);
    expect(t).toContain('Bekreftelse på at oppfølgingen er avsluttet');
    expect(t).toContain('Du har sagt at du ikke lenger ønsker oppfølging fra Housing First-teamet');
    expect(t).toContain(
      'Det var du som avsluttet oppfølgingen. Dette brevet er en bekreftelse, ikke et vedtak.',
    );
    expect(t).toContain('Du kan når som helst ombestemme deg.');
    expect(t).not.toContain('Du kan klage');
    expect(t).not.toContain('no-longer-wants');
  });

  it('a place refused after the mapping is a decision with reasons and appeal rights; the right to help stands', async () => {
    const t = await text(refusal);
    expect(t).toContain('Vedtak om avslag på plass i Bolig først');
    expect(t).toContain('Du får ikke plass i Bolig først nå');
    expect(t).toContain('alle ti plassene er i bruk');
    expect(t).toContain('Avslaget gjelder bare plass i Bolig først.');
    expect(t).toContain('Du har fortsatt rett til nødvendige helse- og omsorgstjenester');
    expect(t).toContain('Aisha Rahimi, vurderingsteamet, har fattet vedtaket.');
    expect(t).toContain('Fristen er fire uker fra du fikk dette brevet');
    expect(t).toContain('Statsforvalteren i Rogaland');
    expect(t).not.toContain('Dette er ikke et vedtak');
  });

  it('the interim reply says why it takes time, the place in line, and by when to expect an answer (fvl. § 11 a)', async () => {
    const t = await text(interim);
    expect(t).toContain('Foreløpig svar om plass i Bolig først');
    expect(t).toContain('Du får svar innen 18. desember 2026');
    expect(t).toContain('alle plassene er i bruk nå');
    expect(t).toContain('Du er nummer 3 på listen.');
    expect(t).toContain('forvaltningsloven § 11 a');
    expect(t).toContain('Dette er ikke et vedtak.');
  });

  it('each goes through SvarUt valid against the schema with a neutral title: "Vedtak fra …" for the decisions', () => {
    for (const [req, title, type] of [
      [ending, 'Vedtak fra Stavanger kommune', 'VEDTAK'],
      [refusal, 'Vedtak fra Stavanger kommune', 'VEDTAK'],
      [confirmation, 'Brev fra Stavanger kommune', 'KORR'],
      [interim, 'Brev fra Stavanger kommune', 'KORR'],
    ] as const) {
      const letter = forsendelse(req, stavanger, 'brev.pdf');
      expect(validateSvarUt(letter, 'forsendelse.json')).toEqual({ valid: true, errors: [] });
      expect(letter.tittel).toBe(title);
      expect(letter.tittel).not.toMatch(/housing|bolig|helse|rus|vent/i);
      expect(letter.dokumenter[0].dokumentType).toBe(type);
      expect(letter.eksternReferanse).toBe(`hf-stavanger-a1b2c3d4e5/letter:${req.purpose}`);
    }
  });

  it('the PDFs are tagged, nb-NO, with their title shown', async () => {
    for (const req of [ending, confirmation, refusal, interim]) {
      const report = await readPdf(await renderLetterPdf(req, stavanger, '2026-12-01'));
      expect(report.lang).toBe('nb-NO');
      expect(report.marked).toBe(true);
      expect(report.displayDocTitle).toBe(true);
      expect(report.title).toBe(letterContent({ ...req, sentOn: '2026-12-01', profile: stavanger }).title);
      expect(report.structure).toEqual(expect.arrayContaining(['Document', 'H1', 'H2', 'P']));
    }
  });

  it('a decision letter without its reasons, or an interim reply without its date, is refused before sending', async () => {
    const calls: string[] = [];
    const http = {
      request: async (r: { operation: string }) => {
        calls.push(r.operation);
        return {};
      },
    };
    const letters = createLetterActivities({ http: http as never, profile: () => stavanger });
    await expect(letters.sendLetter({ ...ending, facts: { ...ending.facts, reasons: ' ' } })).rejects.toThrow(
      /needs its reasons/,
    );
    await expect(letters.sendLetter({ ...refusal, facts: {} })).rejects.toThrow(/needs its reasons/);
    await expect(letters.sendLetter({ ...interim, facts: {} })).rejects.toThrow(/expected/);
    expect(calls).toEqual([]);
  });

  it('the archive keeps the very PDF that was sent, with the person as recipient', async () => {
    const sent = await renderLetterPdf(ending, stavanger, '2026-12-01');
    const { caseId, municipality, person, date, ...letter } = ending;
    void municipality;
    const entry = await journalMessage(
      {
        caseId,
        municipality: 'stavanger',
        purpose: 'letter:ending',
        caseFileId: 'mappe-1',
        kind: 'ending',
        date,
        person,
        title: 'Vedtak om avslutning av oppfølging i hjemmet',
        content: '',
        letter: { ...letter, date },
      },
      stavanger,
    );
    expect(Buffer.from(entry.file.content).equals(Buffer.from(sent))).toBe(true);
    expect(entry.xml).toContain('<korrespondansepartNavn>Áile Čoavddáš Ŋuolla</korrespondansepartNavn>');
    expect(entry.xml).toMatch(/journalposttype>\s*<n5mdk:kode>U</);
  });

  it('renders through letterContent for every new purpose (no fallthrough to the information letter)', async () => {
    for (const req of [ending, confirmation, refusal, interim]) {
      const content = letterContent({
        ...req,
        sentOn: '2026-12-01',
        profile: stavanger,
        officeName: 'Hillevåg helse- og sosialkontor',
      });
      const t = await pdfText(await renderPdf(content));
      expect(t).not.toContain('Svar om plass i Bolig først');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The case: which exits and reviews queue which letter, and what the checks ask for

const T0 = new Date('2026-11-24T09:00:00Z');
const teamLead: Actor = { id: 'team-lead-1', role: 'team-lead' };
const assessor: Actor = { id: 'assessor-1', role: 'assessment-team' };
const today = '2026-11-24';

function throughMapping(): CaseState {
  const state = pathway.startCase(caseInput({ referredAt: today }), T0);
  STEPS.review.apply(state, assessor, { round: 1, outcome: 'relevant', meetingDate: today }, T0);
  STEPS.mapping.apply(
    state,
    { id: 'w', role: 'hf-team' },
    { followUpWorker: 'Oppfølger', housingWishes: { areas: [], needs: [] }, forms: {} },
    T0,
  );
  return state;
}

function withDecision(): CaseState {
  const state = throughMapping();
  STEPS.review.apply(state, assessor, { round: 2, outcome: 'place-offered', meetingDate: today }, T0);
  pathway.applyPlaceGranted(state, T0);
  STEPS.decision.apply(state, teamLead, decision, T0);
  return state;
}

const sends = (s: CaseState) =>
  s.outbox
    .filter((o) => o.system === 'letters')
    .map((o) => s.letters[(o as { letterNo: number }).letterNo].purpose);
const journals = (s: CaseState) =>
  s.outbox.flatMap((o) => (o.system === 'archive' && o.op === 'journal' ? [o] : []));

describe('the case queues the letter the law asks for', () => {
  const exit = (reason: ExitEvent['reason'], extra: Partial<ExitEvent> = {}): ExitEvent => ({
    reason,
    date: today,
    ...extra,
  });

  it('an exit that ends a granted service needs its reasons (400 naming `reasons`), unless the person ended it', () => {
    const state = withDecision();
    const check = pathway.checkExitWithLetters(true);
    expect(check(state, exit('moved-away'), T0)).toMatchObject({
      type: 'InvalidEvent',
      details: { path: 'reasons' },
    });
    expect(check(state, exit('moved-away', { reasons: 'for kort' }), T0)).toMatchObject({
      details: { path: 'reasons' },
    });
    expect(check(state, exit('moved-away', { reasons: ENDING_REASONS }), T0)).toBeUndefined();
    expect(check(state, exit('no-longer-wants'), T0)).toBeUndefined();
    expect(check(state, exit('deceased'), T0)).toBeUndefined();
    // Before the rule (a run recorded earlier), and before any decision, no reasons are asked for.
    expect(pathway.checkExitWithLetters(false)(state, exit('moved-away'), T0)).toBeUndefined();
    expect(pathway.checkExitWithLetters(true)(throughMapping(), exit('moved-away'), T0)).toBeUndefined();
  });

  it('an ending decided by the team queues the decision letter and its journal entry; it keeps the appeal deadline', () => {
    const state = withDecision();
    state.outbox = [];
    pathway.applyExitWithLetters(
      state,
      teamLead,
      exit('moved-away', { reasons: ENDING_REASONS, decidedBy: { name: 'Ole Haugen' } }),
      T0,
    );
    expect(state.stage).toBe('exited');
    expect(sends(state)).toEqual(['ending']);
    const letter = state.letters.at(-1)!;
    expect(letter).toMatchObject({
      purpose: 'ending',
      key: 'ending',
      decisionNo: 1,
      facts: {
        reasons: ENDING_REASONS,
        decidedBy: { name: 'Ole Haugen', role: 'team-lead' },
        endedOn: today,
      },
    });
    expect(journals(state).map((j) => [j.kind, j.letterNo])).toEqual([
      ['exit', undefined],
      ['ending', state.letters.length - 1],
    ]);
    // Delivered: the appeal deadline counts four weeks from delivery, as for the decision.
    const send = state.outbox.find((o) => o.system === 'letters')!;
    pathway.completeItem(state, send, { forsendelseId: 'f-1' }, T0);
    const watch = state.outbox.find((o) => o.system === 'letters')!;
    pathway.completeItem(
      state,
      watch,
      { letter: { status: 'LEST', delivered: true, failed: false, deliveredAt: '2026-11-25T10:00:00Z' } },
      T0,
    );
    expect(letter.appealDeadline).toBe('2026-12-23');
  });

  it('each kind of decision counts its own appeal window from the profile (appealWindows), the others the one window', () => {
    const state = withDecision();
    // A profile where ending a service had six weeks (a kind the law gave another window).
    state.policy = { ...state.policy, appealWindow: '4 weeks', appealWindows: { ending: '6 weeks' } };
    state.outbox = [];
    pathway.applyExitWithLetters(
      state,
      teamLead,
      exit('moved-away', { reasons: ENDING_REASONS, decidedBy: { name: 'Ole Haugen' } }),
      T0,
    );
    const letter = state.letters.at(-1)!;
    const send = state.outbox.find((o) => o.system === 'letters')!;
    pathway.completeItem(state, send, { forsendelseId: 'f-1' }, T0);
    const watch = state.outbox.find((o) => o.system === 'letters')!;
    pathway.completeItem(
      state,
      watch,
      { letter: { status: 'LEST', delivered: true, failed: false, deliveredAt: '2026-11-25T10:00:00Z' } },
      T0,
    );
    // Six weeks from delivery on 25 November, not four (23 December).
    expect(letter.appealDeadline).toBe('2027-01-06');
    expect(appealWindowFor(state.policy, 'ending')).toBe('6 weeks');
    expect(appealWindowFor(state.policy, 'decision')).toBe('4 weeks');
    expect(appealWindowFor({ appealWindow: '4 weeks' }, 'capacity-refusal')).toBe('4 weeks');
  });

  it('the person ending it gets the confirmation; a death or an exit before any decision sends nothing', () => {
    const a = withDecision();
    pathway.applyExitWithLetters(a, teamLead, exit('no-longer-wants'), T0);
    expect(sends(a).filter((p) => p !== 'decision')).toEqual(['ending-confirmation']);
    const b = withDecision();
    pathway.applyExitWithLetters(b, teamLead, exit('deceased'), T0);
    expect(sends(b).filter((p) => p !== 'decision')).toEqual([]);
    const c = throughMapping();
    pathway.applyExitWithLetters(c, teamLead, exit('moved-away'), T0);
    expect(sends(c)).toEqual([]);
  });

  it('a refused place after the mapping is a decision letter instead of the information letter, and needs its reasons', () => {
    const noPlace: ReviewEvent = { round: 2, outcome: 'no-place', meetingDate: today };
    const check = pathway.checkReviewWithLetters(true);
    expect(check(throughMapping(), noPlace, T0)).toMatchObject({ details: { path: 'reasons' } });
    expect(check(throughMapping(), { ...noPlace, reasons: REFUSAL_REASONS }, T0)).toBeUndefined();
    expect(pathway.checkReviewWithLetters(false)(throughMapping(), noPlace, T0)).toBeUndefined();

    const state = throughMapping();
    pathway.applyReviewWithLetters(
      state,
      assessor,
      { ...noPlace, reasons: REFUSAL_REASONS, decidedBy: { name: 'Aisha Rahimi' } },
      T0,
    );
    expect(state.stage).toBe('no-place');
    expect(state.letters.map((l) => l.purpose)).toEqual(['capacity-refusal']);
    expect(sends(state)).toEqual(['capacity-refusal']);
    expect(state.letters[0].facts).toEqual({
      reasons: REFUSAL_REASONS,
      decidedBy: { name: 'Aisha Rahimi', role: 'assessment-team' },
    });
    expect(state.tasks.map((t) => t.kind)).toEqual(['inform-person']);
    expect(state.decisions).toEqual([]);
    // The review's journal entry no longer says "not a decision".
    const review = journals(state).find((j) => j.purpose === 'review-2')!;
    expect(review.content).toContain('vedtak om avslag på plass i Bolig først');
    expect(review.content).not.toContain('ikke et vedtak');
    expect(journals(state).map((j) => j.kind)).toEqual([
      'referral',
      'review-1',
      'review-2',
      'capacity-refusal',
    ]);
  });

  it('a first review found "not relevant" is still information, never a decision', () => {
    const state = pathway.startCase(caseInput({ referredAt: today }), T0);
    pathway.applyReviewWithLetters(
      state,
      assessor,
      { round: 1, outcome: 'not-relevant', meetingDate: today },
      T0,
    );
    expect(state.letters.map((l) => l.purpose)).toEqual(['not-relevant']);
  });

  it('the waiting list: an interim reply when the first position is known, none for a later move in line', () => {
    const state = throughMapping();
    STEPS.review.apply(state, assessor, { round: 2, outcome: 'place-offered', meetingDate: today }, T0);
    pathway.applyWaitlistPosition(state, 4, T0);
    pathway.interimReply(state, T0, undefined);
    expect(state.letters.map((l) => [l.purpose, l.key, l.facts])).toEqual([
      ['interim-reply', 'interim-reply-1', { expectedBy: '2026-12-24', position: 4 }],
    ]);
    pathway.applyWaitlistPosition(state, 3, T0);
    pathway.interimReply(state, T0, 4);
    expect(state.letters).toHaveLength(1);
    // At a review of the wait, the next one, with the next review's date.
    const later = new Date('2026-12-24T09:00:00Z');
    expect(pathway.reviewWaiting(state, later)).toBe(true);
    pathway.interimReplyAtReview(state, later);
    expect(state.letters.map((l) => [l.key, l.facts?.expectedBy])).toEqual([
      ['interim-reply-1', '2026-12-24'],
      ['interim-reply-2', '2027-01-23'],
    ]);
    // A case no longer waiting gets none.
    pathway.applyPlaceGranted(state, later);
    pathway.interimReplyAtReview(state, later);
    expect(state.letters).toHaveLength(2);
  });
});
