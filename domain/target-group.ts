/**
 * Who the programme is for (målgruppen). A referral must meet the municipality's criteria or carry
 * a recorded reason for an exception: homeless as the national definition has it, and substance use
 * and/or mental-health problems — "and" or "or" as the municipality's own plan says (Stavanger's
 * project is for people with both at once, ROP-lidelser; Bergen and Sandnes for either).
 *
 * Pure rules: used by the API before a case starts and shown on the case.
 */
import type { TargetGroupCriteria } from './types';

/**
 * The situations the national survey of homelessness counts as homeless (Husbanken / NIBR / VIVE,
 * «Bostedsløse i Norge»): no owned or rented home, and one of these.
 */
export const HOMELESS_SITUATIONS = [
  'no-place-tonight', // uten sted å sove kommende natt
  'emergency-shelter', // akutt eller midlertidig botilbud (hospits, krisesenter, natthjem)
  'friends-or-family', // bor midlertidig hos venner, kjente eller slektninger
  'institution-release', // i institusjon, skal ut innen to måneder og har ikke bolig
  'prison-release', // i fengsel, løslates innen to måneder og har ikke bolig
] as const;
export type HomelessSituation = (typeof HOMELESS_SITUATIONS)[number];

/** The municipality's target group, from its project plan. */
export interface TargetGroupRule {
  /** `both`: substance use and mental-health problems at once; `either`: one of them is enough. */
  problems: 'both' | 'either';
}

export interface TargetGroupFinding {
  path: string;
  message: string;
}

/** True when the criteria meet the rule without an exception. */
export function meetsTargetGroup(criteria: TargetGroupCriteria, rule: TargetGroupRule): boolean {
  const problems =
    rule.problems === 'both'
      ? criteria.substanceUse && criteria.mentalHealth
      : criteria.substanceUse || criteria.mentalHealth;
  return criteria.homeless && problems;
}

/**
 * What stands in the way of a referral: nothing when the criteria are met or an exception is
 * reasoned; otherwise one finding naming the field, in words a caseworker can act on.
 */
export function checkTargetGroup(
  criteria: TargetGroupCriteria,
  rule: TargetGroupRule,
  municipalityName: string,
): TargetGroupFinding[] {
  if (meetsTargetGroup(criteria, rule)) return [];
  if (criteria.exceptionReason && criteria.exceptionReason.trim().length > 0) return [];
  const wanted =
    rule.problems === 'both'
      ? 'homeless, with both substance use and mental-health problems'
      : 'homeless, with substance use and/or mental-health problems';
  return [
    {
      path: 'criteria',
      message:
        `outside ${municipalityName}'s target group (${wanted}): ` +
        'give criteria.exceptionReason to refer as an exception',
    },
  ];
}
