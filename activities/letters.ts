/**
 * Letters to the person through KS SvarUt (REST API v1, `/tjenester/api/forsendelse/v1`):
 * `POST /sendForsendelse` (multipart: the `forsendelse` JSON, valid against the published
 * forsendelse.json, and the letter as a PDF in `filer`), `GET /{id}/status`,
 * `GET /eksternref/{ref}`; HTTP Basic auth.
 *
 * - Level-4 login (`krevNiva4Innlogging`) and confidential mail (`taushetsbelagtPost`): the letter
 *   tells a person about health and social services.
 * - Idempotent: `eksternReferanse` is `<caseId>/letter:<purpose>`. SvarUt accepts the same
 *   reference twice, so before sending we ask for letters with that reference and return the one
 *   found. A retry after a timeout therefore never sends a second letter. (Temporal runs one
 *   attempt at a time; an attempt still uploading when its successor starts is the one window
 *   left, which the activity's start-to-close timeout, well above the HTTP timeout, closes.)
 * - `awaitLetterDelivery` reads the status once: delivered (digitally or printed) or failed is
 *   returned; anything else throws a retryable `LetterPending`, so the caller's retry policy is the
 *   polling loop. Expected policy: initialInterval 1 minute, backoffCoefficient 2,
 *   maximumInterval 1 hour, no maximumAttempts, scheduleToCloseTimeout about 14 days (then an
 *   incident: the letter never arrived); nonRetryableErrorTypes as the shared client sets them.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import { localDate } from '../domain/calendar';
import type { MunicipalityProfile } from '../domain/policy';
import type { HttpClient } from './http';
import { letterContent, neutralTitle } from './letter-texts';
import { isDecisionPurpose } from './letter-texts-endings';
import { renderPdf } from './pdf';
import type { LetterRequest, LetterStatus } from './types';

export const SVARUT_BASE_PATH = '/tjenester/api/forsendelse/v1';
export const LETTER_PENDING = 'LetterPending';

/** SvarUt statuses that mean the letter reached the person (digital mailbox, read, or printed). */
export const DELIVERED_STATUSES = ['LEVERT_SDP', 'SENDT_DIGITALT', 'LEST', 'SENDT_PRINT', 'PRINTET'];
/** Statuses after which SvarUt will not deliver the letter. */
export const FAILED_STATUSES = ['AVVIST', 'IKKE_LEVERT', 'MANUELT_HANDTERT'];

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const forsendelsesId = z.object({ id: uuid });
const idResult = z.object({ forsendelseIder: z.array(forsendelsesId).nullable().optional() });
const statusSchema = z.object({
  forsendelsesId: forsendelsesId.nullable().optional(),
  sisteStatusEndring: z.number().nullable().optional(),
  status: z.enum([
    'MOTTATT',
    'AKSEPTERT',
    'AVVIST',
    'VARSLET',
    'LEST',
    'SENDT_PRINT',
    'PRINTET',
    'MANUELT_HANDTERT',
    'SENDT_DIGITALT',
    'SENDT_SDP',
    'LEVERT_SDP',
    'KLAR_FOR_MOTTAK',
    'IKKE_LEVERT',
  ]),
});

export function externalReference(req: Pick<LetterRequest, 'caseId' | 'purpose' | 'key'>): string {
  // `key` tells a revised decision's letter, or a resend after a failed delivery, from the first.
  return `${req.caseId}/letter:${req.key ?? req.purpose}`;
}

/** "Stavanger kommune" → "Stavanger": the post town used for c/o addresses. */
function town(profile: MunicipalityProfile): string {
  return profile.name.replace(/\s+kommune$/i, '');
}

/** The SvarUt letter (forsendelse) for a request: valid against forsendelse.json. */
export function forsendelse(
  req: LetterRequest,
  profile: MunicipalityProfile,
  fileName: string,
  sentOn: string = req.date,
) {
  const officeName = profile.offices.find((o) => o.id === req.office)?.name;
  const digital = req.person.nationalId ? { digitalAdresse: { fodselsNummer: req.person.nationalId } } : {};
  // Without a national identity number SvarUt cannot find a mailbox; the letter is printed and
  // goes c/o the person's health and social office, which hands it over.
  const post = req.person.nationalId
    ? {}
    : {
        postAdresse: {
          navn: req.person.name,
          adresse1: `c/o ${officeName ?? profile.name}`,
          adresse2: null,
          adresse3: null,
          postNummer: null,
          postSted: town(profile),
          land: 'Norge',
        },
      };
  const decision = isDecisionPurpose(req.purpose);
  return {
    tittel: neutralTitle(req.purpose, profile),
    mottaker: { ...digital, ...post },
    avgivendeSystem: 'Bolig først 0.1',
    kunDigitalLevering: false,
    kryptert: false,
    krevNiva4Innlogging: true,
    taushetsbelagtPost: true,
    svarPaForsendelseLink: false,
    utskriftsKonfigurasjon: { utskriftMedFarger: false, tosidig: true },
    eksternReferanse: externalReference(req),
    dokumenter: [
      {
        filnavn: fileName,
        mimeType: 'application/pdf',
        skalSigneres: false,
        inneholderPersonsensitivInformasjon: true,
        dokumentType: decision ? 'VEDTAK' : 'KORR',
        ekskluderesFraUtskrift: false,
      },
    ],
    metadataFraAvleverendeSystem: {
      tittel: neutralTitle(req.purpose, profile),
      journalPostType: 'U',
      dokumentetsDato: Date.parse(`${sentOn}T12:00:00Z`),
    },
  };
}

export interface LetterDeps {
  http: HttpClient;
  profile(municipality: string): MunicipalityProfile;
  /** Now (tests pin it); the letter is dated this day in the municipality's time zone. */
  now?: () => Date;
}

/** The letter's date: the day it was issued for sending (or today), in the municipality. */
export function letterDate(
  req: Pick<LetterRequest, 'issuedAt'>,
  profile: MunicipalityProfile,
  now: () => Date = () => new Date(),
): string {
  return localDate(req.issuedAt ? new Date(req.issuedAt) : now(), profile.policy.timezone);
}

/** The letter as a PDF: the one sent, and the one the archive keeps. */
export function renderLetterPdf(
  req: Omit<LetterRequest, 'date' | 'municipality'>,
  profile: MunicipalityProfile,
  sentOn: string,
): Promise<Uint8Array> {
  return renderPdf(
    letterContent({
      caseId: req.caseId,
      purpose: req.purpose,
      person: req.person,
      decision: req.decision,
      previous: req.previousDecision,
      appealWindow: req.appealWindow,
      facts: req.facts,
      sentOn,
      profile,
      officeName: profile.offices.find((o) => o.id === req.office)?.name,
    }),
  );
}

export function createLetterActivities(deps: LetterDeps) {
  async function findExisting(ref: string): Promise<string | undefined> {
    const found = await deps.http.request({
      operation: 'eksternref',
      path: `${SVARUT_BASE_PATH}/eksternref/${encodeURIComponent(ref)}`,
      schema: idResult,
    });
    return found.forsendelseIder?.[0]?.id;
  }

  async function sendLetter(req: LetterRequest): Promise<{ forsendelseId: string }> {
    if (req.purpose === 'decision' && !req.decision) {
      throw ApplicationFailure.nonRetryable(
        'sendLetter: a decision letter needs the decision',
        'BadLetterRequest',
      );
    }
    if ((req.purpose === 'ending' || req.purpose === 'capacity-refusal') && !req.facts?.reasons?.trim()) {
      throw ApplicationFailure.nonRetryable(
        `sendLetter: the ${req.purpose} letter is a decision and needs its reasons`,
        'BadLetterRequest',
      );
    }
    if (req.purpose === 'interim-reply' && !req.facts?.expectedBy) {
      throw ApplicationFailure.nonRetryable(
        'sendLetter: an interim reply needs the day an answer can be expected',
        'BadLetterRequest',
      );
    }
    const existing = await findExisting(externalReference(req));
    if (existing) return { forsendelseId: existing };
    const profile = deps.profile(req.municipality);
    const sentOn = letterDate(req, profile, deps.now);
    const pdf = await renderLetterPdf(req, profile, sentOn);
    const fileName = `${isDecisionPurpose(req.purpose) ? 'vedtak' : 'informasjon'}-${createHash('sha256')
      .update(externalReference(req))
      .digest('hex')
      .slice(0, 10)}.pdf`;
    const form = new FormData();
    form.append(
      'forsendelse',
      new Blob([JSON.stringify(forsendelse(req, profile, fileName, sentOn))], { type: 'application/json' }),
    );
    form.append('filer', new Blob([Buffer.from(pdf)], { type: 'application/pdf' }), fileName);
    const sent = await deps.http.request({
      operation: 'sendForsendelse',
      method: 'POST',
      path: `${SVARUT_BASE_PATH}/sendForsendelse`,
      body: form,
      schema: forsendelsesId,
    });
    return { forsendelseId: sent.id };
  }

  async function awaitLetterDelivery(req: { caseId: string; forsendelseId: string }): Promise<LetterStatus> {
    const s = await deps.http.request({
      operation: 'status',
      path: `${SVARUT_BASE_PATH}/${encodeURIComponent(req.forsendelseId)}/status`,
      schema: statusSchema,
    });
    const delivered = DELIVERED_STATUSES.includes(s.status);
    const failed = FAILED_STATUSES.includes(s.status);
    if (!delivered && !failed) {
      throw ApplicationFailure.retryable(
        `letter not delivered yet (SvarUt status ${s.status})`,
        LETTER_PENDING,
        {
          status: s.status,
        },
      );
    }
    return {
      forsendelseId: req.forsendelseId,
      status: s.status,
      delivered,
      failed,
      deliveredAt:
        delivered && s.sisteStatusEndring ? new Date(s.sisteStatusEndring).toISOString() : undefined,
    };
  }

  return { sendLetter, awaitLetterDelivery };
}
