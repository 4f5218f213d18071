/**
 * The letters to the person: the SvarUt forsendelse validates against the published schema, asks
 * for level-4 login and carries an external reference; the decision letter says what
 * forvaltningsloven §§ 24–27 require; the information letter says it is not a decision.
 */
import { decisionLetter, informationLetter } from '../../activities/letter-texts';
import { externalReference, forsendelse } from '../../activities/letters';
import { renderPdf } from '../../activities/pdf';
import type { LetterRequest } from '../../activities/types';
import { validateSvarUt } from '../../standins/contracts';
import { municipalities, nationalId } from '../support/fixtures';
import { pdfText } from '../support/pdf-text';

const stavanger = municipalities.require('stavanger');
const decision = {
  date: '2026-12-03',
  services: [
    { kind: 'Oppfølging i hjemmet', hoursPerWeek: 6 },
    { kind: 'Praktisk bistand og opplæring', hoursPerWeek: 2.5 },
  ],
};

function request(overrides: Partial<LetterRequest> = {}): LetterRequest {
  return {
    caseId: 'hf-stavanger-a1b2c3d4e5',
    municipality: 'stavanger',
    purpose: 'decision',
    person: { name: 'Kari Testperson', nationalId: nationalId() },
    date: '2026-12-03',
    decision,
    office: 'hillevag',
    ...overrides,
  };
}

async function text(req: LetterRequest): Promise<string> {
  const ctx = { ...req, profile: stavanger, officeName: 'Hillevåg helse- og sosialkontor' };
  const content = req.purpose === 'decision' ? decisionLetter(ctx) : informationLetter(ctx);
  return pdfText(await renderPdf(content)).replace(/\s+/g, ' ');
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

  it('the decision letter gives the reasons, legal basis, services and hours, and the right to appeal within 3 weeks', async () => {
    const t = await text(request());
    expect(t).toContain('Vedtak om oppfølging fra Housing First-teamet');
    expect(t).toContain('Kari Testperson');
    expect(t).toContain('Begrunnelse');
    expect(t).toContain('helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav b');
    expect(t).toContain('Oppfølging i hjemmet: 6 timer per uke');
    expect(t).toContain('Praktisk bistand og opplæring: 2,5 timer per uke');
    expect(t).toContain('Til sammen 8,5 timer per uke');
    expect(t).toContain('Du kan klage på vedtaket');
    expect(t).toContain('Klagefristen er tre uker');
    expect(t).toContain('Klagen sendes til Stavanger kommune');
    expect(t).toContain('Statsforvalteren i Rogaland');
    expect(t).toContain('forvaltningsloven §§ 18 og 19');
    expect(t).toContain('Vår referanse: hf-stavanger-a1b2c3d4e5');
  });

  it('the "not relevant" and "no place" letters say they are not a decision and set no appeal deadline', async () => {
    for (const purpose of ['not-relevant', 'no-place'] as const) {
      const t = await text(request({ purpose, decision: undefined }));
      expect(t).toContain('Dette er ikke et vedtak');
      expect(t).not.toContain('Klagefristen er');
      expect(t).not.toContain('§ 3-2');
    }
  });

  it('the external reference depends only on the case and the purpose', () => {
    expect(externalReference({ caseId: 'hf-x', purpose: 'no-place' })).toBe('hf-x/letter:no-place');
  });
});
