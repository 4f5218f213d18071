/**
 * The archive messages themselves: every kind a case produces is a valid Fiks Arkiv
 * arkivmelding (checked against the published XSD), screened, and keyed for idempotency.
 */
import { caseFileMessage, JOURNAL_KINDS, journalMessage } from '../../activities/archive';
import { createLetterActivities } from '../../activities/letters';
import type { JournalKind } from '../../activities/types';
import { receipt } from '../../standins/archive';
import {
  ARKIVMELDING_KVITTERING_XSD,
  ARKIVMELDING_OPPRETT_XSD,
  validateFiksArkiv,
  ValidationAbandoned,
} from '../../standins/contracts';
import { municipalities, nationalId } from '../support/fixtures';
import { isPdf, pdfText, readPdf } from '../support/pdf-text';

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

  it('the decision’s entry holds the very PDF the person got (PDF/A), with the person as recipient', async () => {
    const stavanger = municipalities.require('stavanger');
    const decision = {
      date: '2026-11-30',
      services: [{ kind: 'oppfolging-i-hjemmet', hoursPerWeek: 6 }],
      reasons: 'Du har bodd ute siden i sommer.\nDu ønsker hjelp hjemme.',
      decidedBy: { name: 'Siri Teamleder' },
    };
    const issuedAt = '2026-11-30T23:15:00.000Z'; // 1 December in Oslo
    const letter = {
      purpose: 'decision' as const,
      office: 'madla',
      decision,
      appealWindow: '4 weeks',
      issuedAt,
      date: decision.date,
    };
    // What SvarUt received…
    let sent: Uint8Array | undefined;
    const http = {
      request: async (r: { operation: string; body?: unknown }) => {
        if (r.operation === 'eksternref') return { forsendelseIder: [] };
        sent = new Uint8Array(await ((r.body as FormData).get('filer') as Blob).arrayBuffer());
        return { id: '0b6f3a0e-3c1a-4a8e-9d35-6f0f3c4b2a10' };
      },
    };
    await createLetterActivities({ http: http as never, profile: () => stavanger }).sendLetter({
      ...letter,
      caseId: 'hf-stavanger-a1b2c3d4e5',
      municipality: 'stavanger',
      person,
    });
    // …and what the archive keeps, built later from the case's record of the same letter.
    const msg = await journalMessage(
      {
        caseId: 'hf-stavanger-a1b2c3d4e5',
        municipality: 'stavanger',
        purpose: 'decision',
        caseFileId,
        kind: 'decision',
        date: decision.date,
        person,
        title: 'Vedtak om oppfølging i hjemmet',
        content: 'Vedtaksdato: 2026-11-30',
        letter,
      },
      stavanger,
    );
    expect(Buffer.from(msg.file.content).equals(Buffer.from(sent!))).toBe(true);
    expect(await validateFiksArkiv(msg.xml, ARKIVMELDING_OPPRETT_XSD)).toEqual({ valid: true, errors: [] });
    expect(msg.xml).toMatch(
      /<korrespondansepart>\s*<korrespondanseparttype>\s*<n5mdk:kode>EM<\/n5mdk:kode>\s*<n5mdk:beskrivelse>Mottaker<\/n5mdk:beskrivelse>\s*<\/korrespondanseparttype>\s*<korrespondansepartNavn>Kari Testperson<\/korrespondansepartNavn>/,
    );
    expect(msg.xml).toContain('<n5mdk:kode>A</n5mdk:kode>');
    const text = (await pdfText(msg.file.content)).replace(/\s+/g, ' ');
    expect(text).toContain('Dato: 1. desember 2026');
    expect(text).toContain('Du har bodd ute siden i sommer. Du ønsker hjelp hjemme.');
    expect((await readPdf(msg.file.content)).xmp).toContain('<pdfaid:part>2</pdfaid:part>');
  });

  it('a note keeps its line breaks (no "?" for a new line)', async () => {
    const msg = await journalMessage({
      caseId: 'hf-stavanger-a1b2c3d4e5',
      municipality: 'stavanger',
      purpose: 'referral',
      caseFileId,
      kind: 'referral',
      date: '2026-12-01',
      person,
      title: 'Henvisning til Bolig først',
      content: 'Bostedsløs: ja\n\nMerknad:\nSover ute.\nHar vært innlagt tre ganger.',
    });
    const lines = (await readPdf(msg.file.content)).text.split('\n');
    expect(lines).toEqual(expect.arrayContaining(['Merknad:', 'Sover ute.', 'Har vært innlagt tre ganger.']));
    expect(lines.join('\n')).not.toContain('?');
  });

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

// The stand-in's schema check is serial and costs about 0.4 s of CPU: the full chaos run of
// 2026-12-04 had retries each checked anew, and clients long gone still queued, until the archive
// stayed behind its clients' time-outs (676 of 1,200 entries stored when the run stopped).
describe('the archive stand-in under retries', () => {
  const message = (caseId: string) =>
    caseFileMessage(
      { caseId, municipality: 'stavanger', office: 'madla', person, referredAt: '2026-11-24' },
      municipalities.require('stavanger'),
    );

  it('skips the check for a caller gone before its turn, and answers a message sent again from the first check', async () => {
    const first = validateFiksArkiv(message('hf-stavanger-retry00001'), ARKIVMELDING_OPPRETT_XSD);
    const gone = new AbortController();
    const waiting = validateFiksArkiv(message('hf-stavanger-retry00002'), ARKIVMELDING_OPPRETT_XSD, {
      signal: gone.signal,
    });
    gone.abort();
    await expect(waiting).rejects.toBeInstanceOf(ValidationAbandoned);
    expect(await first).toEqual({ valid: true, errors: [] });
    // The same bytes again, even for a caller already gone: the first check's answer.
    await expect(
      validateFiksArkiv(message('hf-stavanger-retry00001'), ARKIVMELDING_OPPRETT_XSD, {
        signal: gone.signal,
      }),
    ).resolves.toEqual({ valid: true, errors: [] });
    // A document never checked, for a caller already gone: not checked.
    await expect(
      validateFiksArkiv(message('hf-stavanger-retry00003'), ARKIVMELDING_OPPRETT_XSD, {
        signal: gone.signal,
      }),
    ).rejects.toBeInstanceOf(ValidationAbandoned);
  });

  it('keeps a refusal for a message sent again: an invalid document stays invalid', async () => {
    const bad = message('hf-stavanger-retry00004').replace('<saksdato>', '<saksdato>not-a-date');
    const once = await validateFiksArkiv(bad, ARKIVMELDING_OPPRETT_XSD);
    expect(once.valid).toBe(false);
    expect(await validateFiksArkiv(bad, ARKIVMELDING_OPPRETT_XSD)).toEqual(once);
  });
});
