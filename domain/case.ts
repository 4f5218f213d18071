/**
 * What a case workflow knows and shows: its input, and the view returned by its query.
 */
import type { AppealState } from './appeals';
import type { PrivateRentalState } from './private-rental';
import type { TeamNote } from './mansa';
import type { PolicySnapshot } from './policy';
import type { Stage } from './stages';
import type { DecisionLetterPurpose } from './pathway/decision-letters';
import type {
  Actor,
  Consent,
  DecisionEvent,
  EvaluationEvent,
  LeaseEvent,
  MappingEvent,
  PlansEvent,
  ExitDestination,
  ExitReason,
  HousingWishes,
  IsoDate,
  IsoTimestamp,
  Person,
  Role,
  TargetGroupCriteria,
} from './types';

/** Input of the case workflow. Everything personal here is encrypted by the payload codec. */
export interface CaseInput {
  caseId: string;
  municipality: string;
  office: string;
  /** When the referral was submitted (for a registered existing case: its real date). */
  referredAt: IsoDate;
  caseworker: Actor;
  person: Person;
  criteria: TargetGroupCriteria;
  consent: Consent;
  notes?: string;
  /** The municipality's policy as it was when the case started (see domain/policy.ts). */
  policy: PolicySnapshot;
  /** Set when registering a person already in the programme (see ExistingCase). */
  existing?: ExistingCase;
}

/**
 * A person already in the programme when the municipality starts using the service, registered
 * at their stage with their real past dates. Deadlines and milestones follow from those dates:
 * someone who moved in 13 months ago has the 6- and 12-month evaluations due at once.
 */
export interface ExistingCase {
  stage: 'mapping' | 'second-review' | 'decision' | 'housing' | 'move-in' | 'follow-up';
  /** When the stage the person is in began (e.g. the date of the first review for mapping). */
  stageSince: IsoDate;
  mapping?: MappingEvent;
  decision?: DecisionEvent;
  lease?: LeaseEvent;
  movedInAt?: IsoDate;
  lastContactAt?: IsoDate;
  plans?: PlansEvent;
  evaluations?: EvaluationEvent[];
}

export type TaskKind =
  | 'first-review'
  | 'inform-person'
  | 'mapping'
  | 'second-review'
  | 'decision'
  | 'housing'
  | 'move-in'
  | 'plans'
  | 'contact'
  | 'evaluation'
  | 'action-plan'
  | 'decision-review'
  | 'waiting-review'
  | 'ask-nav-consent'
  | 'ask-specialist-health-consent'
  | 'appeal-window'
  | 'appeal-review'
  | 'appeal-outcome'
  | 'lease-security';

/** Something a person must do on the case, with when it is due. */
export interface Task {
  id: string;
  kind: TaskKind;
  title: string;
  assignee: Role;
  createdAt: IsoTimestamp;
  dueAt: IsoTimestamp;
  /** When the team lead is (or was) reminded. */
  remindAt?: IsoTimestamp;
  /** When the unit leader is (or was) alerted. */
  escalateAt?: IsoTimestamp;
  reminded?: IsoTimestamp;
  escalated?: IsoTimestamp;
}

export interface TimelineEntry {
  at: IsoTimestamp;
  /** The date the event happened, as reported (may lie in the past). */
  date?: IsoDate;
  type: string;
  actor: Actor;
  /** Non-personal summary, e.g. "outcome: relevant". */
  summary: string;
}

export type IncidentStatus = 'open' | 'retrying' | 'resolved';

/** A call to an outside system the case still owes (see CaseView.waitingCalls). */
export interface WaitingCall {
  system: string;
  operation: string;
  queuedAt: IsoTimestamp;
  incidentId?: string;
}

/** A call to an outside system that failed past its retry policy or was refused. */
export interface Incident {
  id: string;
  system: string;
  operation: string;
  message: string;
  openedAt: IsoTimestamp;
  status: IncidentStatus;
  attempts: number;
  resolvedAt?: IsoTimestamp;
  /**
   * Set when the incident was closed because what it waited for no longer exists (the call was
   * dropped: consent changed, the case ended): why, in bokmål, for the staff who read it.
   */
  moot?: string;
}

export interface HousingOffer {
  offerId: string;
  unitId: string;
  address: string;
  source: 'municipal' | 'private';
  availableFrom: IsoDate;
  offeredAt: IsoTimestamp;
  response?: { accepted: boolean; reason?: string; date: IsoDate };
}

export interface EvictionRisk {
  riskId: string;
  kind: string;
  date: IsoDate;
  reportedBy: Actor;
  actionPlanDueAt?: IsoTimestamp;
  actionPlan?: { date: IsoDate; summary: string };
  navNotified?: boolean;
  /** The eviction carried out (its risk ID) that made this risk's action plan moot. */
  mootBy?: string;
}

export interface Letter {
  purpose: 'decision' | 'not-relevant' | 'no-place' | DecisionLetterPurpose;
  forsendelseId?: string;
  status: string;
  deliveredAt?: IsoTimestamp;
  /** For a decision letter: the 3-week appeal deadline counted from delivery. */
  appealDeadline?: IsoDate;
}

/** The case as its query returns it. `person`, `notes` and `mapping` are personal. */
/**
 * What an event's update answers: enough for the caller to go on (the stage, what the case
 * expects next, the nearest deadline) without the whole view, which a query serves. Every
 * update's result is written into the case's history, so it is kept small (see workflows/case.ts).
 */
export interface EventReceipt {
  caseId: string;
  stage: Stage;
  /** What the case takes next, as the 409 names it. */
  expects: string;
  nextDueAt?: IsoTimestamp;
  hasIncident: boolean;
}

export interface CaseView {
  caseId: string;
  municipality: string;
  office: string;
  stage: Stage;
  /** When the case entered its stage. */
  stageSince?: IsoTimestamp;
  referredAt: IsoDate;
  /** The earliest due date among open tasks, as in the `NextDueAt` search attribute. */
  nextDueAt?: IsoTimestamp;
  tasks: Task[];
  timeline: TimelineEntry[];
  incidents: Incident[];
  /**
   * Calls to outside systems not made yet (the case's outbox), oldest first: the system, the
   * operation, when it was queued, and the incident holding it, if one does. Nothing personal.
   */
  waitingCalls: WaitingCall[];
  consentScope: string[];
  place?: { status: 'waiting' | 'held' | 'released'; position?: number };
  decision?: DecisionEvent & { archivedAs?: string };
  housing: {
    status: 'none' | 'searching' | 'lease-signed' | 'housed' | 'lost';
    offers: HousingOffer[];
    lease?: {
      unitId: string;
      signedDate: IsoDate;
      moveInDate: IsoDate;
      /** A private landlord's lease: landlord, term, security (and when it was in place), intermediary. */
      privateRental?: PrivateRentalState;
      /** The lease is over and the unit freed (an eviction, housing lost, an exit that gives up the home). */
      ended?: { date: IsoDate; reason: 'eviction' | 'housing-lost' | 'exit' };
    };
    movedInAt?: IsoDate;
    housingLostAt?: IsoDate[];
    /** Move-ins after housing was lost (the first stays in `movedInAt`: milestones count from it). */
    movedInAgainAt?: IsoDate[];
  };
  followUp?: {
    startedAt: IsoDate;
    lastContactAt?: IsoDate;
    contacts: number;
    /** Minutes of contact recorded per week (Monday's date), the latest weeks. */
    minutesByWeek?: { week: IsoDate; minutes: number }[];
    plans: { followUpPlan?: IsoDate; safetyPlan?: IsoDate; individualPlanOffered?: IsoDate };
    evaluations: { milestone: number; date: IsoDate; mansaScore?: number; mansaItems?: number[] }[];
  };
  evictionRisks: EvictionRisk[];
  /** Appeals on the decisions, oldest first (summary and reasons only for those who see the person). */
  appeals?: AppealState[];
  letters: Letter[];
  exit?: { reason: ExitReason; date: IsoDate; destination?: ExitDestination };
  /** The stages the case has left, oldest first (kept since the report counts days in each). */
  stageStays?: { stage: Stage; since: IsoTimestamp; until: IsoTimestamp }[];
  withdrawnAt?: IsoDate;
  /** Version of the municipality policy the case follows (its snapshot; see workflows/case.ts). */
  policyVersion?: number;
  /** Oldest timeline entries dropped when the workflow continued as new (the archive keeps all). */
  timelineTrimmed?: number;
  /** Older offers, risks, letters and decisions no longer carried in the case (the archive has them). */
  recordsTrimmed?: { offers: number; evictionRisks: number; letters: number; decisions: number };
  // Personal fields: the API strips these for roles that do not need them.
  person?: Person;
  notes?: string;
  housingWishes?: HousingWishes;
  /** MANSA mean score recorded at mapping (the baseline the evaluations are compared with). */
  mansaBaseline?: number;
  /** The twelve MANSA answers at mapping, when recorded. */
  mansaBaselineItems?: number[];
  /** Notes the team wrote (contacts, evaluation feedback), oldest first; the count of older ones let go. */
  teamNotes?: TeamNote[];
  teamNotesTrimmed?: number;
  followUpWorker?: string;
  criteria?: TargetGroupCriteria;
}
