/**
 * Appeals (klage) on a decision, forvaltningsloven §§ 28–33 with pasient- og
 * brukerrettighetsloven § 7-2 and § 7-3 (the decisions are on health and care services):
 *
 * - The person appeals within the window (`policy.appealWindow`, four weeks from the letter's
 *   delivery); a late appeal is registered as late with its date (fvl. § 31: it may still be
 *   heard when there is good reason).
 * - The team lead, who made the decision, reviews it first (fvl. § 33 andre ledd): grants it,
 *   grants part of it, dismisses it (late, fvl. § 31), or lets the decision stand. The review has a
 *   deadline: a reminder and then the unit leader (`appeals.review` in the profile).
 * - What is not granted is sent on to Statsforvalteren (pbrl. § 7-2, fvl. § 33 fjerde ledd), and
 *   its outcome is recorded when it comes; the team lead is reminded to look for it.
 * - Follow-up goes on meanwhile: an appeal holds up nothing.
 *
 * No zod here: the steps that use these are in the workflow bundle.
 */
import type { Ladder, PolicySnapshot } from './policy';
import type { IsoDate } from './types';

/** The team lead's own review: granted, partly granted, dismissed (late), or the decision stands. */
export const APPEAL_REVIEW_OUTCOMES = ['granted', 'partly-granted', 'dismissed', 'upheld'] as const;
export type AppealReviewOutcome = (typeof APPEAL_REVIEW_OUTCOMES)[number];

/** Statsforvalteren's outcome: the decision stands, is changed, or is quashed and sent back. */
export const STATSFORVALTEREN_OUTCOMES = ['upheld', 'changed', 'quashed'] as const;
export type StatsforvalterenOutcome = (typeof STATSFORVALTEREN_OUTCOMES)[number];

/** POST /referrals/:id/appeals: an appeal was received. */
export interface AppealEvent {
  /** The decision appealed (the latest when absent). */
  decisionNo?: number;
  /** The date the appeal was received (or posted): it decides whether it came in time. */
  receivedDate: IsoDate;
  /** What the person appeals, in short (personal data: kept encrypted). */
  summary?: string;
}

/** POST /referrals/:id/appeal-review: the team lead's own review of the decision. */
export interface AppealReviewEvent {
  appealId: string;
  outcome: AppealReviewOutcome;
  date: IsoDate;
  reasons: string;
}

/** POST /referrals/:id/appeal-outcome: Statsforvalteren's answer. */
export interface AppealOutcomeEvent {
  appealId: string;
  outcome: StatsforvalterenOutcome;
  date: IsoDate;
  note?: string;
}

export type AppealStatus = 'team-lead-review' | 'at-statsforvalteren' | 'closed';

export interface AppealState {
  appealId: string;
  decisionNo: number;
  receivedDate: IsoDate;
  /** The window's last day when the appeal came, if the letter had been delivered by then. */
  deadline?: IsoDate;
  late: boolean;
  summary?: string;
  status: AppealStatus;
  review?: { outcome: AppealReviewOutcome; date: IsoDate; reasons: string };
  sentOn?: IsoDate;
  outcome?: { outcome: StatsforvalterenOutcome; date: IsoDate; note?: string };
}

/** The deadlines of an appeal, from the profile (`appeals`), or these when the profile has none. */
export interface AppealPolicy {
  /** The team lead's review: reminded after `remindAfter`, the unit leader alerted after `escalateAfter`. */
  review: Ladder;
  /** Statsforvalteren's answer: the team lead is reminded to look for it, then the unit leader. */
  statsforvalteren: Ladder;
}

/**
 * Three weeks for the team lead's review (an appeal is prepared "uten ugrunnet opphold", fvl.
 * § 33; past a month the person is owed an interim reply, § 11 a); Statsforvalteren often takes
 * months, so the team lead is asked after three and the unit leader after five.
 */
export const APPEAL_POLICY_DEFAULT: AppealPolicy = {
  review: { remindAfter: '14 days', escalateAfter: '21 days' },
  statsforvalteren: { remindAfter: '3 months', escalateAfter: '5 months' },
};

export function appealPolicy(policy: PolicySnapshot): AppealPolicy {
  return policy.appeals ?? APPEAL_POLICY_DEFAULT;
}

/** An outcome of the team lead's review that sends the appeal on to Statsforvalteren. */
export function sentOn(outcome: AppealReviewOutcome): boolean {
  return outcome === 'upheld' || outcome === 'partly-granted';
}
