/**
 * The archive messages themselves: every kind a case produces is a valid Fiks Arkiv
 * arkivmelding (checked against the published XSD), screened, and keyed for idempotency.
 */
import { caseFileMessage, JOURNAL_KINDS, journalMessage } from '../../activities/archive';
import type { JournalKind } from '../../activities/types';
import { receipt } from '../../standins/archive';
import {
  ARKIVMELDING_KVITTERING_XSD,
  ARKIVMELDING_OPPRETT_XSD,
  validateFiksArkiv,
} from '../../standins/contracts';
import { municipalities, nationalId } from '../support/fixtures';
import { isPdf, pdfText } from '../support/pdf-text';

const person = { name: 'Kari Testperson', nationalId: nationalId(), phone: '+47 912 34 567' };
const caseFileId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

describe('archive messages (KS Fiks Arkiv V1)', () => {
  it('the case file for a person is a screened saksmappe that validates against the published XSD', async () => {
    const xml = caseFileMessage(
      {
        caseId: 'hf-stavanger-a1b2c3d4e5',
        municipality: 'stavanger',
        office: 'madla',
        person,
        referredAt: '2026-11-24',
      },
      municipalities.require('stavanger'),
    );
    expect(await validateFiksArkiv(xml, ARKIVMELDING_OPPRETT_XSD)).toEqual({ valid: true, errors: [] });
    expect(xml).toContain('xsi:type="saksmappe"');
    expect(xml).toMatch(/<skjerming>\s*<tilgangsrestriksjon>\s*<n5mdk:kode>13<\/n5mdk:kode>/);
    expect(xml).toContain('<n5mdk:noekkel>hf-stavanger-a1b2c3d4e5/saksmappe</n5mdk:noekkel>');
    expect(xml).toContain('<n5mdk:navn>Madla helse- og sosialkontor</n5mdk:navn>');
    // The public title never names the person.
    const publicTitle = /<offentligTittel>([^<]*)</.exec(xml)![1];
    expect(publicTitle).not.toContain('Kari');
  });

  it('a person known only by a pseudonym still gets a valid case file, without a national ID', async () => {
    const xml = caseFileMessage(
      {
        caseId: 'hf-bergen-zzzzzzzzzz',
        municipality: 'bergen',
        office: 'arstad',
        person: { name: 'Pseudonym P', pseudonym: 'P-17' },
        referredAt: '2026-11-24',
      },
      municipalities.require('bergen'),
    );
    expect((await validateFiksArkiv(xml, ARKIVMELDING_OPPRETT_XSD)).valid).toBe(true);
    expect(xml).not.toContain('personID');
  });

  it.each(Object.keys(JOURNAL_KINDS) as JournalKind[])(
    'the %s journal entry validates against the XSD, is screened and carries its document as a PDF',
    async (kind) => {
      const msg = await journalMessage({
        caseId: 'hf-stavanger-a1b2c3d4e5',
        municipality: 'stavanger',
        purpose: `journal:${kind}`,
        caseFileId,
        kind,
        date: '2026-12-01',
        person,
        title: `${JOURNAL_KINDS[kind].label} – Kari Testperson`,
        content: 'Første avsnitt med helseopplysninger.\n\nAndre avsnitt.',
      });
      const result = await validateFiksArkiv(msg.xml, ARKIVMELDING_OPPRETT_XSD);
      expect(result).toEqual({ valid: true, errors: [] });
      expect(msg.xml).toContain('xsi:type="journalpost"');
      expect(msg.xml).toContain(`<n5mdk:systemID>${caseFileId}</n5mdk:systemID>`);
      expect(msg.xml.match(/<skjerming>/g)).toHaveLength(2); // the entry and its document
      expect(msg.xml).toContain(`<n5mdk:noekkel>hf-stavanger-a1b2c3d4e5/journal:${kind}</n5mdk:noekkel>`);
      expect(msg.xml).toContain(
        `<journalposttype>\n      <n5mdk:kode>${JOURNAL_KINDS[kind].journalposttype}`,
      );
      expect(msg.xml).toContain(`<referanseDokumentfil>${msg.file.name}</referanseDokumentfil>`);
      expect(/<offentligTittel>([^<]*)</.exec(msg.xml)![1]).not.toContain('Kari');
      expect(isPdf(msg.file.content)).toBe(true);
      expect(await pdfText(msg.file.content)).toContain('Første avsnitt med helseopplysninger.');
    },
  );

  it('the same entry built twice is byte for byte the same (a retry sends the same message)', async () => {
    const req = {
      caseId: 'hf-sandnes-qqqqqqqqqq',
      municipality: 'sandnes',
      purpose: 'journal:exit',
      caseFileId,
      kind: 'exit' as const,
      date: '2027-03-01',
      person,
      title: 'Avslutning',
      content: 'Personen ønsker ikke lenger oppfølging.',
    };
    const [a, b] = [await journalMessage(req), await journalMessage(req)];
    expect(a.xml).toBe(b.xml);
    expect(Buffer.from(a.file.content).equals(Buffer.from(b.file.content))).toBe(true);
  });

  it("the stand-in's receipts validate against the published kvittering XSD", async () => {
    const base = {
      id: caseFileId,
      key: 'bolig-forst\u0000hf-x/saksmappe',
      skjermet: true,
      files: [],
      receivedAt: '2026-12-01T10:00:00.000Z',
      year: 2026,
      sequence: 7,
    };
    for (const [kind, existing] of [
      ['mappe', false],
      ['registrering', true],
    ] as const) {
      const xml = receipt({ ...base, kind }, existing);
      expect(await validateFiksArkiv(xml, ARKIVMELDING_KVITTERING_XSD)).toEqual({ valid: true, errors: [] });
      expect(xml).toContain(existing ? 'Eksisterende' : 'Opprettet');
    }
  });

  it('the XSD check catches a broken message (the check can fail)', async () => {
    const xml = caseFileMessage(
      {
        caseId: 'hf-stavanger-a1b2c3d4e5',
        municipality: 'stavanger',
        office: 'madla',
        person,
        referredAt: '2026-11-24',
      },
      municipalities.require('stavanger'),
    ).replace(/<tittel>[^<]*<\/tittel>/, '');
    const result = await validateFiksArkiv(xml, ARKIVMELDING_OPPRETT_XSD);
    expect(result.valid).toBe(false);
    expect(result.errors.join(' ')).toContain('tittel');
  });
});
