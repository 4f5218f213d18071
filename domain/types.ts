/**
 * The pathway's data, as plain types. Pure: no I/O and no runtime libraries, so workflow code can
 * import it. The zod schemas in `domain/schemas/` produce exactly these shapes at the API and the
 * worker (see the `satisfies` checks there); workflows take already-valid input.
 *
 * Dates the user reports (`date`, `meetingDate`, …) are ISO `YYYY-MM-DD` strings; moments the
 * system records (`at`, `dueAt`) are full ISO timestamps in UTC.
 */

import type { PrivateRental } from './private-rental';
import type { HomelessSituation } from './target-group';

export type IsoDate = string; // YYYY-MM-DD
export type IsoTimestamp = string; // 2026-11-24T08:00:00.000Z

export const ROLES = [
  'caseworker',
  'assessment-team',
  'hf-team',
  'team-lead',
  'unit-leader',
  'admin',
  'housing-provider',
  'nav',
] as const;
export type Role = (typeof ROLES)[number];

/** Parties the person may consent to share information with (samtykke scope). */
export const CONSENT_PARTIES = [
  'assessment-team',
  'hf-team',
  'specialist-health',
  'nav',
  'housing-provider',
] as const;
export type ConsentParty = (typeof CONSENT_PARTIES)[number];

/** Who did something: a user ID (JWT `sub`) and the role they acted in. Never a person's name. */
export interface Actor {
  id: string;
  role: Role | 'system';
}

/** The person referred. Special-category data: only ever travels inside encrypted payloads. */
export interface Person {
  name: string;
  /** Norwegian national identity number (fødselsnummer / D-number), 11 digits. */
  nationalId?: string;
  /** Used instead of the national identity number where the person wishes. */
  pseudonym?: string;
  phone?: string;
}

export interface TargetGroupCriteria {
  homeless: boolean;
  substanceUse: boolean;
  mentalHealth: boolean;
  /** Extra problems: repeated admissions, crime, violence, lost housing before, … */
  additional: string[];
  /** Which situation of the national definition of homelessness applies (see `target-group.ts`). */
  homelessSituation?: HomelessSituation;
  /** Why the person is referred although the criteria are not met (an exception, reasoned). */
  exceptionReason?: string;
}

export interface Consent {
  given: true;
  date: IsoDate;
  scope: ConsentParty[];
}

/** What the caseworker submits (innsøking). */
export interface ReferralInput {
  person: Person;
  office: string;
  criteria: TargetGroupCriteria;
  consent: Consent;
  notes?: string;
}

// ---------------------------------------------------------------------------------------------
// Events a person reports. Each carries its own date, which may lie in the past.

export type ReviewOutcome = 'relevant' | 'not-relevant' | 'place-offered' | 'no-place';

export interface ReviewEvent {
  round: 1 | 2;
  outcome: ReviewOutcome;
  meetingDate: IsoDate;
  notes?: string;
  /**
   * A place refused at the second review ("no-place", after the mapping) is a decision: the facts
   * and main considerations for this person (forvaltningsloven §§ 24–25), stated in its letter.
   */
  reasons?: string;
  /** Who decided (from the caller's token; the API fills it in). */
  decidedBy?: { name: string };
}

export interface InformedEvent {
  date: IsoDate;
  channel: 'in-person' | 'phone' | 'letter' | 'digital' | 'other';
}

export interface HousingWishes {
  areas: string[];
  type?: string;
  needs: string[];
}

export interface MappingEvent {
  followUpWorker: string;
  housingWishes: HousingWishes;
  forms: { mapping?: IsoDate; baseline1?: IsoDate; baseline2?: IsoDate };
  /** MANSA quality-of-life score (mean of 12 items, 1–7). */
  mansaBaseline?: number;
  /** The twelve MANSA answers behind the baseline (see domain/mansa.ts). */
  mansaItems?: number[];
}

export interface ServiceGrant {
  kind: string;
  hoursPerWeek: number;
}

export interface DecisionEvent {
  services: ServiceGrant[];
  date: IsoDate;
  reviewBy?: IsoDate;
  /**
   * The individual reasons (forvaltningsloven §§ 24–25): the facts and the main considerations
   * for this person, written by the team lead; for a revised decision, what changed and why.
   * Required by the API; absent only in decisions recorded before it was.
   */
  reasons?: string;
  /** Who made the decision (from the team lead's token; the API fills it in). */
  decidedBy?: { name: string };
}

export type HousingSource = 'municipal' | 'private';

export interface HousingOfferEvent {
  unitId: string;
  address: string;
  source: HousingSource;
  availableFrom: IsoDate;
}

export interface OfferResponseEvent {
  offerId: string;
  accepted: boolean;
  reason?: string;
  date: IsoDate;
}

export interface LeaseEvent {
  unitId: string;
  signedDate: IsoDate;
  moveInDate: IsoDate;
  /** A lease with a private landlord: landlord, term, security, intermediary (domain/private-rental.ts). */
  privateRental?: PrivateRental;
}

export interface MoveInEvent {
  date: IsoDate;
}

/** The team lead reviewed a case on the waiting list (see domain/steps/waiting-review.ts). */
export interface WaitingReviewEvent {
  date: IsoDate;
  note?: string;
}

/**
 * Why the person's details stored at the start are corrected: a code, never free text (the
 * course of a case, which unit leaders and administrators read, names the reason).
 */
export const PERSON_CORRECTION_REASONS = [
  'unreadable-characters', // the name held characters no system accepts (control characters)
  'misspelt', // a typing error at registration
  'wrong-national-id', // the number belonged to someone else or was mistyped
  'name-changed', // the person changed their name
  'identity-confirmed', // a pseudonym replaced by the confirmed identity, or the other way round
] as const;
export type PersonCorrectionReason = (typeof PERSON_CORRECTION_REASONS)[number];

/** The corrected fields of the person (at least one), and why. */
export interface PersonCorrectionEvent {
  person: Partial<Person>;
  reason: PersonCorrectionReason;
}

export interface PlansEvent {
  /** Follow-up plan with a written follow-up agreement (oppfølgingsplan, oppfølgingskontrakt). */
  followUpPlan?: IsoDate;
  /** Safety and crisis plan (trygghetsplan, kriseplan). */
  safetyPlan?: IsoDate;
  /** Date the person was offered an individual plan (individuell plan). */
  individualPlanOffered?: IsoDate;
}

export const CONTACT_KINDS = ['home-visit', 'accompany', 'phone', 'meeting', 'other'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export interface ContactEvent {
  date: IsoDate;
  kind: ContactKind;
  minutes?: number;
  note?: string;
}

export interface EvaluationEvent {
  milestone: number; // months after move-in
  date: IsoDate;
  mansaScore?: number;
  /** The twelve MANSA answers behind the score (see domain/mansa.ts). */
  mansaItems?: number[];
  feedback?: string;
}

export const EVICTION_RISK_KINDS = [
  'rent-arrears',
  'neighbour-complaint',
  'eviction-warning',
  'eviction-petition',
  'eviction-executed',
] as const;
export type EvictionRiskKind = (typeof EVICTION_RISK_KINDS)[number];

export interface EvictionRiskEvent {
  kind: EvictionRiskKind;
  date: IsoDate;
  detail?: string;
}

export interface ActionPlanEvent {
  riskId: string;
  date: IsoDate;
  summary: string;
}

export interface HousingLostEvent {
  date: IsoDate;
  reason: string;
}

export const EXIT_REASONS = ['no-longer-wants', 'moved-away', 'transferred', 'deceased'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

/** Where a transferred person went: categories, not free text, so the report can count them. */
export const EXIT_DESTINATIONS = [
  'supported-housing', // bofellesskap eller bolig med bemanning
  'institution', // døgninstitusjon (rus eller psykisk helse)
  'nursing-home', // sykehjem
  'other-follow-up', // en annen oppfølgingstjeneste i kommunen (f.eks. FACT-teamet)
  'other-municipality', // en tjeneste i en annen kommune
  'prison', // fengsel
  'other',
] as const;
export type ExitDestination = (typeof EXIT_DESTINATIONS)[number];

export interface ExitEvent {
  reason: ExitReason;
  date: IsoDate;
  /** Where the person went; asked for when the reason is `transferred`, and only then. */
  destination?: ExitDestination;
  /**
   * Ending a granted service is a decision: the facts and main considerations for this person
   * (forvaltningsloven §§ 24–25), required then, stated in its letter. Unless the person ended it.
   */
  reasons?: string;
  /** Who decided (from the caller's token; the API fills it in). */
  decidedBy?: { name: string };
}

export interface ConsentWithdrawalEvent {
  date: IsoDate;
}

/**
 * The person changed what may be shared with whom (typically: the team asked, as a reminder
 * told them to, and the person now consents to NAV being told). Replaces the scope.
 */
export interface ConsentScopeEvent {
  date: IsoDate;
  scope: ConsentParty[];
}
