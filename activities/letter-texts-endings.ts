/**
 * The letters of decisions where the law sees one (issue 15, item 4), in plain bokmål with the
 * terms of `domain/glossary.ts`; `letter-texts.ts` holds the decision and information letters and
 * the parts they share (letterhead, contact, reasons as written).
 *
 * - **Vedtak om avslutning** (an exit after a decision, not by the person): the individual
 *   reasons (forvaltningsloven §§ 24–25) the team lead wrote, the legal basis of the services that
 *   end, who decided, the appeal (fvl. § 27; pbrl. §§ 7-2 and 7-3: four weeks, Statsforvalteren),
 *   postponed implementation (fvl. § 42), the documents (fvl. §§ 18–19), pasient- og
 *   brukerombudet (pbrl. § 8-3).
 * - **Bekreftelse på avslutning** (the person no longer wants it): a written confirmation that says
 *   the person ended it, that it is not a decision, and how to come back.
 * - **Vedtak om avslag på plass** (the second review's "no place", after the mapping confirmed
 *   the need): reasons, appeal rights, and that the right to necessary health and care services
 *   (pbrl. § 2-1 a) stands: only the place in Bolig først is refused.
 * - **Foreløpig svar** (fvl. § 11 a): why it takes time (every place is taken), the place in line,
 *   and the day by which the person can expect an answer.
 */
import type { DecisionLetterPurpose } from '../domain/pathway/decision-letters';
import type { ExitDestination } from '../domain/types';
import {
  appealSections,
  contactSection,
  formatDateNb,
  LEGAL_BASIS,
  letterhead,
  RIGHT_BASIS,
  service,
  written,
  type LetterContext,
} from './letter-texts';
import type { PdfContent, PdfSection } from './pdf';

export const ENDING_TITLES: Record<DecisionLetterPurpose, string> = {
  ending: 'Vedtak om avslutning av oppfølging i hjemmet',
  'ending-confirmation': 'Bekreftelse på at oppfølgingen er avsluttet',
  'capacity-refusal': 'Vedtak om avslag på plass i Bolig først',
  'interim-reply': 'Foreløpig svar om plass i Bolig først',
};

/** Letters that are decisions: SvarUt document type VEDTAK, neutral title "Vedtak fra …". */
export function isDecisionPurpose(purpose: string): boolean {
  return purpose === 'decision' || purpose === 'ending' || purpose === 'capacity-refusal';
}

export function isEndingPurpose(purpose: string): purpose is DecisionLetterPurpose {
  return (
    purpose === 'ending' ||
    purpose === 'ending-confirmation' ||
    purpose === 'capacity-refusal' ||
    purpose === 'interim-reply'
  );
}

const DESTINATION_NB: Record<ExitDestination, string> = {
  'supported-housing': 'et bofellesskap eller en bolig med bemanning',
  institution: 'en døgninstitusjon',
  'nursing-home': 'et sykehjem',
  'other-follow-up': 'en annen oppfølgingstjeneste i kommunen',
  'other-municipality': 'en tjeneste i en annen kommune',
  prison: 'fengsel',
  other: 'et annet tilbud',
};

const ROLE_NB: Record<string, string> = {
  'team-lead': 'teamleder',
  'hf-team': 'Housing First-teamet',
  'assessment-team': 'vurderingsteamet',
};

function deciderLine(ctx: LetterContext, fallbackRole: string): string {
  const by = ctx.facts?.decidedBy;
  const role =
    by?.role === 'team-lead'
      ? ctx.profile.letters.decisionMakerRole
      : ((by?.role && ROLE_NB[by.role]) ?? fallbackRole);
  return by?.name ? `${by.name}, ${role}, har fattet vedtaket.` : `Vedtaket er fattet av ${fallbackRole}.`;
}

function frame(ctx: LetterContext, title: string, sections: PdfSection[]): PdfContent {
  return {
    title,
    author: ctx.profile.name,
    letterhead: letterhead(ctx),
    addressee: [ctx.person.name],
    date: ctx.sentOn,
    sections: [...sections, contactSection(ctx)],
  };
}

function reasonsOf(ctx: LetterContext, what: string): string[] {
  const r = ctx.facts?.reasons;
  if (!r?.trim()) throw new Error(`${what} needs the individual reasons`);
  return written(r);
}

/** The ending of a granted service, decided by the team: a decision with reasons and appeal rights. */
export function endingLetter(ctx: LetterContext): PdfContent {
  const f = ctx.facts ?? {};
  const endedOn = f.endedOn ?? ctx.sentOn;
  const l = ctx.profile.letters;
  const services = (ctx.decision?.services ?? []).map((s) => service(ctx.profile, s));
  const bases = [...new Set(services.map((s) => s.legalBasis))];
  const facts: string[] = [];
  if (f.exitReason === 'moved-away') facts.push('Du har flyttet fra kommunen.');
  if (f.exitReason === 'transferred')
    facts.push(`Du får nå hjelp fra ${f.destination ? DESTINATION_NB[f.destination] : 'et annet tilbud'}.`);
  return frame(ctx, ENDING_TITLES.ending, [
    {
      heading: 'Oppfølgingen din i hjemmet avsluttes',
      paragraphs: [
        `Vi har bestemt at oppfølgingen i hjemmet fra ${l.team} er avsluttet fra ${formatDateNb(endedOn)}.` +
          (services.length ? ' Dette gjelder:' : ''),
        ...(services.length ? [services.map((s) => s.name)] : []),
      ],
    },
    {
      heading: 'Hvorfor vi avslutter oppfølgingen',
      paragraphs: [...facts, ...reasonsOf(ctx, 'an ending letter')],
    },
    {
      heading: 'Reglene vedtaket bygger på',
      paragraphs: [
        `Du har rett til nødvendige helse- og omsorgstjenester fra kommunen (${RIGHT_BASIS}). Har du fortsatt behov for hjelp, skal kommunen gi deg den hjelpen du trenger.`,
        `Oppfølgingen du har hatt, er gitt etter ${bases.length ? bases.join(' og ') : LEGAL_BASIS}.`,
        'Saken er behandlet etter forvaltningsloven og pasient- og brukerrettighetsloven.',
      ],
    },
    { heading: 'Hvem som har fattet vedtaket', paragraphs: [deciderLine(ctx, l.decisionMakerRole)] },
    ...appealSections(ctx, 'Du kan be om å få beholde oppfølgingen til klagen er avgjort'),
  ]);
}

/** The person ended it: a written confirmation, not a decision. */
export function endingConfirmation(ctx: LetterContext): PdfContent {
  const f = ctx.facts ?? {};
  const l = ctx.profile.letters;
  const office = ctx.officeName ?? l.officeTerm;
  return frame(ctx, ENDING_TITLES['ending-confirmation'], [
    {
      heading: 'Vi bekrefter at oppfølgingen er avsluttet',
      paragraphs: [
        `Du har sagt at du ikke lenger ønsker oppfølging fra ${l.team}. Derfor er oppfølgingen i hjemmet avsluttet fra ${formatDateNb(f.endedOn ?? ctx.sentOn)}.`,
        'Det var du som avsluttet oppfølgingen. Dette brevet er en bekreftelse, ikke et vedtak.',
        ...(f.reasons?.trim() ? written(f.reasons) : []),
      ],
    },
    {
      heading: 'Stemmer ikke dette?',
      paragraphs: [
        'Ta kontakt med oss så snart du kan hvis du ikke har bedt om å avslutte. Da fortsetter vi oppfølgingen.',
      ],
    },
    {
      heading: 'Du kan få hjelp igjen',
      paragraphs: [
        `Du kan når som helst ombestemme deg. Ta kontakt med oss eller med saksbehandleren din på ${office}. Du har fortsatt rett til nødvendige helse- og omsorgstjenester fra kommunen (${RIGHT_BASIS}).`,
        `Du har rett til å se dokumentene i saken din (forvaltningsloven §§ 18 og 19). Oppgi referansen ${ctx.caseId}.`,
      ],
    },
  ]);
}

/** A place refused after the mapping confirmed the need: a decision with reasons and appeal rights. */
export function capacityRefusal(ctx: LetterContext): PdfContent {
  const l = ctx.profile.letters;
  const office = ctx.officeName ?? l.officeTerm;
  return frame(ctx, ENDING_TITLES['capacity-refusal'], [
    {
      heading: 'Du får ikke plass i Bolig først nå',
      paragraphs: [
        'Vi har vurdert henvisningen din og kartleggingen vi gjorde sammen med deg. Vi har kommet fram til at vi ikke kan gi deg plass i Bolig først nå.',
      ],
    },
    { heading: 'Hvorfor du ikke får plass', paragraphs: reasonsOf(ctx, 'a refusal letter') },
    {
      heading: 'Du har fortsatt rett til hjelp',
      paragraphs: [
        `Avslaget gjelder bare plass i Bolig først. Du har fortsatt rett til nødvendige helse- og omsorgstjenester fra kommunen (${RIGHT_BASIS}). Saksbehandleren din på ${office} hjelper deg med å søke om annen hjelp til bolig og oppfølging.`,
      ],
    },
    {
      heading: 'Reglene vedtaket bygger på',
      paragraphs: [
        `Plass i Bolig først gir oppfølging i hjemmet etter ${LEGAL_BASIS}.`,
        'Saken er behandlet etter forvaltningsloven og pasient- og brukerrettighetsloven.',
      ],
    },
    { heading: 'Hvem som har fattet vedtaket', paragraphs: [deciderLine(ctx, 'vurderingsteamet')] },
    ...appealSections(ctx, 'Du kan be om at saken din holdes åpen til klagen er avgjort'),
  ]);
}

/** On the waiting list: an interim reply (fvl. § 11 a) with the day an answer can be expected. */
export function interimReply(ctx: LetterContext): PdfContent {
  const f = ctx.facts ?? {};
  if (!f.expectedBy) throw new Error('an interim reply needs the day an answer can be expected');
  return frame(ctx, ENDING_TITLES['interim-reply'], [
    {
      heading: `Du får svar innen ${formatDateNb(f.expectedBy)}`,
      paragraphs: [
        'Vurderingsteamet har kommet fram til at Bolig først er riktig for deg. Men alle plassene er i bruk nå. Derfor står du på ventelisten.' +
          (f.position ? ` Du er nummer ${f.position} på listen.` : ''),
        `Vi regner med å kunne gi deg et svar innen ${formatDateNb(f.expectedBy)}. Da har du enten fått plass, eller så skriver vi til deg igjen og forteller hvordan det går.`,
        'Får du plass, fatter vi et vedtak om oppfølging i hjemmet, og det sender vi til deg.',
      ],
    },
    {
      heading: 'Dette er et foreløpig svar',
      paragraphs: [
        'Vi sender deg dette brevet fordi det tar tid før vi kan gi deg et endelig svar (forvaltningsloven § 11 a). Dette er ikke et vedtak.',
        'Du trenger ikke å gjøre noe nå. Gi oss beskjed hvis du flytter, får nytt telefonnummer eller ikke lenger ønsker plass.',
      ],
    },
  ]);
}

export function endingLetterContent(ctx: LetterContext & { purpose: DecisionLetterPurpose }): PdfContent {
  switch (ctx.purpose) {
    case 'ending':
      return endingLetter(ctx);
    case 'ending-confirmation':
      return endingConfirmation(ctx);
    case 'capacity-refusal':
      return capacityRefusal(ctx);
    case 'interim-reply':
      return interimReply(ctx);
  }
}
