/**
 * The archive (Noark 5 through KS Fiks Arkiv). Each call produces one
 * `no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett` message: `arkivmelding.xml` (valid against
 * the published V1 XSD) and its documents, handed as multipart/form-data to the configured
 * endpoint (in production a Fiks IO client or the municipality's integration platform, which
 * signs, encrypts and carries it on). The endpoint answers with the archive's receipt
 * (`arkivmeldingKvittering`), whose `systemID` is what the case keeps.
 *
 * - A case file (saksmappe) per person; journal entries (journalposter) in it for the referral,
 *   each review outcome, the decision, each eviction action plan, the exit and a consent withdrawal.
 * - Everything is screened (skjerming: taushetsplikt, offentleglova § 13): the entries hold
 *   health data. The public title (offentligTittel) never names the person.
 * - Idempotent: `referanseEksternNoekkel` is `bolig-forst` + `<caseId>/<purpose>`; the archive
 *   answers a repeated key with the existing object ("Eksisterende") instead of a second one.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import type { MunicipalityProfile } from '../domain/policy';
import type { Person } from '../domain/types';
import { FAILURE_TYPES, type HttpClient } from './http';
import { letterDate, renderLetterPdf } from './letters';
import { renderPdf } from './pdf';
import type { ArchiveCaseFileRequest, ArchiveJournalRequest, JournalKind } from './types';
import { document, el, textIn, type XmlChild } from './xml';

export const MELDINGSTYPE_OPPRETT = 'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett';
export const MELDINGSTYPE_KVITTERING = 'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering';
export const NS_ARKIVMELDING =
  'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1';
export const NS_METADATA = 'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
export const FAGSYSTEM = 'bolig-forst';

/** Screening for health and social data under duty of confidentiality. */
const SKJERMING = {
  kode: '13',
  beskrivelse: 'Taushetsplikt',
  hjemmel: 'Offl. § 13 jf. fvl. § 13 og hol. § 12-1',
};

interface KindRules {
  label: string;
  /** journalposttype: I inngående, U utgående, N organinternt m/oppfølging, X organinternt u/oppfølging. */
  journalposttype: 'I' | 'U' | 'N' | 'X';
  dokumenttype: string;
}

export const JOURNAL_KINDS: Record<JournalKind, KindRules> = {
  referral: { label: 'Henvisning', journalposttype: 'N', dokumenttype: 'SØKNAD' },
  'review-1': { label: 'Vurderingsteamets første vurdering', journalposttype: 'X', dokumenttype: 'NOTAT' },
  'review-2': { label: 'Vurderingsteamets andre vurdering', journalposttype: 'X', dokumenttype: 'NOTAT' },
  decision: { label: 'Vedtak om oppfølging', journalposttype: 'U', dokumenttype: 'VEDTAK' },
  'action-plan': {
    label: 'Tiltaksplan ved fare for fravikelse',
    journalposttype: 'N',
    dokumenttype: 'DOKUMENT',
  },
  exit: { label: 'Avslutning av oppfølging', journalposttype: 'X', dokumenttype: 'NOTAT' },
  'consent-withdrawn': {
    label: 'Tilbaketrekking av samtykke',
    journalposttype: 'I',
    dokumenttype: 'MELDING',
  },
  ending: { label: 'Vedtak om avslutning av oppfølging', journalposttype: 'U', dokumenttype: 'VEDTAK' },
  'ending-confirmation': {
    label: 'Bekreftelse på avslutning av oppfølging',
    journalposttype: 'U',
    dokumenttype: 'BREV',
  },
  'capacity-refusal': { label: 'Vedtak om avslag på plass', journalposttype: 'U', dokumenttype: 'VEDTAK' },
  'interim-reply': { label: 'Foreløpig svar', journalposttype: 'U', dokumenttype: 'BREV' },
};

const m = (name: string, ...rest: XmlChild[]) => el(`n5mdk:${name}`, ...rest);
const kode = (name: string, value: string, beskrivelse?: string) =>
  el(name, m('kode', value), beskrivelse ? m('beskrivelse', beskrivelse) : undefined);
const eksternNoekkel = (name: string, key: string) => el(name, m('fagsystem', FAGSYSTEM), m('noekkel', key));
const skjerming = () =>
  el(
    'skjerming',
    kode('tilgangsrestriksjon', SKJERMING.kode, SKJERMING.beskrivelse),
    el('skjermingshjemmel', SKJERMING.hjemmel),
  );

function personPart(person: Person) {
  return el(
    'part',
    el('partNavn', person.name),
    kode('partRolle', 'K', 'Klient'),
    person.nationalId
      ? el('personID', el('landkode', 'NO'), el('identifikator', person.nationalId))
      : undefined,
    el('erSkjermet', 'true'),
    el('erPersonnavn', 'true'),
  );
}

function root(children: XmlChild[]) {
  return el(
    'arkivmelding',
    { xmlns: NS_ARKIVMELDING, 'xmlns:n5mdk': NS_METADATA, 'xmlns:xsi': XSI },
    el('system', FAGSYSTEM),
    ...children,
  )!;
}

export function caseFileKey(caseId: string): string {
  return `${caseId}/saksmappe`;
}

/** The saksmappe for one person's Housing First case. */
export function caseFileMessage(req: ArchiveCaseFileRequest, profile: MunicipalityProfile): string {
  const office = profile.offices.find((o) => o.id === req.office);
  return document(
    root([
      el('antallFiler', '0'),
      el(
        'mappe',
        { 'xsi:type': 'saksmappe' },
        el('tittel', `Bolig først – oppfølging – ${req.person.name}`),
        el('offentligTittel', 'Bolig først – oppfølging – *****'),
        el('dokumentmedium', m('kode', 'E'), m('beskrivelse', 'Elektronisk arkiv')),
        personPart(req.person),
        skjerming(),
        req.person.nationalId
          ? el(
              'klassifikasjon',
              el('klassifikasjonssystemID', 'PNR'),
              el('klasseID', req.person.nationalId),
              el('erSkjermet', 'true'),
            )
          : undefined,
        eksternNoekkel('referanseEksternNoekkel', caseFileKey(req.caseId)),
        el('saksdato', req.referredAt),
        el('administrativEnhet', m('navn', office?.name ?? req.office), m('identifikator', req.office)),
        el('saksstatus', m('kode', 'B'), m('beskrivelse', 'Under behandling')),
      ),
    ]),
  );
}

export interface JournalMessage {
  xml: string;
  file: { name: string; mimeType: string; content: Uint8Array };
}

/** A journalpost in the case file, with its document as a PDF. */
export async function journalMessage(
  req: ArchiveJournalRequest,
  profile?: MunicipalityProfile,
): Promise<JournalMessage> {
  const rules = JOURNAL_KINDS[req.kind];
  const key = `${req.caseId}/${req.purpose}`;
  // A letter's entry keeps the very PDF the person got (PDF/A); other entries a note (PDF/A too),
  // whose line breaks are kept and whose blank lines separate paragraphs.
  const letter = req.letter && profile ? req.letter : undefined;
  const pdf = letter
    ? await renderLetterPdf(
        { ...letter, caseId: req.caseId, person: req.person },
        profile!,
        letterDate(letter, profile!),
      )
    : await renderPdf({
        title: req.title,
        author: profile?.name,
        letterhead: [profile?.name ?? 'Bolig først', `Dato: ${req.date}`, `Sak: ${req.caseId}`],
        sections: [{ paragraphs: req.content.split(/\n\s*\n/) }],
        date: req.date,
      });
  const fileName = `${req.kind}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}.pdf`;
  const checksum = createHash('sha256').update(pdf).digest('hex');
  const xml = document(
    root([
      el('antallFiler', '1'),
      el(
        'registrering',
        { 'xsi:type': 'journalpost' },
        el('referanseForelderMappe', m('systemID', req.caseFileId)),
        personPart(req.person),
        skjerming(),
        el(
          'dokumentbeskrivelse',
          kode('dokumenttype', rules.dokumenttype),
          kode('dokumentstatus', 'F', 'Dokumentet er ferdigstilt'),
          el('tittel', req.title),
          kode('tilknyttetRegistreringSom', 'H', 'Hoveddokument'),
          el('dokumentnummer', '1'),
          skjerming(),
          el(
            'dokumentobjekt',
            el('versjonsnummer', '1'),
            kode('variantformat', 'A', 'Arkivformat'),
            kode('format', 'PDF'),
            el('mimeType', 'application/pdf'),
            el('filnavn', `${rules.label}.pdf`),
            el('referanseDokumentfil', fileName),
            el('sjekksum', checksum),
            el('sjekksumAlgoritme', 'SHA256'),
            el('filstoerrelse', String(pdf.byteLength)),
          ),
        ),
        el('tittel', req.title),
        el('offentligTittel', `Bolig først – ${rules.label.toLowerCase()} – *****`),
        letter
          ? el(
              'korrespondansepart',
              kode('korrespondanseparttype', 'EM', 'Mottaker'),
              el('korrespondansepartNavn', req.person.name),
              el('erSkjermet', 'true'),
              el('erPersonnavn', 'true'),
              kode('forsendelsesmaate', 'SVARUT', 'SvarUt (digital post, eller utskrift)'),
            )
          : undefined,
        eksternNoekkel('referanseEksternNoekkel', key),
        kode('journalposttype', rules.journalposttype),
        kode('journalstatus', 'J', 'Journalført'),
        el('journaldato', req.date),
        el('dokumentetsDato', req.date),
      ),
    ]),
  );
  return { xml, file: { name: fileName, mimeType: 'application/pdf', content: pdf } };
}

export interface ArchiveDeps {
  http: HttpClient;
  profile(municipality: string): MunicipalityProfile;
}

function post(http: HttpClient, operation: string, xml: string, files: JournalMessage['file'][] = []) {
  const form = new FormData();
  form.append('arkivmelding.xml', new Blob([xml], { type: 'application/xml' }), 'arkivmelding.xml');
  for (const f of files)
    form.append(f.name, new Blob([Buffer.from(f.content)], { type: f.mimeType }), f.name);
  return http.request({
    operation,
    method: 'POST',
    path: '/meldinger',
    body: form,
    headers: { 'x-fiks-meldingstype': MELDINGSTYPE_OPPRETT, accept: 'application/xml' },
    schema: z.string().min(1),
    responseType: 'text',
  });
}

function receiptSystemId(xml: string, block: 'mappeKvittering' | 'registreringKvittering', op: string) {
  const id = textIn(xml, block, 'systemID');
  if (!id) {
    const failed = /<(?:[\w.-]+:)?(mappeFeilet|registreringFeilet)\b/.test(xml);
    throw ApplicationFailure.nonRetryable(
      failed ? `archive ${op}: the archive refused the message` : `archive ${op}: receipt without systemID`,
      failed ? FAILURE_TYPES.refused : FAILURE_TYPES.contract,
      { system: 'archive', operation: op },
    );
  }
  return id;
}

export function createArchiveActivities(deps: ArchiveDeps) {
  async function archiveCaseFile(req: ArchiveCaseFileRequest): Promise<{ caseFileId: string }> {
    const receipt = await post(
      deps.http,
      'archiveCaseFile',
      caseFileMessage(req, deps.profile(req.municipality)),
    );
    return { caseFileId: receiptSystemId(receipt, 'mappeKvittering', 'archiveCaseFile') };
  }

  async function archiveJournalEntry(req: ArchiveJournalRequest): Promise<{ journalEntryId: string }> {
    const msg = await journalMessage(req, deps.profile(req.municipality));
    const receipt = await post(deps.http, 'archiveJournalEntry', msg.xml, [msg.file]);
    return { journalEntryId: receiptSystemId(receipt, 'registreringKvittering', 'archiveJournalEntry') };
  }

  return { archiveCaseFile, archiveJournalEntry };
}
