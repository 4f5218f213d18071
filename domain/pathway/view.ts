/** What the `getCase` query shows, and what the search attributes say (never personal data). */
import type { CaseView, EventReceipt, Task } from '../case';
import { startOfLocalDay } from '../calendar';
import { hasOpenIncident, operationOf } from './outbox';
import type { CaseState, PathwayTask } from './state';
import { EXPECTS } from './texts';

function taskView(t: PathwayTask): Task {
  const { anchor: _a, ladder: _l, alert: _al, urgent: _u, facts: _f, ...task } = t;
  return { ...task };
}

export function nextDueAt(state: CaseState): string | undefined {
  let next: string | undefined;
  for (const t of state.tasks) if (!next || t.dueAt < next) next = t.dueAt;
  return next;
}

/** An update's answer: the stage, what comes next, the nearest deadline (the query has the rest). */
export function toReceipt(state: CaseState): EventReceipt {
  const due = nextDueAt(state);
  return {
    caseId: state.caseId,
    stage: state.stage,
    expects: EXPECTS[state.stage],
    ...(due ? { nextDueAt: due } : {}),
    hasIncident: hasOpenIncident(state),
  };
}

export function toView(state: CaseState): CaseView {
  const latest = state.decisions[state.decisions.length - 1];
  const h = state.housing;
  return {
    caseId: state.caseId,
    municipality: state.municipality,
    office: state.office,
    stage: state.stage,
    stageSince: state.stageSince,
    referredAt: state.referredAt,
    nextDueAt: nextDueAt(state),
    tasks: [...state.tasks].sort((a, b) => a.dueAt.localeCompare(b.dueAt)).map(taskView),
    timeline: state.timeline.map((e) => ({ ...e })),
    incidents: state.incidents.map((i) => ({ ...i })),
    waitingCalls: state.outbox.map((o) => ({
      system: o.system,
      operation: operationOf(o),
      queuedAt: o.queuedAt,
      ...(o.incidentId ? { incidentId: o.incidentId } : {}),
    })),
    consentScope: [...state.consent.scope],
    place: state.place ? { ...state.place } : undefined,
    decision: latest
      ? {
          services: latest.services.map((s) => ({ ...s })),
          date: latest.date,
          reviewBy: latest.reviewBy,
          archivedAs: latest.archivedAs,
        }
      : undefined,
    housing: {
      status: h.status,
      offers: h.offers.map((o) => ({
        offerId: o.offerId,
        unitId: o.unitId,
        address: o.address,
        source: o.source,
        availableFrom: o.availableFrom,
        offeredAt: o.offeredAt,
        response: o.response ? { ...o.response } : undefined,
      })),
      lease: h.lease
        ? {
            unitId: h.lease.unitId,
            signedDate: h.lease.signedDate,
            moveInDate: h.lease.moveInDate,
            ...(h.lease.privateRental ? { privateRental: structuredCopy(h.lease.privateRental) } : {}),
            ...(h.lease.ended ? { ended: { date: h.lease.ended.date, reason: h.lease.ended.reason } } : {}),
          }
        : undefined,
      movedInAt: h.movedInAt,
      housingLostAt: h.housingLostAt.length ? [...h.housingLostAt] : undefined,
      movedInAgainAt: h.movedInAgainAt.length ? [...h.movedInAgainAt] : undefined,
    },
    followUp: state.followUp
      ? {
          startedAt: state.followUp.startedAt,
          lastContactAt: state.followUp.lastContactAt,
          contacts: state.followUp.contacts,
          minutesByWeek: state.followUp.minutesByWeek?.map((w) => ({ ...w })),
          plans: { ...state.followUp.plans },
          evaluations: state.followUp.evaluations.map((e) => ({
            milestone: e.milestone,
            date: e.date,
            mansaScore: e.mansaScore,
            ...(e.mansaItems ? { mansaItems: [...e.mansaItems] } : {}),
          })),
        }
      : undefined,
    evictionRisks: state.evictionRisks.map((r) => ({
      riskId: r.riskId,
      kind: r.kind,
      date: r.date,
      reportedBy: r.reportedBy,
      actionPlanDueAt: r.actionPlanDueAt,
      actionPlan: r.actionPlan ? { ...r.actionPlan } : undefined,
      navNotified: r.navNotified ?? false,
      ...(r.mootBy ? { mootBy: r.mootBy } : {}),
    })),
    appeals: state.appeals?.length ? state.appeals.map((a) => structuredCopy(a)) : undefined,
    letters: state.letters.map((l) => ({
      purpose: l.purpose,
      forsendelseId: l.forsendelseId,
      status: l.status,
      deliveredAt: l.deliveredAt,
      appealDeadline: l.appealDeadline,
    })),
    exit: state.exit ? { ...state.exit } : undefined,
    stageStays: state.stageStays?.length ? state.stageStays.map((s) => ({ ...s })) : undefined,
    withdrawnAt: state.withdrawnAt,
    policyVersion: state.policy.version,
    timelineTrimmed: state.timelineTrimmed || undefined,
    recordsTrimmed: state.recordsTrimmed ? { ...state.recordsTrimmed } : undefined,
    person: state.person,
    notes: state.notes,
    housingWishes: state.mapping?.housingWishes,
    mansaBaseline: state.mapping?.mansaBaseline,
    mansaBaselineItems: state.mapping?.mansaItems,
    teamNotes: state.teamNotes?.length ? state.teamNotes.map((n) => ({ ...n })) : undefined,
    teamNotesTrimmed: state.teamNotesTrimmed || undefined,
    followUpWorker: state.mapping?.followUpWorker,
    criteria: state.criteria,
  };
}

/** The search attributes' values; the workflow upserts those that changed. */
export interface CaseAttributes {
  stage: string;
  office: string;
  municipality: string;
  nextDueAt: Date | null;
  hasIncident: boolean;
  referredAt: Date;
  movedInAt: Date | null;
  housingStatus: string;
  exitReason: string | null;
}

export function attributesOf(state: CaseState): CaseAttributes {
  const due = nextDueAt(state);
  const movedIn = state.housing.movedInAt;
  return {
    stage: state.stage,
    office: state.office,
    municipality: state.municipality,
    nextDueAt: due ? new Date(due) : null,
    hasIncident: hasOpenIncident(state),
    referredAt: new Date(state.referredInstant),
    movedInAt: movedIn ? startOfLocalDay(movedIn, state.policy.timezone) : null,
    housingStatus: state.housing.status,
    exitReason: state.exit?.reason ?? null,
  };
}

/**
 * Before the state moves to a new run, the oldest timeline entries beyond `keep` are dropped
 * (the archive's journal keeps the record; the count is shown) so years of contacts cannot grow
 * the carried state without bound.
 */
export function trimTimeline(state: CaseState, keep: number): void {
  const extra = state.timeline.length - keep;
  if (extra <= 0) return;
  state.timeline.splice(0, extra);
  state.timelineTrimmed += extra;
}

/** A plain copy of a record of plain data (no shared references into the state). */
function structuredCopy<T>(o: T): T {
  return JSON.parse(JSON.stringify(o)) as T;
}
