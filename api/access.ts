/**
 * Who sees which personal fields of a case (taushetsplikt: only those who need them). The matrix
 * is documented in the README and the OpenAPI description.
 *
 * | level    | roles                         | sees                                                    |
 * | -------- | ----------------------------- | ------------------------------------------------------- |
 * | full     | hf-team, team-lead            | everything: person, notes, criteria, housing wishes,    |
 * |          |                               | follow-up worker, offer addresses, action-plan texts,   |
 * |          |                               | MANSA scores                                            |
 * | referral | caseworker, assessment-team   | the referral: person, criteria, notes; not the housing, |
 * |          |                               | follow-up or eviction details that came after           |
 * | none     | unit-leader, admin            | the case's course only: stage, dates, tasks, deadlines, |
 * |          |                               | incidents, letters; no person, no addresses, no scores  |
 *
 * Consent decides who is told: the assessment team, the HF team and its team lead see personal
 * fields only when the person consented to share with that party (`consentScope`); without it they
 * see the course only. The caseworker collected the consent and always sees the referral.
 *
 * Housing providers and NAV report events on a case but do not read it: their answers are receipts.
 * The projection is an allow-list: a field added to CaseView later stays hidden from the lower
 * levels until it is placed here on purpose. Free text counts as personal (a service named in the
 * decision, an incident's error text that may quote what was sent).
 *
 * Municipalities are tenants: every token names one, and no role reaches a case of another
 * (there is no national role). A caseworker reaches only their own office's cases. A user with
 * several roles sees, per case, what the best of the roles that pass every check on their own
 * (municipality, office, consent) may see: roles never add up past a check.
 */
import type { CaseView } from '../domain/case';
import type { ConsentParty, Role } from '../domain/types';
import type { User } from './auth';

export type PersonalLevel = 'full' | 'referral' | 'none';

export const PERSONAL_LEVEL: Record<Role, PersonalLevel> = {
  'hf-team': 'full',
  'team-lead': 'full',
  caseworker: 'referral',
  'assessment-team': 'referral',
  'unit-leader': 'none',
  admin: 'none',
  'housing-provider': 'none',
  nav: 'none',
};

const RANK: Record<PersonalLevel, number> = { none: 0, referral: 1, full: 2 };

/** The consent party a role's personal view rests on (undefined: not bound to the consent). */
const CONSENT_PARTY: Partial<Record<Role, ConsentParty>> = {
  'assessment-team': 'assessment-team',
  'hf-team': 'hf-team',
  'team-lead': 'hf-team',
};

/** What the access checks need to know of a case (from its view or its search attributes). */
export interface CaseScope {
  municipality?: string;
  office?: string;
  consentScope?: readonly string[];
}

/** Roles whose answers are receipts: they report events on a case but never read it. */
export const RECEIPT_ROLES: readonly Role[] = ['housing-provider', 'nav'];

export function isReceiptRole(role: Role | undefined): boolean {
  return !!role && RECEIPT_ROLES.includes(role);
}

/**
 * Whether a user acting in `role` may reach the case at all: the case lies in the user's
 * municipality and, for a caseworker, in their office. (Consent decides what is shown, not whether
 * the case is reached.)
 */
export function reaches(user: User, role: Role, c: CaseScope): boolean {
  if (!c.municipality || c.municipality !== user.municipality) return false;
  if (role === 'caseworker' && (!user.office || c.office !== user.office)) return false;
  return true;
}

/** The level one role sees on its own, given the case's consent scope. */
function roleLevel(role: Role, consentScope?: readonly string[]): PersonalLevel {
  const party = CONSENT_PARTY[role];
  return consentScope && party && !consentScope.includes(party) ? 'none' : PERSONAL_LEVEL[role];
}

/**
 * The highest level among the given roles, each judged on its own against the case's consent scope:
 * a role whose party the person did not consent to share with sees no personal fields.
 */
export function levelFor(roles: readonly Role[], consentScope?: readonly string[]): PersonalLevel {
  return roles.reduce<PersonalLevel>((best, r) => {
    const level = roleLevel(r, consentScope);
    return RANK[level] > RANK[best] ? level : best;
  }, 'none');
}

/**
 * What a user sees of one case: the best level among the roles (of `candidates`) that themselves
 * reach the case. A caseworker role from another office adds nothing, even next to a unit-leader
 * role that reaches the case.
 */
export function levelForUser(user: User, candidates: readonly Role[], c: CaseScope): PersonalLevel {
  return levelFor(
    candidates.filter((r) => user.roles.includes(r) && reaches(user, r, c)),
    c.consentScope,
  );
}

/**
 * The role a user acts in on a case, among the route's `allowed` roles: one that reaches the case,
 * preferring roles not bound to an office; undefined when none does (the caller gets a 404).
 */
export function actingRole(user: User, allowed: readonly Role[], c: CaseScope): Role | undefined {
  const held = allowed.filter((r) => user.roles.includes(r) && reaches(user, r, c));
  return held.find((r) => r !== 'caseworker') ?? held[0];
}

/** A case as one caller may see it: the CaseView, less what their level does not show. */
export type ShownCase = Omit<
  CaseView,
  'housing' | 'evictionRisks' | 'followUp' | 'decision' | 'incidents'
> & {
  decision?: Omit<NonNullable<CaseView['decision']>, 'services'> & {
    services: { kind?: string; hoursPerWeek: number }[];
  };
  incidents: (Omit<CaseView['incidents'][number], 'message'> & { message?: string })[];
  housing: Omit<CaseView['housing'], 'offers'> & {
    offers: (Omit<CaseView['housing']['offers'][number], 'address'> & { address?: string })[];
  };
  evictionRisks: (Omit<CaseView['evictionRisks'][number], 'actionPlan'> & {
    actionPlan?: { date: string; summary?: string };
  })[];
  followUp?: Omit<NonNullable<CaseView['followUp']>, 'evaluations'> & {
    evaluations: { milestone: number; date: string; mansaScore?: number }[];
  };
};

/** The case's course without personal data. */
function courseOf(view: CaseView): ShownCase {
  return {
    caseId: view.caseId,
    municipality: view.municipality,
    office: view.office,
    stage: view.stage,
    stageSince: view.stageSince,
    stageStays: view.stageStays,
    referredAt: view.referredAt,
    nextDueAt: view.nextDueAt,
    tasks: view.tasks,
    timeline: view.timeline,
    // An outside system's error text may quote what was sent: the course shows the incident, not the text.
    incidents: view.incidents.map(({ message: _message, ...incident }) => incident),
    // Which systems the case still waits on: names and times only.
    waitingCalls: view.waitingCalls,
    consentScope: view.consentScope,
    place: view.place,
    // A service is named in free text: the course keeps the hours only.
    decision: view.decision && {
      ...view.decision,
      services: view.decision.services.map((sv) => ({ hoursPerWeek: sv.hoursPerWeek })),
    },
    housing: {
      status: view.housing.status,
      offers: view.housing.offers.map((o) => ({
        offerId: o.offerId,
        unitId: o.unitId,
        source: o.source,
        availableFrom: o.availableFrom,
        offeredAt: o.offeredAt,
        ...(o.response ? { response: { accepted: o.response.accepted, date: o.response.date } } : {}),
      })),
      lease: view.housing.lease,
      movedInAt: view.housing.movedInAt,
      housingLostAt: view.housing.housingLostAt,
    },
    followUp: view.followUp && {
      startedAt: view.followUp.startedAt,
      lastContactAt: view.followUp.lastContactAt,
      contacts: view.followUp.contacts,
      plans: view.followUp.plans,
      evaluations: view.followUp.evaluations.map((e) => ({ milestone: e.milestone, date: e.date })),
    },
    evictionRisks: view.evictionRisks.map((r) => ({
      riskId: r.riskId,
      kind: r.kind,
      date: r.date,
      reportedBy: r.reportedBy,
      actionPlanDueAt: r.actionPlanDueAt,
      ...(r.actionPlan ? { actionPlan: { date: r.actionPlan.date } } : {}),
      navNotified: r.navNotified,
      ...(r.mootBy ? { mootBy: r.mootBy } : {}),
    })),
    // What the person wrote and the team lead's reasons are personal: the course keeps the steps.
    appeals: view.appeals?.map(({ summary: _s, review, outcome, ...a }) => ({
      ...a,
      ...(review ? { review: { ...review, reasons: '' } } : {}),
      ...(outcome ? { outcome: { outcome: outcome.outcome, date: outcome.date } } : {}),
    })),
    letters: view.letters,
    // Where a transferred person went (an institution, a prison) says something about their health.
    exit: view.exit && { reason: view.exit.reason, date: view.exit.date },
    withdrawnAt: view.withdrawnAt,
  };
}

/** Strips undefined members so the JSON shows only what is there. */
function compact<T extends object>(o: T): T {
  return JSON.parse(JSON.stringify(o)) as T;
}

export function viewFor(level: PersonalLevel, view: CaseView): ShownCase {
  if (level === 'full') return view;
  const course = courseOf(view);
  if (level === 'none') return compact(course);
  return compact({ ...course, person: view.person, criteria: view.criteria, notes: view.notes });
}

/** Whether a view at this level carries personal data (for the access log). */
export function showsPersonalData(level: PersonalLevel): boolean {
  return level !== 'none';
}
