/**
 * The programme's yearly fidelity self-assessment (seed 004 points to a fidelity checklist without
 * listing it). The items follow the published Pathways Housing First Fidelity Scale (Stefancic,
 * Tsemberis, Messeri, Drake and Goering, 2013, American Journal of Psychiatric Rehabilitation 16:
 * 240–261): five domains, each item scored from 1 (not implemented) to 4 (fully implemented). The
 * items' short wording lives with the web app's texts (one place per language); check it against
 * the published scale before relying on a score.
 */

export const FIDELITY_DOMAINS = ['housing', 'separation', 'philosophy', 'services', 'structure'] as const;
export type FidelityDomain = (typeof FIDELITY_DOMAINS)[number];

/** Each item with its domain, in the scale's order. */
export const FIDELITY_ITEMS = [
  ['housing-choice', 'housing'], // the person chooses the home and the neighbourhood
  ['housing-availability', 'housing'], // moved in quickly into a home of their choosing
  ['permanent-tenure', 'housing'], // an ordinary lease with no time limit
  ['affordable-housing', 'housing'], // at most about a third of income on rent
  ['integrated-housing', 'housing'], // scattered homes in ordinary neighbourhoods
  ['privacy', 'housing'], // no shared living spaces unless chosen
  ['no-housing-readiness', 'separation'], // no treatment or sobriety required to get a home
  ['no-tenancy-conditions', 'separation'], // keeping the home does not depend on services
  ['standard-lease', 'separation'], // the same rights and duties as any tenant
  ['rehousing', 'separation'], // the programme re-houses after a lost home
  ['services-continue', 'separation'], // follow-up goes on through housing loss
  ['off-site-services', 'separation'], // services are not based where people live
  ['mobile-services', 'separation'], // services come to the person
  ['service-choice', 'philosophy'], // the person chooses type, order and intensity of services
  ['no-psychiatric-requirement', 'philosophy'], // no treatment required to stay in the programme
  ['no-substance-requirement', 'philosophy'], // no abstinence or treatment required
  ['harm-reduction', 'philosophy'], // harm reduction in practice
  ['motivational-interviewing', 'philosophy'], // motivational interviewing in practice
  ['assertive-engagement', 'philosophy'], // the team keeps reaching out
  ['no-coercion', 'philosophy'], // no coercive or punitive means
  ['person-centred-planning', 'philosophy'], // plans from the person's own goals
  ['life-areas', 'philosophy'], // help in every area of life, not symptoms only
  ['housing-support', 'services'], // help to keep and run the home
  ['psychiatric-services', 'services'], // mental-health treatment offered
  ['substance-treatment', 'services'], // substance-use treatment offered
  ['employment-education', 'services'], // work and education support
  ['medical-services', 'services'], // nursing and physical health
  ['social-integration', 'services'], // community and social life
  ['round-the-clock', 'services'], // someone to call around the clock
  ['inpatient-involvement', 'services'], // involved when the person is admitted
  ['priority-enrolment', 'structure'], // those with most obstacles to housing first
  ['contact-frequency', 'structure'], // at least one contact a week
  ['staff-ratio', 'structure'], // a low number of participants per staff member
  ['team-approach', 'structure'], // the team shares responsibility for everyone
  ['frequent-meetings', 'structure'], // the team meets often
  ['case-review', 'structure'], // each person's plan reviewed regularly
  ['participant-representation', 'structure'], // participants have a say in the programme
  ['peer-specialist', 'structure'], // someone with lived experience on the team
] as const satisfies readonly (readonly [string, FidelityDomain])[];

export type FidelityItem = (typeof FIDELITY_ITEMS)[number][0];
export const FIDELITY_ITEM_IDS: readonly FidelityItem[] = FIDELITY_ITEMS.map(([id]) => id);

export interface FidelityAssessment {
  municipality: string;
  year: number;
  /** The day the programme group agreed on the scores. */
  assessedAt: string;
  scores: Record<FidelityItem, number>;
  /** Who recorded it (the token's subject). */
  recordedBy: string;
}

export interface DomainScore {
  domain: FidelityDomain;
  mean: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The mean of each domain's items and of all items. */
export function fidelityScores(scores: Record<FidelityItem, number>): {
  domains: DomainScore[];
  total: number;
} {
  const domains = FIDELITY_DOMAINS.map((domain) => {
    const items = FIDELITY_ITEMS.filter(([, d]) => d === domain).map(([id]) => scores[id]);
    return { domain, mean: round2(items.reduce((a, b) => a + b, 0) / items.length) };
  });
  const all = FIDELITY_ITEM_IDS.map((id) => scores[id]);
  return { domains, total: round2(all.reduce((a, b) => a + b, 0) / all.length) };
}
