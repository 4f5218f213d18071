/**
 * Policy: every duration and address the pathway uses, set per municipality. The values live in
 * the profiles under `config/municipalities/` and are validated by `domain/schemas/policy.ts`
 * when the worker and the API start. No duration is ever a literal in workflow code.
 *
 * A duration is a string: `"<n> <unit>"` with unit hours | days | weeks | months | years |
 * working-days (see domain/duration.ts).
 */
import type { HousingSource } from './types';

export type DurationText = string;

/** Reminder (to the team lead) and escalation (to the unit leader) for a waiting stage. */
export interface Ladder {
  remindAfter: DurationText;
  escalateAfter: DurationText;
}

/**
 * The part of a municipality's policy a case carries in its own state. It is copied into the
 * case when the case starts; see `workflows/case.ts` for why a running case keeps its copy.
 */
export interface PolicySnapshot {
  municipality: string;
  /** Bumped whenever a profile's durations change; recorded on each case. */
  version: number;
  timezone: string;
  /** Routine reminders go out only in working hours (ISO weekdays 1–7, local HH:MM). */
  workingHours: { weekdays: number[]; start: string; end: string };
  language: 'nb' | 'en';
  /** Where the programme's homes come from; an offer's `source` must fit (`both`: either). */
  housingSource: HousingSource | 'both';
  ladders: {
    firstReview: Ladder; // unreviewed referral: 14 / 28 days
    informPerson: Ladder; // "not relevant" / "no place" not yet told to the person
    mapping: Ladder; // mapping not done: 30 days
    secondReview: Ladder;
    decision: Ladder;
    housing: Ladder; // no housing: 8 / 12 weeks
    moveIn: Ladder;
    plans: Ladder; // follow-up and safety plans after move-in: 14 days
    staleContact: Ladder; // no contact: 14 / 28 days
    evaluation: Ladder; // milestone evaluation overdue
    decisionReview: Ladder;
    /** Consent scope lacks a party the case would tell (NAV of an eviction warning): ask the person. */
    askConsent: Ladder;
  };
  /** Action plan after an eviction risk is reported: due in this many working days. */
  actionPlanDue: DurationText;
  /** Evaluation milestones counted from move-in, in months: 6, 12, 24. */
  evaluationMonths: number[];
  /** The decision (vedtak) is reviewed this often. */
  decisionReviewEvery: DurationText;
  /**
   * Appeal deadline after delivery of a decision letter. The decisions are on health and care
   * services (helse- og omsorgstjenesteloven § 3-2), appealed under pasient- og
   * brukerrettighetsloven chapter 7: four weeks (§ 7-3), to Statsforvalteren (§ 7-2). The one place
   * for the value: the letter, the case's `appealDeadline` and any appeal task read it from here.
   */
  appealWindow: DurationText;
  /**
   * The window per kind of decision, where a kind differs from `appealWindow`: the decision that
   * grants follow-up, the ending of it, and a place refused after the mapping. A kind not named
   * here (and every kind in snapshots from before this existed) uses `appealWindow`. Read through
   * `appealWindowFor`, the one way to the value.
   */
  appealWindows?: Partial<Record<AppealableDecision, DurationText>>;
  /**
   * A case waiting for a place is reviewed this often: the team lead gets a review task (reminded
   * when it opens, the unit leader alerted `escalateAfter` later if it is still open) and the case
   * asks the places coordinator whether it still knows the request. Absent in profiles and case
   * snapshots from before it existed: every 30 days, escalated after 14 (see domain/pathway/waiting.ts).
   */
  waitingReview?: { every: DurationText; escalateAfter: DurationText };
  /**
   * An appeal's deadlines: the team lead's own review, and looking for Statsforvalteren's answer.
   * Absent in profiles and snapshots from before appeals were kept (domain/appeals.ts: 14/21 days
   * and 3/5 months).
   */
  appeals?: { review: Ladder; statsforvalteren: Ladder };
}

import type { TeamMember } from './team';
import type { IntensityRule } from './follow-up-intensity';
import type { TargetGroupRule } from './target-group';

export interface Office {
  id: string;
  name: string;
}

/** Addresses messages go to. Resolved when a message is sent, so a new team lead gets it. */
export interface Contacts {
  teamLead: string;
  unitLeader: string;
  onCall: string;
  admin: string;
  projectGroup: string;
}

export interface ProgrammeMilestone {
  id: string;
  title: string;
  /** Months after the programme's start date. */
  afterMonths: number;
  /** Repeats every N months after the first (the yearly fidelity self-assessment). */
  repeatEveryMonths?: number;
}

/** A kind of service a decision can grant, with the legal basis the letter states for it. */
export interface ServiceKind {
  id: string;
  /** As the letter names it. */
  name: string;
  /** Other spellings the team may use for it (matched without regard to case). */
  aliases?: string[];
  /** E.g. "helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav b". */
  legalBasis: string;
}

/** What letters to the person need: who writes, where to answer and appeal, who can help. */
export interface LetterProfile {
  /** The team's name in letters ("Housing First-teamet"). */
  team: string;
  /** The team's postal address: appeals go here, and printed letters go c/o here by default. */
  postalAddress: string[];
  /** The role of the person who makes decisions ("teamleder i Housing First-teamet"). */
  decisionMakerRole: string;
  /** Whom the person can call about the letter, and when the phone is answered if the letter should say. */
  contact: { name: string; phone: string; hours?: string };
  /** How this municipality calls a person's office, definite form ("helse- og sosialkontoret", "bydelen"). */
  officeTerm: string;
  /** Who decides an appeal the municipality does not grant (pbrl. § 7-2). */
  appealBody: string;
  /** Pasient- og brukerombudet for the county (pbrl. § 8-3). */
  ombud: { name: string; contact: string };
}

export interface MunicipalityProfile {
  id: string;
  name: string;
  offices: Office[];
  places: number;
  contacts: Contacts;
  /** The HF team's directory: tasks go to the named follow-up worker, the team lead in copy (team.ts). */
  team?: TeamMember[];
  programme: { startDate: string; milestones: ProgrammeMilestone[] };
  policy: PolicySnapshot;
  services: ServiceKind[];
  letters: LetterProfile;
  /** Who the programme is for, from the municipality's project plan (see `target-group.ts`). */
  targetGroup: TargetGroupRule;
  /** The forms the team fills in at mapping (kartlegging) before it is complete. */
  mapping: { requiredForms: MappingForm[] };
  /** When delivered follow-up counts as short of the decision (see `follow-up-intensity.ts`). */
  followUp: IntensityRule;
}

/** The mapping forms of the Norwegian Housing First projects (seed 001's attachments). */
export const MAPPING_FORMS = ['mapping', 'mansa', 'baseline1', 'baseline2'] as const;
export type MappingForm = (typeof MAPPING_FORMS)[number];

/** How the API names each form when one is missing (English, as all API messages). */
export const MAPPING_FORM_NAMES: Record<MappingForm, string> = {
  mapping: 'the mapping form (Kartleggingsskjema for Norge)',
  mansa: 'a MANSA baseline (Kartlegging av livskvalitet etter MANSA)',
  baseline1: 'the baseline form 1 (Kartlegging av baseline, skjema 1)',
  baseline2: 'the baseline form 2 (Kartlegging av baseline, skjema 2)',
};

/** The kinds of decision the service makes, each with an appeal window (the letters' purposes). */
export const APPEALABLE_DECISIONS = ['decision', 'ending', 'capacity-refusal'] as const;
export type AppealableDecision = (typeof APPEALABLE_DECISIONS)[number];

/** The appeal window of a kind of decision: the profile's value for that kind, else its one window. */
export function appealWindowFor(
  policy: Pick<PolicySnapshot, 'appealWindow' | 'appealWindows'>,
  kind: string,
): DurationText {
  return policy.appealWindows?.[kind as AppealableDecision] ?? policy.appealWindow;
}
