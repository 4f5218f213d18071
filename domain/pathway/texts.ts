/**
 * Texts the case sends on: journal entries for the archive (which screens them: they may hold
 * health data) and the stage expectations a rejected event is answered with.
 */
import type { Stage } from '../stages';
import type {
  ActionPlanEvent,
  DecisionEvent,
  EvictionRiskKind,
  ExitReason,
  ReviewEvent,
  TargetGroupCriteria,
} from '../types';

/** What each stage waits for, quoted when an event does not fit (the API's 409 body). */
export const EXPECTS: Record<Stage, string> = {
  'first-review': "the assessment team's first review (round 1: relevant or not-relevant)",
  'not-relevant': 'the caseworker to record that the person was informed',
  mapping: "the HF team's mapping (kartlegging)",
  'second-review': "the assessment team's second review (round 2: place-offered or no-place)",
  'no-place': 'the caseworker to record that the person was informed',
  'waiting-for-place': 'a place to free up (the case is on the waiting list)',
  decision: "the team lead's decision (vedtak)",
  housing: 'housing offers, responses to them, and a signed lease',
  'move-in': 'the move-in',
  'follow-up':
    'contacts, plans, evaluations, eviction risks and action plans, housing lost or found, a revised decision, or an exit',
  closed: 'nothing more: the case is closed',
  exited: 'nothing more: follow-up has ended',
  withdrawn: 'nothing more: consent was withdrawn',
};

/** Why an incident closed without a retry: the call it held no longer exists (staff read this). */
export const INCIDENT_MOOT = {
  /** The queued call was taken out (a consent change, the case ended). */
  dropped:
    'Ikke lenger aktuell: kallet som feilet, er tatt ut av køen (samtykket er endret eller saken er avsluttet). Ingenting å prøve på nytt.',
  /** The programme was reconfigured: the milestone that failed is moved or gone. */
  milestoneChanged:
    'Ikke lenger aktuell: programmet er endret, og milepælen som feilet, er flyttet eller fjernet. Ingenting å prøve på nytt; en flyttet milepæl sendes på sin nye dato.',
} as const;

const REVIEW_OUTCOME: Record<ReviewEvent['outcome'], string> = {
  relevant: 'aktuell for Housing First – går videre til kartlegging',
  'not-relevant': 'ikke aktuell – personen informeres; dette er ikke et vedtak',
  'place-offered': 'tilbys plass – vedtak om oppfølging fattes når plass er ledig',
  'no-place': 'ingen plass – personen informeres; dette er ikke et vedtak',
};

/** Kinds of eviction risk, in the glossary's words (fravikelse, not utkastelse). */
export const EVICTION_RISK_NB: Record<EvictionRiskKind, string> = {
  'rent-arrears': 'husleierestanse',
  'neighbour-complaint': 'klage fra naboer',
  'eviction-warning': 'varsel om fravikelse',
  'eviction-petition': 'begjæring om fravikelse',
  'eviction-executed': 'fravikelse gjennomført',
};

/**
 * Codes a client may send as additional problems, in bokmål; anything else is free text the
 * caseworker wrote and is kept as written, with a code's dashes made spaces.
 */
const ADDITIONAL_NB: Record<string, string> = {
  'repeated-admissions': 'gjentatte innleggelser',
  'repeated-evictions': 'gjentatte fravikelser',
  violence: 'vold eller trusler',
  'criminal-record': 'straffesak eller soning',
  'physical-health': 'somatisk sykdom',
};

export function additionalNb(item: string): string {
  return ADDITIONAL_NB[item] ?? (/^[a-z]+(-[a-z]+)+$/.test(item) ? item.replace(/-/g, ' ') : item);
}

const EXIT_REASON: Record<ExitReason, string> = {
  'no-longer-wants': 'ønsker ikke lenger oppfølging',
  'moved-away': 'flyttet fra kommunen',
  transferred: 'overført til annen tjeneste',
  deceased: 'død',
};

export interface JournalText {
  title: string;
  content: string;
}

export function referralJournal(criteria: TargetGroupCriteria, notes?: string): JournalText {
  const lines = [
    `Bostedsløs: ${criteria.homeless ? 'ja' : 'nei'}`,
    `Rusproblemer: ${criteria.substanceUse ? 'ja' : 'nei'}`,
    `Psykiske helseproblemer: ${criteria.mentalHealth ? 'ja' : 'nei'}`,
    criteria.additional.length
      ? `Tilleggsproblematikk: ${criteria.additional.map(additionalNb).join('; ')}`
      : undefined,
    // The note keeps its own line breaks; a blank line sets it apart.
    notes ? `\nMerknad:\n${notes}` : undefined,
  ].filter((l): l is string => !!l);
  return { title: 'Henvisning til Bolig først', content: lines.join('\n') };
}

export function reviewJournal(event: ReviewEvent): JournalText {
  return {
    title: `Vurderingsteamet, ${event.round === 1 ? 'første' : 'andre'} vurdering`,
    content: [
      `Møtedato: ${event.meetingDate}`,
      `Utfall: ${REVIEW_OUTCOME[event.outcome]}`,
      event.notes ? `\nMerknad:\n${event.notes}` : undefined,
    ]
      .filter(Boolean)
      .join('\n'),
  };
}

export function decisionJournal(decision: DecisionEvent, no: number): JournalText {
  const services = decision.services.map(
    (s) => `${additionalNb(s.kind)}: ${String(s.hoursPerWeek).replace('.', ',')} timer per uke`,
  );
  return {
    title: no === 1 ? 'Vedtak om oppfølging i hjemmet' : 'Nytt vedtak om oppfølging i hjemmet',
    content: [
      `Vedtaksdato: ${decision.date}`,
      decision.decidedBy ? `Fattet av: ${decision.decidedBy.name}` : undefined,
      'Hjemmel: pasient- og brukerrettighetsloven § 2-1 a andre ledd, jf. helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6',
      ...services,
      decision.reviewBy ? `Revurdering av vedtaket innen: ${decision.reviewBy}` : undefined,
      decision.reasons ? `\nBegrunnelse:\n${decision.reasons}` : undefined,
    ]
      .filter(Boolean)
      .join('\n'),
  };
}

export function actionPlanJournal(kind: string, event: ActionPlanEvent): JournalText {
  return {
    title: 'Tiltaksplan ved fare for fravikelse',
    content: [
      `Fare for fravikelse: ${EVICTION_RISK_NB[kind as EvictionRiskKind] ?? additionalNb(kind)}`,
      `Dato: ${event.date}`,
      `\nTiltak:\n${event.summary}`,
    ].join('\n'),
  };
}

export function exitJournal(reason: ExitReason, date: string): JournalText {
  return {
    title: 'Avslutning av oppfølgingen fra Housing First-teamet',
    content: `Dato: ${date}\nÅrsak: ${EXIT_REASON[reason]}`,
  };
}

export function withdrawalJournal(date: string): JournalText {
  return {
    title: 'Samtykke trukket tilbake',
    content: `Dato: ${date}\nSaken er stanset, og opplysninger deles ikke videre.`,
  };
}
