/**
 * The texts of the letters to the person (bokmål: letters from a Norwegian municipality to a
 * citizen are in Norwegian whatever the staff's language). One builder per letter:
 *
 * - the decision (enkeltvedtak) on follow-up by the Housing First team, with what
 *   forvaltningsloven §§ 24–27 require: the reasons (§§ 24–25: the rules, the facts, the main
 *   considerations), the legal basis (helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6
 *   bokstav b), the services and their hours per week, the right to appeal, the deadline and where
 *   to send the appeal (§ 27), and the right to see the documents (§ 18);
 * - the information that the referral was "not relevant" or that there is "no place": this is
 *   not a decision (the assessment team makes no rejection decision) and the letter says so.
 */
import type { MunicipalityProfile } from '../domain/policy';
import type { DecisionEvent, Person } from '../domain/types';
import type { PdfContent } from './pdf';
import type { LetterPurpose } from './types';

export const LEGAL_BASIS = 'helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav b';

/** Where an appeal ends up after the municipality has reconsidered it (fvl. § 33). */
const APPEAL_BODY: Record<string, string> = {
  stavanger: 'Statsforvalteren i Rogaland',
  sandnes: 'Statsforvalteren i Rogaland',
  bergen: 'Statsforvalteren i Vestland',
};

const UNIT_NB: Record<string, [string, string]> = {
  days: ['dag', 'dager'],
  'working-days': ['virkedag', 'virkedager'],
  weeks: ['uke', 'uker'],
  months: ['måned', 'måneder'],
  years: ['år', 'år'],
  hours: ['time', 'timer'],
};
const NUMBERS_NB = ['null', 'én', 'to', 'tre', 'fire', 'fem', 'seks', 'sju', 'åtte', 'ni', 'ti'];

/** "3 weeks" → "tre uker". */
export function durationNb(text: string): string {
  const [n, unit] = text.trim().split(/\s+/);
  const count = Number(n);
  const words = UNIT_NB[unit] ?? [unit, unit];
  const number = Number.isInteger(count) && count <= 10 ? NUMBERS_NB[count] : n;
  return `${number} ${count === 1 ? words[0] : words[1]}`;
}

export function formatDateNb(iso: string): string {
  const [y, mo, d] = iso.slice(0, 10).split('-').map(Number);
  const months = [
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
  return `${d}. ${months[mo - 1]} ${y}`;
}

function hours(n: number): string {
  const s = Number.isInteger(n) ? String(n) : n.toFixed(1).replace('.', ',');
  return `${s} ${n === 1 ? 'time' : 'timer'} per uke`;
}

export interface LetterContext {
  caseId: string;
  purpose: LetterPurpose;
  person: Person;
  date: string;
  profile: MunicipalityProfile;
  officeName?: string;
  decision?: DecisionEvent;
}

export const LETTER_TITLES: Record<LetterPurpose, string> = {
  decision: 'Vedtak om oppfølging fra Housing First-teamet (Bolig først)',
  'not-relevant': 'Informasjon om henvisningen til Bolig først',
  'no-place': 'Informasjon om plass i Bolig først',
};

function letterhead(ctx: LetterContext): string[] {
  return [
    ctx.profile.name,
    'Housing First-teamet (Bolig først)',
    `Dato: ${formatDateNb(ctx.date)}`,
    `Vår referanse: ${ctx.caseId}`,
  ];
}

export function decisionLetter(ctx: LetterContext): PdfContent {
  const d = ctx.decision;
  if (!d) throw new Error('a decision letter needs the decision');
  const window = durationNb(ctx.profile.policy.appealWindow);
  const appealBody = APPEAL_BODY[ctx.profile.id] ?? 'Statsforvalteren';
  const total = d.services.reduce((s, x) => s + x.hoursPerWeek, 0);
  return {
    title: LETTER_TITLES.decision,
    letterhead: letterhead(ctx),
    addressee: [ctx.person.name],
    date: ctx.date,
    sections: [
      {
        heading: 'Vedtak',
        paragraphs: [
          `${ctx.profile.name} har ${formatDateNb(d.date)} fattet dette vedtaket: Du får oppfølging i hjemmet fra Housing First-teamet. Vedtaket gjelder disse tjenestene:`,
          ...d.services.map((s) => `• ${s.kind}: ${hours(s.hoursPerWeek)}`),
          `Til sammen ${hours(total)}. Omfanget kan endres når behovet ditt endrer seg; da får du et nytt vedtak.`,
          d.reviewBy
            ? `Vedtaket gjelder til det blir vurdert på nytt, senest ${formatDateNb(d.reviewBy)}.`
            : 'Vedtaket gjelder til det blir vurdert på nytt. Vi vurderer det minst én gang i året.',
        ],
      },
      {
        heading: 'Hjemmel for vedtaket',
        paragraphs: [
          `Vedtaket er fattet etter ${LEGAL_BASIS}, som gir kommunen plikt til å tilby andre helse- og omsorgstjenester enn helsetjenester i hjemmet, herunder personlig assistanse i form av praktisk bistand og opplæring, jf. § 3-1. Saksbehandlingen følger forvaltningsloven.`,
        ],
      },
      {
        heading: 'Begrunnelse',
        paragraphs: [
          'Du ble henvist til Bolig først av helse- og sosialkontoret. Vurderingsteamet har vurdert henvisningen to ganger: først om du er i målgruppen, og deretter, etter kartleggingen sammen med deg, om du skal få plass. Teamet har funnet at du er i målgruppen for Bolig først og at du har behov for tett og langvarig oppfølging i eget hjem.',
          'Bolig først bygger på at bolig er en grunnleggende rettighet. Du må ikke være rusfri eller i behandling for å få bolig eller oppfølging, og oppfølgingen fortsetter selv om du mister boligen. Tjenestene og timetallet over er fastsatt ut fra kartleggingen og det du selv har sagt at du trenger hjelp til.',
        ],
      },
      {
        heading: 'Du har rett til å klage',
        paragraphs: [
          `Du kan klage på vedtaket. Klagefristen er ${window} fra den dagen du mottok dette brevet (forvaltningsloven § 29).`,
          `Klagen sendes til ${ctx.profile.name}, Housing First-teamet${ctx.officeName ? `, eller leveres på ${ctx.officeName}` : ''}. Skriv hvilket vedtak du klager på, hva du ønsker endret, og gjerne hvorfor. Du kan få hjelp til å skrive klagen. Hvis kommunen ikke gir deg medhold, sender den klagen videre til ${appealBody}, som avgjør saken.`,
          'Du kan be om at vedtaket ikke blir satt i verk før klagen er avgjort (forvaltningsloven § 42).',
        ],
      },
      {
        heading: 'Du har rett til å se dokumentene',
        paragraphs: [
          `Du har rett til å se dokumentene i saken din (forvaltningsloven §§ 18 og 19). Ta kontakt med Housing First-teamet og oppgi referansen ${ctx.caseId}.`,
        ],
      },
    ],
  };
}

export function informationLetter(ctx: LetterContext): PdfContent {
  const notRelevant = ctx.purpose === 'not-relevant';
  return {
    title: LETTER_TITLES[ctx.purpose],
    letterhead: letterhead(ctx),
    addressee: [ctx.person.name],
    date: ctx.date,
    sections: [
      {
        paragraphs: [
          notRelevant
            ? 'Du er henvist til Bolig først. Vurderingsteamet har vurdert henvisningen og kommet til at Bolig først ikke er det rette tilbudet for deg nå.'
            : 'Du er henvist til Bolig først. Etter kartleggingen har vurderingsteamet kommet til at det ikke er en plass i Bolig først til deg nå.',
        ],
      },
      {
        heading: 'Dette er ikke et vedtak',
        paragraphs: [
          'Dette brevet er informasjon. Det er ikke et vedtak (enkeltvedtak), og det avgjør ikke om du har rett til helse- og omsorgstjenester eller hjelp til bolig. Derfor står det ingen klagefrist her.',
          'Du kan når som helst søke kommunen om helse- og omsorgstjenester, hjelp til å skaffe bolig eller andre tjenester. Da får du et vedtak som du kan klage på.',
        ],
      },
      {
        heading: 'Hva skjer nå',
        paragraphs: [
          `Saksbehandleren din${ctx.officeName ? ` på ${ctx.officeName}` : ''} hjelper deg videre og kan fortelle mer om vurderingen. Du har rett til å se dokumentene i saken (forvaltningsloven § 18). Oppgi referansen ${ctx.caseId}.`,
        ],
      },
    ],
  };
}

export function letterContent(ctx: LetterContext): PdfContent {
  return ctx.purpose === 'decision' ? decisionLetter(ctx) : informationLetter(ctx);
}
