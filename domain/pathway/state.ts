/**
 * A case's whole state, as one plain serialisable object. The case workflow holds one and hands
 * it to the next run when it continues as new; every rule that changes it lives in this folder
 * as a pure function, so the pathway can be tested without Temporal and replayed exactly.
 */
import type { AppealState } from '../appeals';
import type { PrivateRentalState } from '../private-rental';
import type { CaseInput, Incident, Task, TaskKind, TimelineEntry } from '../case';
import type { LadderTimes } from '../deadlines';
import type { PolicySnapshot } from '../policy';
import type { WeekMinutes } from '../follow-up-intensity';
import type { TeamNote } from '../mansa';
import { LIMITS } from '../limits';
import type { Stage } from '../stages';
import type { DecisionLetterPurpose, LetterFacts } from './decision-letters';
import type {
  Actor,
  Consent,
  DecisionEvent,
  EvaluationEvent,
  EvictionRiskKind,
  ExitDestination,
  ExitReason,
  HousingSource,
  IsoDate,
  IsoTimestamp,
  MappingEvent,
  Person,
  PlansEvent,
  TargetGroupCriteria,
} from '../types';

export type LadderKey = keyof PolicySnapshot['ladders'];

/** An open task and how its reminder and escalation are computed. */
export interface PathwayTask extends Task {
  /** The instant the task's deadlines count from. */
  anchor: IsoTimestamp;
  /** The policy ladder its steps follow (absent for eviction risks: see `actionPlanDue`). */
  ladder?: LadderKey;
  /** Its first step is an alert sent when the task opens (eviction risk), not a reminder. */
  alert?: boolean;
  /** The first step is urgent: at once, to on-call out of hours (eviction carried out). */
  urgent?: boolean;
  /** Non-personal figures for the message (e.g. the evaluation's month). */
  facts?: Record<string, string | number>;
}

/** A message to staff, as the email activity receives it (minus municipality and case ID). */
export interface StaffMessage {
  purpose: string;
  kind: 'reminder' | 'escalation' | 'alert' | 'incident' | 'milestone';
  recipient: 'team-lead' | 'unit-leader' | 'on-call' | 'admin' | 'project-group';
  topic: string;
  /** The named follow-up worker a task for the HF team goes to (the team lead in copy). */
  worker?: string;
  stage?: string;
  dueAt?: IsoTimestamp;
  since?: IsoTimestamp;
  facts?: Record<string, string | number>;
}

export type JournalKind =
  | 'referral'
  | 'review-1'
  | 'review-2'
  | 'decision'
  | 'action-plan'
  | 'exit'
  | 'consent-withdrawn'
  | DecisionLetterPurpose;

export type PartyEvent = EvictionRiskKind | 'housing-lost' | 'decision' | 'exit';

/**
 * Work for an outside system. Each system has its own lane in the workflow, processed in order,
 * so a failing archive never holds up a reminder or a letter. Requests are built when the item
 * runs, from the state of that moment (the case file ID, the person).
 */
export type OutboxOp =
  | { system: 'email'; op: 'notify'; message: StaffMessage }
  | { system: 'urgent'; op: 'notify'; message: StaffMessage }
  | { system: 'archive'; op: 'case-file' }
  | {
      system: 'archive';
      op: 'journal';
      purpose: string;
      kind: JournalKind;
      date: IsoDate;
      title: string;
      content: string;
      decisionNo?: number;
      /** The letter this entry keeps as sent (letters of decision-letters.ts). */
      letterNo?: number;
    }
  | { system: 'letters'; op: 'send'; letterNo: number }
  | { system: 'letters'; op: 'await'; letterNo: number }
  | { system: 'care'; op: 'register-decision'; decisionNo: number }
  | {
      system: 'parties';
      op: 'notify';
      party: 'nav' | 'specialist-health';
      event: PartyEvent;
      date: IsoDate;
      purpose: string;
      riskId?: string;
    }
  | { system: 'housing'; op: 'reserve'; unitId: string; offerId: string }
  | { system: 'housing'; op: 'lease'; unitId: string; signedDate: IsoDate; moveInDate: IsoDate }
  /** The lease ends and the unit is freed (lease-end.ts). */
  | {
      system: 'housing';
      op: 'end-lease';
      unitId: string;
      signedDate: IsoDate;
      endDate: IsoDate;
      reason: LeaseEndReason;
    }
  | { system: 'places'; op: 'request'; existing: boolean }
  | { system: 'places'; op: 'release' }
  /** Asks the coordinator whether it knows the case's request (the waiting review). */
  | { system: 'places'; op: 'confirm' };

export type OutboxSystem = OutboxOp['system'];
export const OUTBOX_SYSTEMS: readonly OutboxSystem[] = [
  'email',
  'urgent',
  'archive',
  'letters',
  'care',
  'parties',
  'housing',
  'places',
];

export type OutboxItem = OutboxOp & {
  id: string;
  queuedAt: IsoTimestamp;
  /** Set while the item waits on (or was retried after) an incident. */
  incidentId?: string;
};

export interface LetterState {
  purpose: 'decision' | 'not-relevant' | 'no-place' | DecisionLetterPurpose;
  /** Idempotency key within the case: "decision", "decision-2", "decision#resend-2", … */
  key: string;
  date: IsoDate;
  decisionNo?: number;
  attempt: number;
  forsendelseId?: string;
  status: string;
  deliveredAt?: IsoTimestamp;
  appealDeadline?: IsoDate;
  /** Who decided and why, or when an answer can be expected (decision-letters.ts). */
  facts?: LetterFacts;
}

export interface DecisionState extends DecisionEvent {
  no: number;
  archivedAs?: string;
  careReference?: string;
}

export interface OfferState {
  offerId: string;
  unitId: string;
  address: string;
  source: HousingSource;
  availableFrom: IsoDate;
  offeredAt: IsoTimestamp;
  response?: { accepted: boolean; reason?: string; date: IsoDate };
  reservationId?: string;
}

export interface RiskState {
  riskId: string;
  kind: EvictionRiskKind;
  date: IsoDate;
  reportedBy: Actor;
  actionPlanDueAt: IsoTimestamp;
  actionPlan?: { date: IsoDate; summary: string };
  navNotified?: boolean;
  /** NAV was not in the consent scope when the risk was reported: the team was asked to ask. */
  navConsentAsked?: boolean;
  /** The eviction carried out (its risk ID) made this risk's action plan moot: its task was closed. */
  mootBy?: string;
}

/** Why a lease ended: an eviction carried out, the home otherwise lost, or the person left the programme. */
export type LeaseEndReason = 'eviction' | 'housing-lost' | 'exit';

export type HousingStatus = 'none' | 'searching' | 'lease-signed' | 'housed' | 'lost';

export interface CaseState {
  /** Shape version of this object, for a future migration across continue-as-new. */
  v: 1;
  caseId: string;
  municipality: string;
  office: string;
  referredAt: IsoDate;
  /** The instant `ReferredAt` shows: the submission, or the start of the real referral day. */
  referredInstant: IsoTimestamp;
  caseworker: Actor;
  person: Person;
  criteria: TargetGroupCriteria;
  consent: Consent;
  notes?: string;
  policy: PolicySnapshot;

  stage: Stage;
  stageSince: IsoTimestamp;
  /**
   * The stages the case has left, with when it entered and left each (for the report's median days
   * in each stage). Absent in cases started before it was kept; bounded by LIMITS.stageStays.
   */
  stageStays?: StageStay[];
  seq: {
    task: number;
    outbox: number;
    incident: number;
    offer: number;
    risk: number;
    decision: number;
    contact: number;
    housingRound: number;
    consentAsk: number;
  };
  tasks: PathwayTask[];
  timeline: TimelineEntry[];
  timelineTrimmed: number;
  /** How many old records were dropped when continuing as new (trim.ts); absent until then. */
  recordsTrimmed?: { offers: number; evictionRisks: number; letters: number; decisions: number };
  incidents: Incident[];
  outbox: OutboxItem[];
  caseFileId?: string;

  place?: { status: 'waiting' | 'held' | 'released'; position?: number };
  /** The latest review of this wait for a place (`since`: the stage's start it belongs to). */
  waitingReview?: { since: IsoTimestamp; round: number; at: IsoTimestamp };
  mapping?: MappingEvent;
  decisions: DecisionState[];
  letters: LetterState[];
  housing: {
    status: HousingStatus;
    offers: OfferState[];
    lease?: {
      unitId: string;
      signedDate: IsoDate;
      moveInDate: IsoDate;
      leaseId?: string;
      /** A private landlord's lease: landlord, term, security and intermediary (private-rental.ts). */
      privateRental?: PrivateRentalState;
      /** The lease is over (lease-end.ts); `told`: the housing system was asked to end it. */
      ended?: { date: IsoDate; reason: LeaseEndReason; told: boolean };
    };
    movedInAt?: IsoDate;
    housingLostAt: IsoDate[];
    movedInAgainAt: IsoDate[];
  };
  followUp?: {
    startedAt: IsoDate;
    lastContactAt?: IsoDate;
    contacts: number;
    /** Minutes of contact per week (Monday), the latest LIMITS.intensityWeeks weeks; absent in older cases. */
    minutesByWeek?: WeekMinutes[];
    plans: PlansEvent;
    evaluations: EvaluationEvent[];
  };
  evictionRisks: RiskState[];
  exit?: { reason: ExitReason; date: IsoDate; destination?: ExitDestination };
  withdrawnAt?: IsoDate;
  /** Appeals on the decisions (domain/appeals.ts); absent in older cases. */
  appeals?: AppealState[];
  /** Notes the team wrote (contacts, evaluation feedback), the latest LIMITS.teamNotes; absent in older cases. */
  teamNotes?: TeamNote[];
  teamNotesTrimmed?: number;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };

/** Who does each kind of task, what it is called, and which ladder it follows. */
export const TASK_KINDS: Record<TaskKind, { title: string; assignee: Task['assignee']; ladder?: LadderKey }> =
  {
    'first-review': {
      title: 'Første vurdering i vurderingsteamet',
      assignee: 'assessment-team',
      ladder: 'firstReview',
    },
    'inform-person': {
      title: 'Informer personen om utfallet (ikke vedtak)',
      assignee: 'caseworker',
      ladder: 'informPerson',
    },
    mapping: { title: 'Kartlegging', assignee: 'hf-team', ladder: 'mapping' },
    'second-review': {
      title: 'Andre vurdering i vurderingsteamet',
      assignee: 'assessment-team',
      ladder: 'secondReview',
    },
    decision: { title: 'Vedtak om oppfølging', assignee: 'team-lead', ladder: 'decision' },
    housing: { title: 'Boligfremskaffelse', assignee: 'hf-team', ladder: 'housing' },
    'move-in': { title: 'Innflytting', assignee: 'hf-team', ladder: 'moveIn' },
    plans: {
      title: 'Oppfølgingsplan, trygghetsplan og tilbud om individuell plan',
      assignee: 'hf-team',
      ladder: 'plans',
    },
    contact: { title: 'Kontakt med personen', assignee: 'hf-team', ladder: 'staleContact' },
    evaluation: { title: 'Evaluering og MANSA', assignee: 'hf-team', ladder: 'evaluation' },
    'action-plan': { title: 'Tiltaksplan ved fare for fravikelse', assignee: 'hf-team' },
    'decision-review': { title: 'Revurdering av vedtaket', assignee: 'team-lead', ladder: 'decisionReview' },
    // No ladder of its own: it opens on the profile's `waitingReview` cadence (see waiting.ts).
    'waiting-review': { title: 'Gjennomgang av saken på ventelisten', assignee: 'team-lead' },
    'ask-nav-consent': {
      title: 'Spør personen om samtykke til å varsle NAV',
      assignee: 'hf-team',
      ladder: 'askConsent',
    },
    'ask-specialist-health-consent': {
      title: 'Spør personen om samtykke til å informere spesialisthelsetjenesten',
      assignee: 'hf-team',
      ladder: 'askConsent',
    },
    // Appeals (domain/appeals.ts): deadlines from the profile's `appeals`, not a ladder key.
    'appeal-window': { title: 'Klagefristen for vedtaket løper', assignee: 'team-lead' },
    'appeal-review': { title: 'Klage på vedtaket: teamleders egen vurdering', assignee: 'team-lead' },
    'lease-security': { title: 'Depositum eller garanti på plass for leieforholdet', assignee: 'hf-team' },
    'appeal-outcome': { title: 'Klagen er hos Statsforvalteren: registrer utfallet', assignee: 'team-lead' },
  };

export function iso(d: Date): IsoTimestamp {
  return d.toISOString();
}

/** Opens a task; the caller has computed its deadlines (see tasks.ts). */
export function openTask(
  state: CaseState,
  t: {
    id: string;
    kind: TaskKind;
    now: Date;
    anchor: Date;
    dueAt: Date;
    times: LadderTimes;
    title?: string;
    alert?: boolean;
    urgent?: boolean;
    facts?: Record<string, string | number>;
  },
): PathwayTask {
  const def = TASK_KINDS[t.kind];
  const task: PathwayTask = {
    id: t.id,
    kind: t.kind,
    title: t.title ?? def.title,
    assignee: def.assignee,
    createdAt: iso(t.now),
    dueAt: iso(t.dueAt),
    remindAt: iso(t.times.remindAt),
    escalateAt: iso(t.times.escalateAt),
    anchor: iso(t.anchor),
    ladder: def.ladder,
    alert: t.alert,
    urgent: t.urgent,
    facts: t.facts,
  };
  closeTask(state, t.id);
  state.tasks.push(task);
  state.seq.task++;
  return task;
}

export function closeTask(state: CaseState, id: string): boolean {
  const i = state.tasks.findIndex((t) => t.id === id);
  if (i < 0) return false;
  state.tasks.splice(i, 1);
  return true;
}

export function closeTasks(state: CaseState, match: (t: PathwayTask) => boolean): void {
  state.tasks = state.tasks.filter((t) => !match(t));
}

export function record(
  state: CaseState,
  now: Date,
  type: string,
  actor: Actor,
  summary: string,
  date?: IsoDate,
): void {
  state.timeline.push({ at: iso(now), date, type, actor, summary });
}

export interface StageStay {
  stage: Stage;
  since: IsoTimestamp;
  until: IsoTimestamp;
}

export function setStage(state: CaseState, stage: Stage, now: Date): void {
  if (state.stage === stage) return;
  const stays = (state.stageStays ??= []);
  stays.push({ stage: state.stage, since: state.stageSince, until: iso(now) });
  if (stays.length > LIMITS.stageStays) stays.splice(0, stays.length - LIMITS.stageStays);
  state.stage = stage;
  state.stageSince = iso(now);
}

export function emptyState(input: CaseInput, now: Date): CaseState {
  return {
    v: 1,
    caseId: input.caseId,
    municipality: input.municipality,
    office: input.office,
    referredAt: input.referredAt,
    referredInstant: iso(now),
    caseworker: input.caseworker,
    person: input.person,
    criteria: input.criteria,
    consent: input.consent,
    notes: input.notes,
    policy: input.policy,
    stage: 'first-review',
    stageSince: iso(now),
    seq: {
      task: 0,
      outbox: 0,
      incident: 0,
      offer: 0,
      risk: 0,
      decision: 0,
      contact: 0,
      housingRound: 0,
      consentAsk: 0,
    },
    tasks: [],
    timeline: [],
    timelineTrimmed: 0,
    incidents: [],
    outbox: [],
    decisions: [],
    letters: [],
    housing: { status: 'none', offers: [], housingLostAt: [], movedInAgainAt: [] },
    evictionRisks: [],
  };
}
