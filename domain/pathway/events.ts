/**
 * Every event a person reports, as a pair: `check` says whether it fits the case now (a
 * rejection changes nothing and names the stage and what it expects), `apply` changes the
 * state, records the timeline and queues the work it causes. The case workflow registers each
 * pair as an update with a validator.
 *
 * The principles hold here as invariants:
 * - "not relevant" and "no place" queue an information letter and an inform-person task, never
 *   a decision (only `applyDecision` queues a decision letter, and only after a place is held);
 * - no event asks for sobriety or treatment (no check looks at the target-group criteria);
 * - a declined offer changes nothing but the offer (the place is kept);
 * - housing lost keeps the case in follow-up and restarts procurement inside it;
 * - follow-up has no task that ends it; only an exit or a withdrawal does.
 */
import { mayTell, navShouldHear } from '../consent';
import { addMinutes } from '../follow-up-intensity';
import { isMansaItems, type TeamNote } from '../mansa';
import { anchorOf } from '../deadlines';
import { isTerminal, type Stage } from '../stages';
import {
  CONSENT_PARTIES,
  CONTACT_KINDS,
  EVICTION_RISK_KINDS,
  EXIT_DESTINATIONS,
  EXIT_REASONS,
  type ActionPlanEvent,
  type Actor,
  type ConsentScopeEvent,
  type ConsentWithdrawalEvent,
  type ContactEvent,
  type DecisionEvent,
  type EvaluationEvent,
  type EvictionRiskEvent,
  type ExitEvent,
  type HousingLostEvent,
  type HousingOfferEvent,
  type InformedEvent,
  type IsoDate,
  type MappingEvent,
  type OfferResponseEvent,
  type PlansEvent,
  type ReviewEvent,
} from '../types';
import { LIMITS as L } from '../limits';
import type { PolicySnapshot } from '../policy';
import {
  badDate,
  CURRENT_RULES,
  first,
  invalid,
  isMansa,
  isObject,
  isReference,
  nonEmpty,
  OPEN_AFTER_FIRST_REVIEW,
  optionalText,
  procuring,
  textList,
  unknown,
  wrongStage,
  type Check,
} from './checks';
import { decisionKey, queueLetter, releasePlace } from './common';
import { dropOutsideItems, enqueue, retryIncident } from './outbox';
import {
  closeTask,
  closeTasks,
  iso,
  record,
  setStage,
  SYSTEM_ACTOR,
  type CaseState,
  type RiskState,
} from './state';
import { openActionPlanTask, openDecisionReviewTask, openLadderTask, recomputeLadders } from './tasks';
import { actionPlanJournal, decisionJournal, exitJournal, reviewJournal, withdrawalJournal } from './texts';

export {
  CURRENT_RULES,
  type Check,
  type Rejection,
  type RejectionDetails,
  type RejectionType,
  type Rules,
} from './checks';

// ---------------------------------------------------------------------------------------------
// Reviews

export const checkReview: Check<ReviewEvent> = (state, e, now) => {
  if (e.round !== 1 && e.round !== 2) return invalid('round', 'expected 1 or 2');
  if (e.round === 1 && state.stage !== 'first-review') return wrongStage(state, 'a first review');
  if (e.round === 2 && state.stage !== 'second-review') return wrongStage(state, 'a second review');
  const outcomes = e.round === 1 ? ['relevant', 'not-relevant'] : ['place-offered', 'no-place'];
  if (!outcomes.includes(e.outcome)) {
    return invalid('outcome', `round ${e.round} decides ${outcomes.join(' or ')}`);
  }
  return first(badDate(state, 'meetingDate', e.meetingDate, now), optionalText('notes', e.notes, L.longText));
};

export function applyReview(state: CaseState, actor: Actor, e: ReviewEvent, now: Date): void {
  const anchor = anchorOf(e.meetingDate, now, state.policy);
  record(state, now, `review-${e.round}`, actor, `outcome: ${e.outcome}`, e.meetingDate);
  const text = reviewJournal(e);
  enqueue(
    state,
    {
      system: 'archive',
      op: 'journal',
      purpose: `review-${e.round}`,
      kind: `review-${e.round}`,
      date: e.meetingDate,
      ...text,
    },
    now,
  );
  closeTask(state, e.round === 1 ? 'first-review' : 'second-review');
  switch (e.outcome) {
    case 'relevant':
      setStage(state, 'mapping', now);
      openLadderTask(state, 'mapping', 'mapping', anchor, now);
      break;
    case 'place-offered':
      setStage(state, 'waiting-for-place', now);
      state.place = { status: 'waiting' };
      enqueue(state, { system: 'places', op: 'request', existing: false }, now);
      break;
    case 'not-relevant':
    case 'no-place':
      // Information, not a decision (vedtak): a letter that says so, and the caseworker tells them.
      setStage(state, e.outcome, now);
      queueLetter(state, e.outcome, e.meetingDate, now);
      openLadderTask(state, 'inform-person', 'inform-person', anchor, now);
      break;
  }
}

export const checkInformed: Check<InformedEvent> = (state, e, now) => {
  if (state.stage !== 'not-relevant' && state.stage !== 'no-place') {
    return wrongStage(state, 'that the person was informed');
  }
  if (!['in-person', 'phone', 'letter', 'digital', 'other'].includes(e.channel)) {
    return invalid('channel', 'expected in-person, phone, letter, digital or other');
  }
  return badDate(state, 'date', e.date, now);
};

export function applyInformed(state: CaseState, actor: Actor, e: InformedEvent, now: Date): void {
  record(state, now, 'informed', actor, `person informed (${e.channel}) of: ${state.stage}`, e.date);
  closeTasks(state, () => true);
  setStage(state, 'closed', now);
}

// ---------------------------------------------------------------------------------------------
// Mapping and the decision

export const checkMapping: Check<MappingEvent> = (state, e, now) => {
  if (state.stage !== 'mapping') return wrongStage(state, 'a mapping');
  if (!nonEmpty(e.followUpWorker, L.followUpWorker))
    return invalid('followUpWorker', 'expected who follows the person up');
  const w = e.housingWishes;
  if (!isObject(w) || !Array.isArray(w.areas) || !Array.isArray(w.needs)) {
    return invalid('housingWishes', 'expected { areas: [], needs: [] }');
  }
  const wishes = first(
    textList('housingWishes.areas', w.areas, L.wishArea),
    optionalText('housingWishes.type', w.type, L.wishType),
    textList('housingWishes.needs', w.needs, L.wishNeed),
  );
  if (wishes) return wishes;
  if (e.mansaItems !== undefined && !isMansaItems(e.mansaItems)) {
    return invalid('mansaItems', 'expected the 12 MANSA answers, each a whole number from 1 to 7');
  }
  if (!isObject(e.forms)) return invalid('forms', 'expected an object of form dates');
  for (const key of ['mapping', 'baseline1', 'baseline2'] as const) {
    const d = e.forms[key];
    if (d !== undefined) {
      const bad = badDate(state, `forms.${key}`, d, now);
      if (bad) return bad;
    }
  }
  if (e.mansaBaseline !== undefined && !isMansa(e.mansaBaseline)) {
    return invalid('mansaBaseline', `expected a MANSA mean score from ${L.mansaMin} to ${L.mansaMax}`);
  }
  return undefined;
};

export function applyMapping(state: CaseState, actor: Actor, e: MappingEvent, now: Date): void {
  state.mapping = e;
  const forms = Object.keys(e.forms).filter((k) => e.forms[k as keyof typeof e.forms]);
  record(state, now, 'mapping', actor, `mapping completed; forms: ${forms.join(', ') || 'none'}`);
  closeTask(state, 'mapping');
  setStage(state, 'second-review', now);
  openLadderTask(state, 'second-review', 'second-review', now, now);
}

const DECISION_STAGES: Stage[] = ['decision', 'housing', 'move-in', 'follow-up'];

export const checkDecision: Check<DecisionEvent> = (state, e, now, rules = CURRENT_RULES) => {
  if (!DECISION_STAGES.includes(state.stage)) {
    return wrongStage(state, 'a decision (vedtak), which needs a held place,');
  }
  if (!Array.isArray(e.services) || e.services.length === 0) {
    return invalid('services', 'expected at least one service with its hours per week');
  }
  for (const [i, s] of e.services.entries()) {
    if (!isObject(s) || !nonEmpty(s.kind, L.serviceKind))
      return invalid(`services.${i}.kind`, 'expected the service');
    if (typeof s.hoursPerWeek !== 'number' || !(s.hoursPerWeek > 0 && s.hoursPerWeek <= L.hoursPerWeek)) {
      return invalid(`services.${i}.hoursPerWeek`, `expected hours per week between 0 and ${L.hoursPerWeek}`);
    }
  }
  return first(
    badDate(state, 'date', e.date, now),
    e.reviewBy === undefined ? undefined : badDate(state, 'reviewBy', e.reviewBy, now, false),
    rules.datesInOrder && e.reviewBy !== undefined && !(e.reviewBy > e.date)
      ? invalid('reviewBy', 'must come after the decision date')
      : undefined,
  );
};

export function applyDecision(state: CaseState, actor: Actor, e: DecisionEvent, now: Date): void {
  const no = ++state.seq.decision;
  state.decisions.push({ ...e, no });
  const hours = e.services.reduce((sum, s) => sum + s.hoursPerWeek, 0);
  record(
    state,
    now,
    no === 1 ? 'decision' : 'decision-revised',
    actor,
    `vedtak ${no}: ${e.services.length} service(s), ${hours} hours per week`,
    e.date,
  );
  const text = decisionJournal(e, no);
  const key = decisionKey(no);
  enqueue(
    state,
    {
      system: 'archive',
      op: 'journal',
      purpose: key,
      kind: 'decision',
      date: e.date,
      decisionNo: no,
      ...text,
    },
    now,
  );
  enqueue(state, { system: 'care', op: 'register-decision', decisionNo: no }, now);
  queueLetter(state, 'decision', e.date, now, no);
  tellSpecialistHealth(state, 'decision', e.date, key, now, no === 1);
  openDecisionReviewTask(state, no, e.date, e.reviewBy, now);
  if (state.stage === 'decision') {
    closeTask(state, 'decision');
    setStage(state, 'housing', now);
    startProcurement(state, anchorOf(e.date, now, state.policy), now);
  }
}

function startProcurement(state: CaseState, anchor: Date, now: Date) {
  state.housing.status = state.stage === 'follow-up' ? 'lost' : 'searching';
  const round = ++state.seq.housingRound;
  openLadderTask(state, 'housing', `housing-${round}`, anchor, now);
}

/**
 * Tells the specialist health service when the consent allows it; otherwise reminds the team
 * to ask the person (once: `ask` is false for a revised decision).
 */
function tellSpecialistHealth(
  state: CaseState,
  event: 'decision' | 'housing-lost' | 'exit',
  date: IsoDate,
  key: string,
  now: Date,
  ask: boolean,
) {
  if (mayTell(state.consent.scope, 'specialist-health')) {
    enqueue(
      state,
      {
        system: 'parties',
        op: 'notify',
        party: 'specialist-health',
        event,
        date,
        purpose: `specialist-health:${key}`,
      },
      now,
    );
  } else if (ask && !state.tasks.some((t) => t.kind === 'ask-specialist-health-consent')) {
    openLadderTask(
      state,
      'ask-specialist-health-consent',
      `ask-specialist-health-consent-${++state.seq.consentAsk}`,
      now,
      now,
      { facts: { event } },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Housing: offers, lease, move-in

export const checkHousingOffer: Check<HousingOfferEvent> = (state, e, now) => {
  if (!procuring(state)) return wrongStage(state, 'a housing offer');
  if (!isReference(e.unitId)) return invalid('unitId', 'expected the unit');
  if (!nonEmpty(e.address, L.address)) return invalid('address', 'expected the address');
  if (e.source !== 'municipal' && e.source !== 'private')
    return invalid('source', 'expected municipal or private');
  return badDate(state, 'availableFrom', e.availableFrom, now, false);
};

export function applyHousingOffer(
  state: CaseState,
  actor: Actor,
  e: HousingOfferEvent,
  now: Date,
): { offerId: string } {
  const offerId = `offer-${++state.seq.offer}`;
  state.housing.offers.push({
    offerId,
    unitId: e.unitId,
    address: e.address,
    source: e.source,
    availableFrom: e.availableFrom,
    offeredAt: iso(now),
  });
  record(state, now, 'housing-offer', actor, `${offerId}: unit ${e.unitId} (${e.source})`);
  return { offerId };
}

export const checkOfferResponse: Check<OfferResponseEvent> = (state, e, now) => {
  if (!procuring(state)) return wrongStage(state, 'an answer to a housing offer');
  const offer = state.housing.offers.find((o) => o.offerId === e.offerId);
  if (!offer) return unknown('offerId', String(e.offerId));
  if (offer.response)
    return invalid('offerId', `${e.offerId} was already answered on ${offer.response.date}`);
  if (typeof e.accepted !== 'boolean') return invalid('accepted', 'expected true or false');
  return first(optionalText('reason', e.reason, L.offerReason), badDate(state, 'date', e.date, now));
};

export function applyOfferResponse(state: CaseState, actor: Actor, e: OfferResponseEvent, now: Date): void {
  const offer = state.housing.offers.find((o) => o.offerId === e.offerId)!;
  offer.response = { accepted: e.accepted, reason: e.reason, date: e.date };
  // Choice: declining costs nothing, the place and the procurement go on as before.
  record(state, now, e.accepted ? 'offer-accepted' : 'offer-declined', actor, `${e.offerId}`, e.date);
  if (e.accepted) {
    enqueue(state, { system: 'housing', op: 'reserve', unitId: offer.unitId, offerId: offer.offerId }, now);
  }
}

// ---------------------------------------------------------------------------------------------
// Follow-up

export const checkPlans: Check<PlansEvent> = (state, e, now) => {
  if (state.stage !== 'follow-up') return wrongStage(state, 'plans');
  const keys = ['followUpPlan', 'safetyPlan', 'individualPlanOffered'] as const;
  if (!keys.some((k) => e[k] !== undefined)) return invalid('followUpPlan', 'give at least one plan date');
  for (const k of keys) {
    if (e[k] !== undefined) {
      const bad = badDate(state, k, e[k], now);
      if (bad) return bad;
    }
  }
  return undefined;
};

export function plansComplete(p: PlansEvent): boolean {
  return !!(p.followUpPlan && p.safetyPlan && p.individualPlanOffered);
}

export function applyPlans(state: CaseState, actor: Actor, e: PlansEvent, now: Date): void {
  const plans = state.followUp!.plans;
  for (const k of ['followUpPlan', 'safetyPlan', 'individualPlanOffered'] as const) {
    if (e[k]) plans[k] = e[k];
  }
  const names = Object.keys(e).filter((k) => e[k as keyof PlansEvent]);
  record(state, now, 'plans', actor, `registered: ${names.join(', ')}`);
  if (plansComplete(plans)) closeTask(state, 'plans');
}

export const checkContact: Check<ContactEvent> = (state, e, now) => {
  if (!OPEN_AFTER_FIRST_REVIEW.includes(state.stage)) return wrongStage(state, 'a contact');
  if (!(CONTACT_KINDS as readonly string[]).includes(e.kind)) {
    return invalid('kind', `expected one of ${CONTACT_KINDS.join(', ')}`);
  }
  if (
    e.minutes !== undefined &&
    !(Number.isInteger(e.minutes) && e.minutes >= 0 && e.minutes <= L.contactMinutes)
  ) {
    return invalid('minutes', `expected whole minutes from 0 to ${L.contactMinutes}`);
  }
  return first(optionalText('note', e.note, L.contactNote), badDate(state, 'date', e.date, now));
};

export function applyContact(state: CaseState, actor: Actor, e: ContactEvent, now: Date): void {
  record(
    state,
    now,
    'contact',
    actor,
    `${e.kind}${e.minutes !== undefined ? `, ${e.minutes} min` : ''}`,
    e.date,
  );
  if (e.note) keepNote(state, { date: e.date, kind: 'contact', text: e.note, by: actor.id });
  const f = state.followUp;
  if (!f) return;
  f.contacts++;
  if (e.minutes) addMinutes((f.minutesByWeek ??= []), e.date, e.minutes, L.intensityWeeks);
  if (!f.lastContactAt || e.date > f.lastContactAt) {
    f.lastContactAt = e.date;
    // Every contact resets the stale-contact clock.
    closeTasks(state, (t) => t.kind === 'contact');
    openLadderTask(
      state,
      'contact',
      `contact-${++state.seq.contact}`,
      anchorOf(e.date, now, state.policy),
      now,
    );
  }
}

export const checkEvaluation: Check<EvaluationEvent> = (state, e, now) => {
  if (state.stage !== 'follow-up') return wrongStage(state, 'an evaluation');
  const months = state.policy.evaluationMonths;
  if (!months.includes(e.milestone)) {
    return invalid('milestone', `expected one of the policy's milestones: ${months.join(', ')} months`);
  }
  if (state.followUp!.evaluations.some((x) => x.milestone === e.milestone)) {
    return invalid('milestone', `the ${e.milestone}-month evaluation is already registered`);
  }
  if (e.mansaScore !== undefined && !isMansa(e.mansaScore)) {
    return invalid('mansaScore', `expected a MANSA mean score from ${L.mansaMin} to ${L.mansaMax}`);
  }
  if (e.mansaItems !== undefined && !isMansaItems(e.mansaItems)) {
    return invalid('mansaItems', 'expected the 12 MANSA answers, each a whole number from 1 to 7');
  }
  return first(optionalText('feedback', e.feedback, L.longText), badDate(state, 'date', e.date, now));
};

/** Keeps a note the team wrote, the latest LIMITS.teamNotes of them (counting those let go). */
function keepNote(state: CaseState, note: TeamNote): void {
  const notes = (state.teamNotes ??= []);
  notes.push(note);
  const extra = notes.length - L.teamNotes;
  if (extra > 0) {
    notes.splice(0, extra);
    state.teamNotesTrimmed = (state.teamNotesTrimmed ?? 0) + extra;
  }
}

export function applyEvaluation(state: CaseState, actor: Actor, e: EvaluationEvent, now: Date): void {
  state.followUp!.evaluations.push({
    milestone: e.milestone,
    date: e.date,
    mansaScore: e.mansaScore,
    ...(e.mansaItems ? { mansaItems: [...e.mansaItems] } : {}),
  });
  record(state, now, 'evaluation', actor, `${e.milestone}-month evaluation`, e.date);
  if (e.feedback) keepNote(state, { date: e.date, kind: 'evaluation', text: e.feedback, by: actor.id });
  closeTask(state, `evaluation-${e.milestone}`);
}

// ---------------------------------------------------------------------------------------------
// Eviction risk and housing lost

export const checkEvictionRisk: Check<EvictionRiskEvent> = (state, e, now) => {
  if (state.stage !== 'follow-up') return wrongStage(state, 'an eviction risk');
  if (!(EVICTION_RISK_KINDS as readonly string[]).includes(e.kind)) {
    return invalid('kind', `expected one of ${EVICTION_RISK_KINDS.join(', ')}`);
  }
  return first(optionalText('detail', e.detail, L.riskDetail), badDate(state, 'date', e.date, now));
};

export function applyEvictionRisk(
  state: CaseState,
  actor: Actor,
  e: EvictionRiskEvent,
  now: Date,
): { riskId: string } {
  const riskId = `risk-${++state.seq.risk}`;
  const executed = e.kind === 'eviction-executed';
  const task = openActionPlanTask(state, riskId, executed, e.kind, now);
  const risk: RiskState = {
    riskId,
    kind: e.kind,
    date: e.date,
    reportedBy: actor,
    actionPlanDueAt: task.dueAt,
  };
  state.evictionRisks.push(risk);
  record(state, now, 'eviction-risk', actor, `${riskId}: ${e.kind}`, e.date);
  if (navShouldHear(e.kind, actor.role === 'nav')) tellNav(state, risk, now);
  if (executed && (state.housing.status === 'housed' || state.housing.status === 'lease-signed')) {
    loseHousing(state, SYSTEM_ACTOR, e.date, now, 'eviction carried out');
  }
  return { riskId };
}

/** NAV hears of the risk when the person consented to it; otherwise the team is asked to ask. */
function tellNav(state: CaseState, risk: RiskState, now: Date) {
  if (mayTell(state.consent.scope, 'nav')) {
    enqueue(
      state,
      {
        system: 'parties',
        op: 'notify',
        party: 'nav',
        event: risk.kind,
        date: risk.date,
        purpose: `nav:${risk.riskId}`,
        riskId: risk.riskId,
      },
      now,
    );
  } else if (!risk.navConsentAsked) {
    risk.navConsentAsked = true;
    openLadderTask(state, 'ask-nav-consent', `ask-nav-consent:${risk.riskId}`, now, now, {
      facts: { risk: risk.kind },
    });
  }
}

export const checkActionPlan: Check<ActionPlanEvent> = (state, e, now) => {
  if (state.stage !== 'follow-up') return wrongStage(state, 'an action plan');
  const risk = state.evictionRisks.find((r) => r.riskId === e.riskId);
  if (!risk) return unknown('riskId', String(e.riskId));
  if (risk.actionPlan)
    return invalid('riskId', `${e.riskId} already has an action plan (${risk.actionPlan.date})`);
  if (!nonEmpty(e.summary, L.longText)) return invalid('summary', 'expected what will be done');
  return badDate(state, 'date', e.date, now);
};

export function applyActionPlan(state: CaseState, actor: Actor, e: ActionPlanEvent, now: Date): void {
  const risk = state.evictionRisks.find((r) => r.riskId === e.riskId)!;
  risk.actionPlan = { date: e.date, summary: e.summary };
  closeTask(state, `eviction:${e.riskId}`);
  record(state, now, 'action-plan', actor, `${e.riskId}: action plan registered`, e.date);
  enqueue(
    state,
    {
      system: 'archive',
      op: 'journal',
      purpose: `action-plan:${e.riskId}`,
      kind: 'action-plan',
      date: e.date,
      ...actionPlanJournal(risk.kind, e),
    },
    now,
  );
}

export const checkHousingLost: Check<HousingLostEvent> = (state, e, now) => {
  const housed = state.housing.status === 'housed' || state.housing.status === 'lease-signed';
  if (state.stage !== 'follow-up' || !housed)
    return wrongStage(state, 'housing lost (it needs a home to lose)');
  if (!nonEmpty(e.reason, L.housingLostReason)) return invalid('reason', 'expected why');
  return badDate(state, 'date', e.date, now);
};

export function applyHousingLost(state: CaseState, actor: Actor, e: HousingLostEvent, now: Date): void {
  loseHousing(state, actor, e.date, now, 'reported');
}

/** Separation of housing and services: follow-up goes on, and procurement starts again. */
function loseHousing(state: CaseState, actor: Actor, date: IsoDate, now: Date, how: string) {
  state.housing.housingLostAt.push(date);
  closeTasks(state, (t) => t.kind === 'move-in');
  record(
    state,
    now,
    'housing-lost',
    actor,
    `housing lost (${how}); follow-up continues, procurement restarts`,
    date,
  );
  startProcurement(state, anchorOf(date, now, state.policy), now);
  tellSpecialistHealth(
    state,
    'housing-lost',
    date,
    `housing-lost-${state.housing.housingLostAt.length}`,
    now,
    true,
  );
}

// ---------------------------------------------------------------------------------------------
// Ending: exit and consent withdrawal

export const checkExit: Check<ExitEvent> = (state, e, now) => {
  if (isTerminal(state.stage) || state.stage === 'not-relevant' || state.stage === 'no-place') {
    return wrongStage(state, 'an exit');
  }
  if (!(EXIT_REASONS as readonly string[]).includes(e.reason)) {
    return invalid('reason', `expected one of ${EXIT_REASONS.join(', ')}`);
  }
  if (e.destination !== undefined) {
    if (e.reason !== 'transferred')
      return invalid('destination', 'a destination is given only when the person was transferred');
    if (!(EXIT_DESTINATIONS as readonly string[]).includes(e.destination))
      return invalid('destination', `expected one of ${EXIT_DESTINATIONS.join(', ')}`);
  }
  return badDate(state, 'date', e.date, now);
};

/** What every ending shares: no task stays open, the place is freed, the archive is told. */
function endCase(
  state: CaseState,
  now: Date,
  journal: {
    purpose: string;
    kind: 'exit' | 'consent-withdrawn';
    date: IsoDate;
    title: string;
    content: string;
  },
): void {
  closeTasks(state, () => true);
  releasePlace(state, now);
  enqueue(state, { system: 'archive', op: 'journal', ...journal }, now);
}

export function applyExit(state: CaseState, actor: Actor, e: ExitEvent, now: Date): void {
  state.exit = { reason: e.reason, date: e.date, ...(e.destination ? { destination: e.destination } : {}) };
  record(state, now, 'exit', actor, `exit: ${e.reason}`, e.date);
  endCase(state, now, { purpose: 'exit', kind: 'exit', date: e.date, ...exitJournal(e.reason, e.date) });
  if (state.decisions.length > 0) tellSpecialistHealth(state, 'exit', e.date, 'exit', now, false);
  setStage(state, 'exited', now);
}

export const checkConsentWithdrawal: Check<ConsentWithdrawalEvent> = (state, e, now) => {
  if (isTerminal(state.stage)) return wrongStage(state, 'a consent withdrawal');
  return badDate(state, 'date', e.date, now);
};

export function applyConsentWithdrawal(
  state: CaseState,
  actor: Actor,
  e: ConsentWithdrawalEvent,
  now: Date,
): void {
  state.withdrawnAt = e.date;
  const dropped = dropOutsideItems(state, now);
  state.consent = { ...state.consent, scope: [] };
  record(
    state,
    now,
    'consent-withdrawn',
    actor,
    `consent withdrawn; ${dropped} pending message(s) to outside parties dropped`,
    e.date,
  );
  endCase(state, now, {
    purpose: 'consent-withdrawn',
    kind: 'consent-withdrawn',
    date: e.date,
    ...withdrawalJournal(e.date),
  });
  setStage(state, 'withdrawn', now);
}

export const checkConsentScope: Check<ConsentScopeEvent> = (state, e, now) => {
  if (isTerminal(state.stage)) return wrongStage(state, 'a change of consent');
  if (!Array.isArray(e.scope) || e.scope.length === 0) {
    return invalid('scope', 'name at least one party (to stop everything, withdraw consent)');
  }
  const bad = e.scope.find((p) => !(CONSENT_PARTIES as readonly string[]).includes(p));
  if (bad !== undefined) return invalid('scope', `unknown party "${String(bad)}"`);
  return badDate(state, 'date', e.date, now);
};

export function applyConsentScope(state: CaseState, actor: Actor, e: ConsentScopeEvent, now: Date): void {
  const before = state.consent.scope;
  state.consent = { ...state.consent, scope: [...new Set(e.scope)] };
  record(state, now, 'consent-scope', actor, `consent scope: ${state.consent.scope.join(', ')}`, e.date);
  // The person was asked: the reminders to ask are done, whatever the answer.
  closeTasks(state, (t) => t.kind === 'ask-nav-consent' || t.kind === 'ask-specialist-health-consent');
  // A party no longer in scope hears nothing more.
  state.outbox = state.outbox.filter(
    (i) => !(i.system === 'parties' && !mayTell(state.consent.scope, i.party)),
  );
  if (!before.includes('nav') && mayTell(state.consent.scope, 'nav')) {
    for (const risk of state.evictionRisks) {
      if (navShouldHear(risk.kind, risk.reportedBy.role === 'nav') && !risk.navNotified)
        tellNav(state, risk, now);
    }
  }
  const latest = state.decisions[state.decisions.length - 1];
  if (latest && !before.includes('specialist-health') && mayTell(state.consent.scope, 'specialist-health')) {
    tellSpecialistHealth(state, 'decision', latest.date, decisionKey(latest.no), now, false);
  }
}

// ---------------------------------------------------------------------------------------------
// Administration

export const checkRetryIncident: Check<{ incidentId: string }> = (state, e) => {
  const incident = state.incidents.find((i) => i.id === e.incidentId);
  if (!incident) return unknown('incidentId', String(e.incidentId));
  if (incident.status !== 'open') {
    return invalid('incidentId', `${incident.id} is ${incident.status}, not waiting for a retry`);
  }
  return undefined;
};

export function applyRetryIncident(
  state: CaseState,
  actor: Actor,
  e: { incidentId: string },
  now: Date,
): void {
  retryIncident(state, e.incidentId, actor, now);
}

export const checkAdoptPolicy: Check<PolicySnapshot> = (state, policy) => {
  if (!isObject(policy) || policy.municipality !== state.municipality) {
    return invalid('policy.municipality', `expected the policy of ${state.municipality}`);
  }
  if (!(policy.version > state.policy.version)) {
    return invalid('policy.version', `the case already follows version ${state.policy.version}`);
  }
  return undefined;
};

export function applyAdoptPolicy(state: CaseState, actor: Actor, policy: PolicySnapshot, now: Date): void {
  const from = state.policy.version;
  state.policy = policy;
  recomputeLadders(state, now);
  record(state, now, 'policy-adopted', actor, `policy version ${from} → ${policy.version}`);
}

// ---------------------------------------------------------------------------------------------
// From the places coordinator

export function applyPlaceGranted(state: CaseState, now: Date): void {
  if (isTerminal(state.stage) || state.place?.status === 'released') {
    // Granted after the case ended (the release crossed the grant): give it straight back.
    enqueue(state, { system: 'places', op: 'release' }, now);
    return;
  }
  if (state.place?.status === 'held') return;
  state.place = { status: 'held' };
  record(state, now, 'place-granted', SYSTEM_ACTOR, 'a place is held for the person');
  closeTasks(state, (t) => t.kind === 'waiting-review');
  if (state.stage === 'waiting-for-place') {
    setStage(state, 'decision', now);
    openLadderTask(state, 'decision', 'decision', now, now);
  }
}

export function applyWaitlistPosition(state: CaseState, position: number, now: Date): void {
  if (state.place?.status !== 'waiting' || state.place.position === position) return;
  const was = state.place.position;
  state.place.position = position;
  if (was === undefined)
    record(state, now, 'waiting-list', SYSTEM_ACTOR, `on the waiting list, position ${position}`);
}
