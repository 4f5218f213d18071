/**
 * The texts of the letters to the person, in plain bokmål (klarspråk: "du", short sentences, the
 * answer first), with the terms of `domain/glossary.ts`. One builder per letter:
 *
 * - the decision (enkeltvedtak) on services at home from the Housing First team, and a revised
 *   decision that says what changed and why. What the law asks for:
 *   - reasons (forvaltningsloven §§ 24–25): the rules, the facts and the main considerations for
 *     this person, written by the team lead (`reasons`), stated in the letter;
 *   - the legal basis for each service kind, from the municipality's list of service kinds
 *     (e.g. helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav b), and the person's
 *     right under pasient- og brukerrettighetsloven § 2-1 a andre ledd;
 *   - the appeal (fvl. § 27; the rules of pbrl. chapter 7): four weeks (§ 7-3, from the case's
 *     policy), to the municipality, on to Statsforvalteren (§ 7-2), the right to postponed
 *     implementation (fvl. § 42), the right to see the documents (fvl. §§ 18–19), and that
 *     pasient- og brukerombudet can help (pbrl. § 8-3);
 *   - who made the decision and a contact person with a phone number;
 * - the information that the referral was "not relevant" or that there is "no place": not a
 *   decision (the assessment team makes no rejection decision), and the letter says so.
 *
 * Each letter is dated the day it is sent; the decision's own date is stated in the text.
 */
import { ENGLISH_CODES } from '../domain/glossary';
import type { LetterFacts } from '../domain/pathway/decision-letters';
// (letter-texts-endings.ts imports the shared parts from here; both only call each other at run time.)
import {
  endingLetterContent,
  ENDING_TITLES,
  isDecisionPurpose,
  isEndingPurpose,
} from './letter-texts-endings';
import type { MunicipalityProfile, ServiceKind } from '../domain/policy';
import type { DecisionEvent, Person, ServiceGrant } from '../domain/types';
import type { PdfContent, PdfSection } from './pdf';
import type { LetterPurpose } from './types';

/** The person's right to necessary health and care services from the municipality. */
export const RIGHT_BASIS = 'pasient- og brukerrettighetsloven § 2-1 a andre ledd';
/** The default legal basis for follow-up at home (praktisk bistand og opplæring). */
export const LEGAL_BASIS = 'helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav b';
export const APPEAL_RULE = 'pasient- og brukerrettighetsloven § 7-3';
export const APPEAL_BODY_RULE = 'pasient- og brukerrettighetsloven § 7-2';

const UNIT_NB: Record<string, [string, string]> = {
  days: ['dag', 'dager'],
  'working-days': ['virkedag', 'virkedager'],
  weeks: ['uke', 'uker'],
  months: ['måned', 'måneder'],
  years: ['år', 'år'],
  hours: ['time', 'timer'],
};
const NUMBERS_NB = ['null', 'én', 'to', 'tre', 'fire', 'fem', 'seks', 'sju', 'åtte', 'ni', 'ti'];

/** "4 weeks" → "fire uker". */
export function durationNb(text: string): string {
  const [n, unit] = text.trim().split(/\s+/);
  const count = Number(n);
  const words = UNIT_NB[unit] ?? [unit, unit];
  const number = Number.isInteger(count) && count <= 10 ? NUMBERS_NB[count] : n;
  return `${number} ${count === 1 ? words[0] : words[1]}`;
}

const MONTHS_NB = [
  'januar',
  'februar',
  'mars',
  'april',
  'mai',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'desember',
];

export function formatDateNb(iso: string): string {
  const [y, mo, d] = iso.slice(0, 10).split('-').map(Number);
  return `${d}. ${MONTHS_NB[mo - 1]} ${y}`;
}

function hoursNb(n: number): string {
  const s = Number.isInteger(n) ? String(n) : n.toFixed(1).replace('.', ',');
  return `${s} ${n === 1 ? 'time' : 'timer'} per uke`;
}

/** The profile's service kind for what the team lead chose (its id, name or an alias). */
export function serviceKindOf(profile: MunicipalityProfile, kind: string): ServiceKind | undefined {
  const k = kind.trim().toLowerCase();
  return profile.services.find(
    (s) => s.id === k || s.name.toLowerCase() === k || (s.aliases ?? []).some((a) => a.toLowerCase() === k),
  );
}

/**
 * A service as the letter names it, with its legal basis. A decision recorded before the list of
 * service kinds existed may name one that is not on it: it is then named as written (without
 * English codes) under the default basis for follow-up at home.
 */
export function service(
  profile: MunicipalityProfile,
  grant: ServiceGrant,
): { name: string; legalBasis: string } {
  const kind = serviceKindOf(profile, grant.kind);
  if (kind) return { name: kind.name, legalBasis: kind.legalBasis };
  const name = grant.kind.replace(/-/g, ' ');
  return { name: name.charAt(0).toUpperCase() + name.slice(1), legalBasis: LEGAL_BASIS };
}

export interface LetterContext {
  caseId: string;
  purpose: LetterPurpose;
  person: Person;
  /** The day the letter is sent: its date. */
  sentOn: string;
  profile: MunicipalityProfile;
  officeName?: string;
  decision?: DecisionEvent;
  /** For a revised decision: the decision it replaces. */
  previous?: DecisionEvent;
  /** The case's appeal window (its policy); the profile's when absent. */
  appealWindow?: string;
  /** For an ending, a refused place or an interim reply (letter-texts-endings.ts). */
  facts?: LetterFacts;
}

/** Titles inside the letter (the person reads them after logging in). */
export function letterTitle(ctx: Pick<LetterContext, 'purpose' | 'previous'>): string {
  switch (ctx.purpose) {
    case 'decision':
      return ctx.previous ? 'Nytt vedtak om oppfølging i hjemmet' : 'Vedtak om oppfølging i hjemmet';
    case 'not-relevant':
      return 'Svar på henvisningen til Bolig først';
    case 'no-place':
      return 'Svar om plass i Bolig først';
    default:
      return ENDING_TITLES[ctx.purpose];
  }
}

/**
 * The title SvarUt shows before the person logs in, and in the notice by SMS or email: neutral,
 * never naming Housing First, homelessness or health.
 */
export function neutralTitle(purpose: LetterPurpose, profile: MunicipalityProfile): string {
  return `${isDecisionPurpose(purpose) ? 'Vedtak' : 'Brev'} fra ${profile.name}`;
}

export function letterhead(ctx: LetterContext): string[] {
  const l = ctx.profile.letters;
  return [
    ...l.postalAddress,
    `Dato: ${formatDateNb(ctx.sentOn)}`,
    `Vår referanse: ${ctx.caseId}`,
    `Kontaktperson: ${l.contact.name}`,
    `Telefon: ${l.contact.phone}`,
  ];
}

export function contactSection(ctx: LetterContext): PdfSection {
  const l = ctx.profile.letters;
  return {
    heading: 'Har du spørsmål?',
    paragraphs: [
      `Ring ${l.contact.name.charAt(0).toLowerCase()}${l.contact.name.slice(1)} på telefon ${l.contact.phone}. Oppgi referansen ${ctx.caseId}.` +
        (l.contact.hours ? ` ${l.contact.hours}` : ''),
    ],
  };
}

/** Paragraphs the team lead wrote, line breaks kept, blank lines as paragraph breaks. */
export function written(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** What changed between two decisions, one line per service. */
export function changesBetween(
  profile: MunicipalityProfile,
  before: DecisionEvent,
  after: DecisionEvent,
): string[] {
  const name = (g: ServiceGrant) => service(profile, g).name;
  const old = new Map(before.services.map((s) => [name(s), s.hoursPerWeek]));
  const now = new Map(after.services.map((s) => [name(s), s.hoursPerWeek]));
  const lines: string[] = [];
  for (const [n, h] of now) {
    const was = old.get(n);
    if (was === undefined) lines.push(`${n}: nytt, ${hoursNb(h)}`);
    else if (was !== h) lines.push(`${n}: fra ${hoursNb(was)} til ${hoursNb(h)}`);
  }
  for (const [n, h] of old) if (!now.has(n)) lines.push(`${n}: faller bort (var ${hoursNb(h)})`);
  return lines.length ? lines : ['Tjenestene og timetallet er de samme som før.'];
}

/**
 * Decisions recorded before the API required `reasons` have none of their own: their letter
 * keeps the general reasons those letters carried. Every decision made now has its own.
 */
function LEGACY_REASONS(ctx: LetterContext): string[] {
  return [
    `Du ble henvist til Bolig først av ${ctx.officeName ?? ctx.profile.letters.officeTerm}. Vurderingsteamet har vurdert henvisningen to ganger. Etter kartleggingen sammen med deg fant teamet at du hører til målgruppen for Bolig først, og at du trenger tett og langvarig oppfølging i ditt eget hjem.`,
  ];
}

export function decisionLetter(ctx: LetterContext): PdfContent {
  const d = ctx.decision;
  if (!d) throw new Error('a decision letter needs the decision');
  const { profile } = ctx;
  const l = profile.letters;
  const services = d.services.map((s) => ({ ...service(profile, s), hours: s.hoursPerWeek }));
  const total = d.services.reduce((s, x) => s + x.hoursPerWeek, 0);
  const bases = [...new Set(services.map((s) => s.legalBasis))];
  const revised = !!ctx.previous;

  const answer: PdfSection = {
    heading: revised ? 'Vi har endret vedtaket ditt' : 'Du får oppfølging i hjemmet',
    paragraphs: [
      revised
        ? `Vi har fattet et nytt vedtak ${formatDateNb(d.date)}. Det erstatter vedtaket fra ${formatDateNb(ctx.previous!.date)}. Dette er endret:`
        : `Du får oppfølging fra ${l.team} der du bor. Vi fattet vedtaket ${formatDateNb(d.date)}. Du får:`,
      ...(revised ? [changesBetween(profile, ctx.previous!, d)] : []),
      ...(revised ? ['Fra nå av får du:'] : []),
      services.map((s) => `${s.name}: ${hoursNb(s.hours)}`),
      `Til sammen ${hoursNb(total)}.`,
      d.reviewBy
        ? `Vi vurderer vedtaket på nytt senest ${formatDateNb(d.reviewBy)}. Endrer behovet ditt seg før det, får du et nytt vedtak.`
        : 'Vi vurderer vedtaket på nytt minst én gang i året. Endrer behovet ditt seg før det, får du et nytt vedtak.',
    ],
  };

  return {
    title: letterTitle(ctx),
    author: profile.name,
    letterhead: letterhead(ctx),
    addressee: [ctx.person.name],
    date: ctx.sentOn,
    sections: [
      answer,
      {
        heading: revised ? 'Hvorfor vi har endret vedtaket' : 'Hvorfor du får dette vedtaket',
        paragraphs: [
          ...(d.reasons?.trim() ? written(d.reasons) : LEGACY_REASONS(ctx)),
          'Du trenger ikke å være rusfri eller gå i behandling for å få bolig og oppfølging. Oppfølgingen fortsetter også hvis du mister boligen.',
        ],
      },
      {
        heading: 'Reglene vedtaket bygger på',
        paragraphs: [
          `Du har rett til nødvendige helse- og omsorgstjenester fra kommunen (${RIGHT_BASIS}).`,
          ...bases.map((b) => {
            const names = services.filter((s) => s.legalBasis === b).map((s) => s.name.toLowerCase());
            return `Vi gir deg ${names.join(' og ')} etter ${b}.`;
          }),
          'Saken er behandlet etter forvaltningsloven og pasient- og brukerrettighetsloven.',
        ],
      },
      {
        heading: 'Hvem som har fattet vedtaket',
        paragraphs: [
          d.decidedBy
            ? `${d.decidedBy.name}, ${l.decisionMakerRole}, har fattet vedtaket.`
            : `Vedtaket er fattet av ${l.decisionMakerRole}.`,
        ],
      },
      ...appealSections(ctx, 'Du kan be om at vedtaket ikke blir satt i verk før klagen er avgjort'),
      contactSection(ctx),
    ],
  };
}

export function informationLetter(ctx: LetterContext): PdfContent {
  const notRelevant = ctx.purpose === 'not-relevant';
  const office = ctx.officeName ?? ctx.profile.letters.officeTerm;
  return {
    title: letterTitle(ctx),
    author: ctx.profile.name,
    letterhead: letterhead(ctx),
    addressee: [ctx.person.name],
    date: ctx.sentOn,
    sections: [
      {
        paragraphs: [
          notRelevant
            ? 'Bolig først er ikke det rette tilbudet for deg nå. Det har vurderingsteamet kommet fram til etter å ha lest henvisningen fra saksbehandleren din.'
            : 'Vi har ikke plass til deg i Bolig først nå. Det har vurderingsteamet kommet fram til etter kartleggingen.',
        ],
      },
      {
        heading: 'Dette er ikke et vedtak',
        paragraphs: [
          'Dette brevet er et svar, ikke et vedtak. Det avgjør ikke om du har rett til helse- og omsorgstjenester eller hjelp til bolig. Derfor kan du ikke klage på dette brevet.',
          'Du kan når som helst søke kommunen om helse- og omsorgstjenester, hjelp til å skaffe bolig eller andre tjenester. Da får du et vedtak, og det kan du klage på.',
        ],
      },
      {
        heading: 'Hva skjer nå',
        paragraphs: [
          `Saksbehandleren din på ${office} hjelper deg videre og kan fortelle mer om vurderingen. Du har rett til å se dokumentene i saken (forvaltningsloven § 18). Oppgi referansen ${ctx.caseId}.`,
        ],
      },
      contactSection(ctx),
    ],
  };
}

export function letterContent(ctx: LetterContext): PdfContent {
  const { purpose } = ctx;
  if (isEndingPurpose(purpose)) return endingLetterContent({ ...ctx, purpose });
  return purpose === 'decision' ? decisionLetter(ctx) : informationLetter(ctx);
}

/** True when a text carries one of the English codes no reader should see. */
export function hasEnglishCode(text: string): boolean {
  return ENGLISH_CODES.some((c) => text.includes(c));
}

/** The appeal, as every decision letter gives it (pbrl. chapter 7; fvl. §§ 27, 31, 42). */
export function appealSections(ctx: LetterContext, postpone: string): PdfSection[] {
  const l = ctx.profile.letters;
  const window = durationNb(ctx.appealWindow ?? ctx.profile.policy.appealWindow);
  return [
    {
      heading: 'Du kan klage',
      paragraphs: [
        `Du kan klage på vedtaket. Fristen er ${window} fra du fikk dette brevet (${APPEAL_RULE}).`,
        `Send klagen til:\n${l.postalAddress.join('\n')}`,
        ...(ctx.officeName ? [`Du kan også levere klagen på ${ctx.officeName}.`] : []),
        'Skriv hva du klager på, og hva du ønsker endret. Du trenger ikke å skrive hvorfor, men det hjelper oss. Vi kan hjelpe deg med å skrive klagen.',
        `Hvis vi ikke gir deg medhold, sender vi klagen til ${l.appealBody}. Statsforvalteren avgjør saken (${APPEAL_BODY_RULE}).`,
        `${postpone} (forvaltningsloven § 42).`,
        'Har fristen gått ut? Klag likevel. Klagen kan bli behandlet hvis det er særlige grunner (forvaltningsloven § 31).',
      ],
    },
    {
      heading: 'Pasient- og brukerombudet kan hjelpe deg',
      paragraphs: [`${l.ombud.name} kan hjelpe deg gratis, for eksempel med å klage. ${l.ombud.contact}`],
    },
    {
      heading: 'Du kan se dokumentene i saken',
      paragraphs: [
        `Du har rett til å se dokumentene i saken din (forvaltningsloven §§ 18 og 19). Ta kontakt med oss og oppgi referansen ${ctx.caseId}.`,
      ],
    },
  ];
}
