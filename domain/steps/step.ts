/**
 * What one step of the pathway states about itself, in one place: the update's name and the
 * API route that reports it, the stages it fits, the roles that may report it, the limits its
 * input reads, its check and apply (pure rules over the case state), the refusal a wrong stage
 * gives, the tasks it opens and closes, and how a case registered mid-pathway enters the stage
 * the step leads to. The list of steps (index.ts) drives the workflow's update definitions, the
 * API's routes and request schemas (a step without one is a compile error there).
 *
 * No zod here: this module is in the workflow bundle. Request schemas are in domain/schemas/.
 */
import type { ExistingCase, TaskKind } from '../case';
import type { LIMITS } from '../limits';
import type { Check } from '../pathway/checks';
import { TASK_KINDS, type CaseState } from '../pathway/state';
import type { Stage } from '../stages';
import type { Actor, IsoDate, Role } from '../types';

export interface StepRoute {
  /** Below the case, e.g. `/referrals/:id/lease`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /**
   * Path parameters besides the case ID, with their descriptions: the API puts each into the
   * event under its own name (an offer's answer names its offer in the path).
   */
  params?: Record<string, string>;
  /** For a step that creates something: the member of its result the API answers with (201). */
  created?: 'offerId' | 'riskId';
}

export interface Step<Name extends string, E, R = void> {
  /** The workflow update's name (workflows/messages.ts) and the step's name everywhere else. */
  name: Name;
  route: StepRoute;
  roles: readonly Role[];
  /** The stages where the event fits (the check decides the finer points). */
  stages: readonly Stage[];
  /** What a refusal names: "… `refusal` does not fit: it expects …". */
  refusal: string;
  /** The entries of the limits table its input is held to. */
  limits: readonly (keyof typeof LIMITS)[];
  check: Check<E>;
  apply: (state: CaseState, actor: Actor, event: E, now: Date) => R;
  tasks: { opens: readonly TaskKind[]; closes: readonly TaskKind[] };
  /** A case registered in the stage this step leads to: the state it starts with. */
  enter?: {
    stage: Stage;
    /** `since`: the date the person has been in that stage, and that date as a deadline anchor. */
    apply: (state: CaseState, e: ExistingCase, since: { date: IsoDate; at: Date }, now: Date) => void;
  };
}

/** What an ending closes: every task there is. */
export const EVERY_TASK = Object.keys(TASK_KINDS) as readonly TaskKind[];
