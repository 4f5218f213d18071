/**
 * The letters to the person, read as the person reads them (the text of the generated PDF): the
 * SvarUt forsendelse validates against the published schema, asks for level-4 login, carries a
 * neutral title; the decision letter gives the team lead's reasons, the legal basis of each
 * service kind, who decided and whom to call, the four-week appeal to Statsforvalteren and
 * pasient- og brukerombudet; a revised decision says what changed and why; the information
 * letters say they are not a decision. The PDFs are tagged, PDF/A, nb-NO, with an embedded font.
 */
import { decisionLetter, informationLetter, letterContent } from '../../activities/letter-texts';
import { createLetterActivities, externalReference, forsendelse, letterDate } from '../../activities/letters';
import { renderPdf } from '../../activities/pdf';
import type { LetterRequest } from '../../activities/types';
import { validateSvarUt } from '../../standins/contracts';
import { municipalities, nationalId } from '../support/fixtures';
import { pdfText, readPdf } from '../support/pdf-text';

const stavanger = municipalities.require('stavanger');
const bergen = municipalities.require('bergen');
const REASONS =
  'Du har bodd ute siden i sommer og har vært innlagt tre ganger i år.\nDu ønsker hjelp til å skaffe og beholde en egen bolig.\n\nVi har lagt vekt på det du selv sa i kartleggingen: at du trenger hjelp hjemme flere ganger i uken.';
const decision = {
  date: '2026-03-03',
  services: [
    { kind: 'oppfolging-i-hjemmet', hoursPerWeek: 6 },
    { kind: 'Helsetjenester i hjemmet', hoursPerWeek: 2.5 },
  ],
  reasons: REASONS,
  decidedBy: { name: 'Siri Teamleder' },
};

function request(overrides: Partial<LetterRequest> = {}): LetterRequest {
  return {
    caseId: 'hf-stavanger-a1b2c3d4e5',
    municipality: 'stavanger',
    purpose: 'decision',
    person: { name: 'Kari Testperson', nationalId: nationalId() },
    date: '2026-03-03',
    decision,
    office: 'hillevag',
    ...overrides,
  };
}

async function text(req: LetterRequest, profile = stavanger): Promise<string> {
  const ctx = {
    ...req,
    previous: req.previousDecision,
    sentOn: '2026-12-01',
    profile,
    officeName: profile.offices.find((o) => o.id === req.office)?.name,
  };
  const content = req.purpose === 'decision' ? decisionLetter(ctx) : informationLetter(ctx);
  return (await pdfText(await renderPdf(content))).replace(/\s+/g, ' ');
}

describe('letters through SvarUt', () => {
  it.each(['decision', 'not-relevant', 'no-place'] as const)(
    'the %s letter is a forsendelse valid against the published schema, with level-4 login and an external reference',
    (purpose) => {
      const req = request({ purpose, decision: purpose === 'decision' ? decision : undefined });
      const letter = forsendelse(req, stavanger, 'brev.pdf');
      expect(validateSvarUt(letter, 'forsendelse.json')).toEqual({ valid: true, errors: [] });
      expect(letter.krevNiva4Innlogging).toBe(true);
      expect(letter.eksternReferanse).toBe(`hf-stavanger-a1b2c3d4e5/letter:${purpose}`);
      expect(letter.mottaker).toEqual({ digitalAdresse: { fodselsNummer: req.person.nationalId } });
      expect(letter.dokumenter[0]).toMatchObject({ filnavn: 'brev.pdf', mimeType: 'application/pdf' });
    },
  );

  it('a person without a national ID gets a printed letter c/o their health and social office', () => {
    const req = request({
      purpose: 'not-relevant',
      decision: undefined,
      person: { name: 'P', pseudonym: 'P-1' },
    });
    const letter = forsendelse(req, stavanger, 'brev.pdf');
    expect(validateSvarUt(letter, 'forsendelse.json').valid).toBe(true);
    expect(letter.mottaker).toMatchObject({
      postAdresse: { navn: 'P', adresse1: 'c/o Hillevåg helse- og sosialkontor', postSted: 'Stavanger' },
    });
  });

  it('the schema check catches a broken letter (the check can fail)', () => {
    const letter = {
      ...forsendelse(request(), stavanger, 'brev.pdf'),
      mottaker: { digitalAdresse: { fodselsNummer: '123' } },
    };
    expect(validateSvarUt(letter, 'forsendelse.json').valid).toBe(false);
  });

  it('the SvarUt title is neutral: it names the municipality, never Housing First, homelessness or health', () => {
    for (const purpose of ['decision', 'not-relevant', 'no-place'] as const) {
      const letter = forsendelse(request({ purpose }), stavanger, 'brev.pdf');
      expect(letter.tittel).toBe(
        purpose === 'decision' ? 'Vedtak fra Stavanger kommune' : 'Brev fra Stavanger kommune',
      );
      expect(letter.metadataFraAvleverendeSystem.tittel).toBe(letter.tittel);
      expect(letter.tittel).not.toMatch(/housing|bolig|helse|rus/i);
    }
  });

  it('the decision letter answers first, gives the reasons, the legal basis per service kind, the signer and a contact', async () => {
    const t = await text(request());
    expect(t).toContain('Vedtak om oppfølging i hjemmet');
    expect(t.indexOf('Du får oppfølging i hjemmet')).toBeLessThan(t.indexOf('Hvorfor du får dette vedtaket'));
    expect(t).toContain('Kari Testperson');
    expect(t).toContain('Dato: 1. desember 2026');
    expect(t).toContain('Vi fattet vedtaket 3. mars 2026');
    expect(t).toContain('Du har bodd ute siden i sommer og har vært innlagt tre ganger i år.');
    expect(t).toContain('at du trenger hjelp hjemme flere ganger i uken');
    expect(t).toContain('Oppfølging i hjemmet (praktisk bistand og opplæring): 6 timer per uke');
    expect(t).toContain('Helsetjenester i hjemmet (psykisk helse og rus): 2,5 timer per uke');
    expect(t).toContain('Til sammen 8,5 timer per uke');
    expect(t).toContain('pasient- og brukerrettighetsloven § 2-1 a andre ledd');
    expect(t).toContain(
      'oppfølging i hjemmet (praktisk bistand og opplæring) etter helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav b',
    );
    expect(t).toContain('etter helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav a');
    expect(t).toContain('Siri Teamleder, teamleder i Housing First-teamet, har fattet vedtaket.');
    expect(t).toContain('Telefon: 51 00 00 01');
    expect(t).toContain('Du trenger ikke å være rusfri');
    expect(t).not.toContain('Du må ikke være rusfri');
  });

  it('the appeal is four weeks under pbrl. § 7-3, to the municipality and on to Statsforvalteren; the ombud can help', async () => {
    const t = await text(request());
    expect(t).toContain(
      'Fristen er fire uker fra du fikk dette brevet (pasient- og brukerrettighetsloven § 7-3)',
    );
    expect(t).not.toContain('tre uker');
    expect(t).not.toContain('§ 29');
    expect(t).toContain(
      'Send klagen til: Stavanger kommune Housing First-teamet Postboks 8001 4068 Stavanger',
    );
    expect(t).toContain('Du kan også levere klagen på Hillevåg helse- og sosialkontor');
    expect(t).toContain('Statsforvalteren i Rogaland');
    expect(t).toContain('Pasient- og brukerombudet i Rogaland kan hjelpe deg gratis');
    expect(t).toContain('forvaltningsloven §§ 18 og 19');
    expect(t).toContain('Vår referanse: hf-stavanger-a1b2c3d4e5');
    expect(stavanger.policy.appealWindow).toBe('4 weeks');
  });

  it('the appeal window is the case’s own: the letter and the case’s appealDeadline use one value', async () => {
    expect(await text(request({ appealWindow: '6 weeks' }))).toContain('Fristen er seks uker');
  });

  it('a revised decision says what changed and why, not the first letter’s text', async () => {
    const revised = {
      date: '2026-11-20',
      services: [{ kind: 'oppfolging-i-hjemmet', hoursPerWeek: 4 }],
      reasons: 'Du bor nå fast i leiligheten og ønsker selv færre besøk. Derfor blir det færre timer.',
      decidedBy: { name: 'Siri Teamleder' },
    };
    const t = await text(request({ decision: revised, previousDecision: decision }));
    expect(t).toContain('Nytt vedtak om oppfølging i hjemmet');
    expect(t).toContain('Det erstatter vedtaket fra 3. mars 2026');
    expect(t).toContain(
      'Oppfølging i hjemmet (praktisk bistand og opplæring): fra 6 timer per uke til 4 timer per uke',
    );
    expect(t).toContain(
      'Helsetjenester i hjemmet (psykisk helse og rus): faller bort (var 2,5 timer per uke)',
    );
    expect(t).toContain('Hvorfor vi har endret vedtaket');
    expect(t).toContain('Du bor nå fast i leiligheten og ønsker selv færre besøk.');
    expect(t).not.toContain('Du har bodd ute siden i sommer');
  });

  it('in Bergen the office is a bydel and the appeal goes to Statsforvalteren i Vestland', async () => {
    const t = await text(
      request({ caseId: 'hf-bergen-a1b2c3d4e5', municipality: 'bergen', office: 'arstad' }),
      bergen,
    );
    expect(t).toContain('Du kan også levere klagen på Årstad bydel');
    expect(t).toContain('Statsforvalteren i Vestland');
    expect(t).not.toContain('helse- og sosialkontor');
    // Bergen's team answers its duty phone until 22:00 (seed 002); Stavanger's letters say no hours.
    expect(t).toContain('Teamet svarer på vakttelefonen til kl. 22.00.');
    expect(await text(request())).not.toContain('vakttelefon');
    const info = await text(
      request({
        caseId: 'hf-bergen-a1b2c3d4e5',
        municipality: 'bergen',
        office: 'arstad',
        purpose: 'no-place',
      }),
      bergen,
    );
    expect(info).toContain('Saksbehandleren din på Årstad bydel');
  });

  it('the "not relevant" and "no place" letters answer first, say they are not a decision and set no appeal deadline', async () => {
    for (const purpose of ['not-relevant', 'no-place'] as const) {
      const t = await text(request({ purpose, decision: undefined }));
      expect(t).toContain('Dette er ikke et vedtak');
      expect(t).not.toContain('Fristen er');
      expect(t).not.toContain('§ 3-2');
      expect(t).toContain('Telefon: 51 00 00 01');
    }
  });

  it('a letter is dated the day it is sent, in Oslo, whatever day the decision was made', async () => {
    const sent: { form: FormData }[] = [];
    const http = {
      request: async (r: { operation: string; body?: unknown }) => {
        if (r.operation === 'eksternref') return { forsendelseIder: [] };
        sent.push({ form: r.body as FormData });
        return { id: '0b6f3a0e-3c1a-4a8e-9d35-6f0f3c4b2a10' };
      },
    };
    const letters = createLetterActivities({
      http: http as never,
      profile: () => stavanger,
      now: () => new Date('2026-11-30T23:30:00Z'), // already 1 December in Oslo
    });
    await letters.sendLetter(request());
    const form = sent[0].form;
    const meta = JSON.parse(await (form.get('forsendelse') as Blob).text());
    expect(new Date(meta.metadataFraAvleverendeSystem.dokumentetsDato).toISOString().slice(0, 10)).toBe(
      '2026-12-01',
    );
    const pdf = new Uint8Array(await (form.get('filer') as Blob).arrayBuffer());
    const t = (await pdfText(pdf)).replace(/\s+/g, ' ');
    expect(t).toContain('Dato: 1. desember 2026');
    expect(t).toContain('Vi fattet vedtaket 3. mars 2026');
    // Issued at 00:30 in Oslo on 1 July: dated that day, not the UTC day before.
    expect(letterDate({ issuedAt: '2026-06-30T22:30:00Z' }, stavanger)).toBe('2026-07-01');
  });
});

describe('the letter PDFs', () => {
  const sami = 'Máret Čoavddáš-Ŋuolla Ŧ Đ Š Ž';
  async function letter(purpose: 'decision' | 'no-place' = 'decision') {
    const content = letterContent({
      caseId: 'hf-stavanger-a1b2c3d4e5',
      purpose,
      person: { name: sami },
      sentOn: '2026-12-01',
      profile: stavanger,
      officeName: 'Hillevåg helse- og sosialkontor',
      decision: purpose === 'decision' ? decision : undefined,
    });
    return readPdf(await renderPdf(content));
  }

  it('are tagged (structure tree with headings, paragraphs and lists), titled, in nb-NO, PDF/A-2a and PDF/UA-1', async () => {
    const r = await letter();
    expect(r.version).toBe('%PDF-1.7');
    expect(r.marked).toBe(true);
    expect(r.lang).toBe('nb-NO');
    expect(r.title).toBe('Vedtak om oppfølging i hjemmet');
    expect(r.displayDocTitle).toBe(true);
    expect(r.structure[0]).toBe('Document');
    for (const tag of ['H1', 'H2', 'P', 'L', 'LI', 'LBody']) expect(r.structure).toContain(tag);
    expect(r.xmp).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
    expect(r.xmp).toMatch(/<pdfaid:conformance>A<\/pdfaid:conformance>/);
    expect(r.xmp).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    expect(r.xmp).toContain('Vedtak om oppfølging i hjemmet');
  });

  it('embed one Unicode font that prints the Sámi name intact, with body text at 12 pt', async () => {
    for (const purpose of ['decision', 'no-place'] as const) {
      const r = await letter(purpose);
      expect(r.fonts.length).toBeGreaterThan(0);
      for (const f of r.fonts) {
        expect(f.embedded).toBe(true);
        expect(f.name).toMatch(/DejaVuSans/);
      }
      expect(r.text).toContain(sami);
      expect(r.text).not.toMatch(/\?\p{L}|\uFFFD/u); // no letter printed as '?'
      expect(Math.min(...r.fontSizes.filter((s) => s !== 10))).toBeGreaterThanOrEqual(12);
      expect(r.fontSizes).toContain(12);
    }
  });

  it('never break a line between "§" and its number', async () => {
    const r = await letter();
    const lines = r.text.split('\n');
    expect(lines.some((l) => l.includes('§'))).toBe(true);
    for (const l of lines) expect(l.trimEnd()).not.toMatch(/§$/);
    expect(r.text).toMatch(/§\u00a07-3/);
  });

  it('are the same bytes for the same letter (a retried activity sends the same file)', async () => {
    const content = letterContent({
      caseId: 'hf-x',
      purpose: 'decision',
      person: { name: 'A' },
      sentOn: '2026-12-01',
      profile: stavanger,
      decision,
    });
    expect(Buffer.from(await renderPdf(content)).equals(Buffer.from(await renderPdf(content)))).toBe(true);
  });
});

describe('letter references', () => {
  it('the external reference depends only on the case and the purpose', () => {
    expect(externalReference({ caseId: 'hf-x', purpose: 'no-place' })).toBe('hf-x/letter:no-place');
  });
});
