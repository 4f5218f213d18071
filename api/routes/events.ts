/**
 * Events on a case: each route checks its body with a strict schema, finds the case (404 for
 * unknown and for another office's case alike), and sends the event as a workflow update, so the
 * caller learns at once whether it fitted the stage (409 with the stage and what it expects when
 * not; nothing changes then). With `Idempotency-Key`, a retried event is applied once.
 */
import type { CaseView } from '../../domain/case';
import type { Request } from 'express';
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import {
  actionPlanSchema,
  consentScopeSchema,
  consentWithdrawalSchema,
  contactSchema,
  decisionSchema,
  emptySchema,
  evaluationSchema,
  evictionRiskSchema,
  exitSchema,
  housingLostSchema,
  housingOfferSchema,
  informedSchema,
  mappingSchema,
  offerResponseSchema,
  plansSchema,
  reviewSchema,
} from '../../domain/schemas/events';
import { STEP_SCHEMAS } from '../../domain/schemas/steps';
import { STEPS, type StepName } from '../../domain/steps';
import { correctedFields } from '../../domain/steps/correct-person';
import type { Actor, PersonCorrectionEvent, Role } from '../../domain/types';
import {
  actionPlanUpdate,
  adoptPolicyUpdate,
  consentScopeUpdate,
  consentWithdrawalUpdate,
  contactUpdate,
  decisionUpdate,
  evaluationUpdate,
  evictionRiskUpdate,
  exitUpdate,
  housingLostUpdate,
  housingOfferUpdate,
  informedUpdate,
  leaseUpdate,
  mappingUpdate,
  moveInUpdate,
  waitingReviewUpdate,
  appealUpdate,
  appealReviewUpdate,
  appealOutcomeUpdate,
  leaseSecurityUpdate,
  correctPersonUpdate,
  offerResponseUpdate,
  plansUpdate,
  retryIncidentUpdate,
  reviewUpdate,
} from '../../workflows/messages';
import { isReceiptRole, levelFor, showsPersonalData, viewFor } from '../access';
import { noteAccess, reply } from '../audit';
import { findCase, loadView, sendUpdate } from '../cases';
import type { ApiContext } from '../context';
import { fingerprint, idempotencyKey, recordId, reusedKey } from '../idempotency';
import { serviceKindOf } from '../../activities/letter-texts';
import { ProblemError } from '../problem';
import { parseBody, type RouteRegistry } from '../registry';
import { checkOfferedUnit } from '../housing';
import { caseResponse, offerCreatedResponse, receiptResponse, riskCreatedResponse } from '../responses';
import { caseLinks } from './referrals';
import { MAPPING_FORM_NAMES } from '../../domain/policy';

/** IDs the workflow hands out for offers, risks and incidents (checked before asking it). */
const SUB_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/;

export interface EventRoute {
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  roles: readonly Role[];
  schema: z.ZodType;
  /** Path parameters besides the case ID. */
  params?: Record<string, string>;
  // The update's argument differs per event; the schema above guarantees its shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  update: UpdateDefinition<any, [any]>;
  /** The update's argument; by default `{actor, event: body}`. */
  args?: (
    actor: Actor,
    body: Record<string, unknown>,
    params: Record<string, string>,
    ctx: { municipality?: string; deps: ApiContext; userName?: string },
  ) => unknown;
  /** Checks that need the case's municipality (a 400 naming the field); run before anything is kept. */
  check?: (
    body: Record<string, unknown>,
    ctx: { municipality: string; deps: ApiContext },
  ) => void | Promise<void>;
  /** Answers besides the usual ones (e.g. 503 when an outside system must be asked first). */
  moreProblems?: number[];
  /** For routes that create something: the member of the update's result to answer with (201). */
  created?: 'offerId' | 'riskId';
  /**
   * The answer waits (at most SETTLE_MS) until the case says this, when the event sets off work
   * elsewhere that the caller's next step depends on (the places coordinator's answer to review 2).
   */
  settled?: (view: CaseView) => boolean;
}

/** How long an answer waits for the case to settle; past it, the case as it is then. */
export const SETTLE_MS = 5_000;

/** Review 2 granted a place or put the case on the waiting list with its position. */
export function placeAnswered(view: CaseView): boolean {
  return view.stage !== 'waiting-for-place' || view.place?.position !== undefined;
}

/** Every service a decision grants must be one of the municipality's service kinds. */
function checkServiceKinds(body: Record<string, unknown>, municipality: string, deps: ApiContext) {
  const profile = deps.municipalities.get(municipality);
  if (!profile) return;
  const services = (body.services ?? []) as { kind: string }[];
  const errors = services.flatMap((s, i) =>
    serviceKindOf(profile, s.kind)
      ? []
      : [
          {
            path: `services.${i}.kind`,
            message: `unknown service kind; expected one of: ${profile.services.map((k) => k.id).join(', ')}`,
          },
        ],
  );
  if (errors.length) {
    throw new ProblemError(
      400,
      'The request is not valid',
      `invalid field in the body: ${errors.map((e) => e.path).join(', ')}`,
      { errors },
    );
  }
}

/** An offer's source must be one the municipality houses from (profile `policy.housingSource`). */
function checkHousingSource(body: Record<string, unknown>, municipality: string, deps: ApiContext) {
  const profile = deps.municipalities.get(municipality);
  if (!profile) return;
  const allowed = profile.policy.housingSource;
  if (allowed === 'both' || body.source === allowed) return;
  const message = `${profile.name} houses through ${allowed === 'private' ? 'private rentals' : 'municipal flats'} only; expected "${allowed}"`;
  throw new ProblemError(400, 'The request is not valid', 'invalid field in the body: source', {
    errors: [{ path: 'source', message }],
  });
}

/** Mapping is complete only with the forms the municipality's profile requires (a 400 naming each). */
function checkMappingForms(body: Record<string, unknown>, municipality: string, deps: ApiContext) {
  const profile = deps.municipalities.get(municipality);
  if (!profile) return;
  const forms = (body.forms ?? {}) as Record<string, unknown>;
  const errors = profile.mapping.requiredForms
    .filter((f) => (f === 'mansa' ? body.mansaBaseline === undefined : !forms[f]))
    .map((f) => ({
      path: f === 'mansa' ? 'mansaBaseline' : `forms.${f}`,
      message: `${profile.name} requires ${MAPPING_FORM_NAMES[f]} before the mapping is complete`,
    }));
  if (errors.length) {
    throw new ProblemError(
      400,
      'The request is not valid',
      `invalid field in the body: ${errors.map((e) => e.path).join(', ')}`,
      { errors },
    );
  }
}

/** A step with its own module (domain/steps/) gives its route, roles and schema from there. */
function fromStep<N extends StepName>(
  step: (typeof STEPS)[N],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  update: UpdateDefinition<any, [any]>,
): EventRoute {
  if (update.name !== step.name) throw new Error(`route for ${step.name} sends the update ${update.name}`);
  return { ...step.route, roles: step.roles, schema: STEP_SCHEMAS[step.name as N], update };
}

export const EVENT_ROUTES: EventRoute[] = [
  {
    path: '/referrals/:id/reviews',
    operationId: 'recordReview',
    summary: 'Record an assessment-team review (round 1 or 2)',
    description:
      'Round 1: `relevant` moves the case to mapping, `not-relevant` asks the caseworker to inform the person. ' +
      'Round 2: `place-offered` or `no-place`. Never creates a rejection decision (vedtak om avslag). After ' +
      '`place-offered` the answer waits (a few seconds at most) for the places coordinator: stage `decision` when ' +
      'a place was free, else `waiting-for-place` with `place.position` on the waiting list.',
    roles: ['assessment-team'],
    schema: reviewSchema,
    update: reviewUpdate,
    settled: placeAnswered,
  },
  {
    path: '/referrals/:id/informed',
    operationId: 'recordInformed',
    summary: 'Record that the person was told a "not relevant" or "no place" outcome',
    roles: ['caseworker'],
    schema: informedSchema,
    update: informedUpdate,
  },
  {
    path: '/referrals/:id/mapping',
    operationId: 'completeMapping',
    summary: 'Complete the mapping (kartlegging): follow-up worker, housing wishes, forms, MANSA baseline',
    description:
      'The forms the municipality requires (`mapping.requiredForms` in its profile: Sandnes all four, seed 001) ' +
      'must be recorded with their dates; a MANSA baseline counts as the MANSA form.',
    roles: ['hf-team'],
    schema: mappingSchema,
    update: mappingUpdate,
    check: (body, { municipality, deps }) => checkMappingForms(body, municipality, deps),
  },
  {
    path: '/referrals/:id/decision',
    operationId: 'makeDecision',
    summary: 'Make the individual decision (vedtak): services and hours per week; archived and sent',
    description:
      '`reasons` (required): the facts and the main considerations for this person, as the letter states ' +
      'them (forvaltningsloven §§ 24–25); for a revised decision, what changed and why. `services[].kind` is ' +
      'one of the municipality’s service kinds (its id, name or a listed alias). The signer is the caller.',
    roles: ['team-lead'],
    schema: decisionSchema,
    update: decisionUpdate,
    check: (body, { municipality, deps }) => checkServiceKinds(body, municipality, deps),
    args: (actor, body, _params, { userName }) => ({
      actor,
      event: { ...body, decidedBy: { name: userName ?? actor.id } },
    }),
  },
  {
    path: '/referrals/:id/housing-offers',
    operationId: 'offerHousing',
    summary: 'Offer a housing unit',
    roles: ['housing-provider', 'hf-team'],
    description:
      '`unitId` must be a unit the municipality’s housing system has: the API asks it first (400 naming ' +
      '`unitId` when it has none; 503 with Retry-After when it does not answer; nothing is recorded either way).',
    schema: housingOfferSchema,
    update: housingOfferUpdate,
    check: async (body, { municipality, deps }) => {
      checkHousingSource(body, municipality, deps);
      await checkOfferedUnit(deps.housing, municipality, String(body.unitId));
    },
    moreProblems: [503],
    created: 'offerId',
  },
  {
    path: '/referrals/:id/housing-offers/:offerId/response',
    operationId: 'respondToOffer',
    summary: 'Record the person’s answer to an offer (declining keeps the place)',
    roles: ['hf-team'],
    params: { offerId: 'The offer’s ID (from POST /referrals/{id}/housing-offers)' },
    schema: offerResponseSchema,
    update: offerResponseUpdate,
    args: (actor, body, params) => ({ actor, event: { ...body, offerId: params.offerId } }),
  },
  fromStep(STEPS.lease, leaseUpdate),
  fromStep(STEPS.moveIn, moveInUpdate),
  fromStep(STEPS.waitingReview, waitingReviewUpdate),
  fromStep(STEPS.correctPerson, correctPersonUpdate),
  fromStep(STEPS.appeal, appealUpdate),
  fromStep(STEPS.appealReview, appealReviewUpdate),
  fromStep(STEPS.appealOutcome, appealOutcomeUpdate),
  fromStep(STEPS.leaseSecurity, leaseSecurityUpdate),
  {
    path: '/referrals/:id/plans',
    operationId: 'registerPlans',
    summary: 'Register the follow-up plan, the safety/crisis plan, the individual-plan offer (dates)',
    roles: ['hf-team'],
    schema: plansSchema,
    update: plansUpdate,
  },
  {
    path: '/referrals/:id/contacts',
    operationId: 'logContact',
    summary: 'Log a contact (home visit, accompanying, phone, …): resets the stale-contact clock',
    roles: ['hf-team'],
    schema: contactSchema,
    update: contactUpdate,
  },
  {
    path: '/referrals/:id/evaluations',
    operationId: 'recordEvaluation',
    summary: 'Record a milestone evaluation (months after move-in), with MANSA and feedback',
    roles: ['hf-team'],
    schema: evaluationSchema,
    update: evaluationUpdate,
  },
  {
    path: '/referrals/:id/eviction-risks',
    operationId: 'reportEvictionRisk',
    summary: 'Report an eviction risk: starts the escalation ladder',
    roles: ['housing-provider', 'nav', 'hf-team'],
    schema: evictionRiskSchema,
    update: evictionRiskUpdate,
    created: 'riskId',
  },
  {
    path: '/referrals/:id/eviction-risks/:riskId/action-plan',
    operationId: 'registerActionPlan',
    summary: 'Register the action plan for an eviction risk: stops that ladder',
    roles: ['hf-team', 'team-lead'],
    params: { riskId: 'The risk’s ID (from POST /referrals/{id}/eviction-risks)' },
    schema: actionPlanSchema,
    update: actionPlanUpdate,
    args: (actor, body, params) => ({ actor, event: { ...body, riskId: params.riskId } }),
  },
  {
    path: '/referrals/:id/housing-lost',
    operationId: 'recordHousingLost',
    summary: 'Record that the person lost the housing: follow-up continues, procurement starts again',
    roles: ['hf-team', 'housing-provider'],
    schema: housingLostSchema,
    update: housingLostUpdate,
  },
  {
    path: '/referrals/:id/exit',
    operationId: 'recordExit',
    summary: 'Record the exit (avslutning) with its reason: closes the case',
    roles: ['hf-team', 'team-lead'],
    schema: exitSchema,
    update: exitUpdate,
  },
  {
    path: '/referrals/:id/consent-withdrawal',
    operationId: 'withdrawConsent',
    summary: 'Record that the person withdrew consent: stops the case',
    roles: ['caseworker', 'hf-team'],
    schema: consentWithdrawalSchema,
    update: consentWithdrawalUpdate,
  },
  {
    path: '/referrals/:id/consent-scope',
    operationId: 'changeConsentScope',
    summary: 'Record a change in whom the person consents to share with (e.g. now NAV too)',
    description:
      'Addition to the contract. The new scope replaces the old; a party no longer in it hears nothing more. ' +
      'To stop everything, withdraw consent instead. Consent belongs to the person: the HF team may only take ' +
      'itself out of the scope (narrow its own access), never add a party; adding a party (widening) is for the ' +
      'caseworker or the team lead, on the person’s documented word, with `date` the day the person gave it, and ' +
      'the access log records it as such. Anything else is a 403 naming `scope`.',
    roles: ['caseworker', 'hf-team', 'team-lead'],
    schema: consentScopeSchema,
    update: consentScopeUpdate,
  },
  {
    path: '/referrals/:id/policy',
    operationId: 'adoptCurrentPolicy',
    summary: 'Move the case to its municipality’s current policy (durations, milestones)',
    description:
      'Addition to the contract. A case keeps the policy it started with; an administrator moves it to the ' +
      'version now configured, and unsent reminders are recomputed. No body (or `{}`); a case already on ' +
      'that version is a 400 naming `policy.version`.',
    roles: ['admin'],
    schema: emptySchema,
    update: adoptPolicyUpdate,
    args: (actor, _body, _params, { municipality, deps }) => ({
      actor,
      policy: municipality ? deps.municipalities.get(municipality)?.policy : undefined,
    }),
  },
  {
    path: '/referrals/:id/incidents/:incidentId/retry',
    operationId: 'retryIncident',
    summary: 'Retry a failed call to an outside system',
    description: 'No body (or `{}`).',
    roles: ['admin'],
    params: { incidentId: 'The incident’s ID (from the case’s `incidents`)' },
    schema: emptySchema,
    update: retryIncidentUpdate,
    args: (actor, _body, params) => ({ actor, incidentId: params.incidentId }),
  },
];

export function eventRoutes(registry: RouteRegistry, ctx: ApiContext) {
  for (const route of EVENT_ROUTES) {
    const extra = Object.keys(route.params ?? {});
    registry.add(
      {
        method: 'post',
        path: route.path,
        operationId: route.operationId,
        tag: 'Events',
        summary: route.summary,
        description: [
          route.description,
          `Sent to the case as the workflow update \`${route.update.name}\`; 409 with \`stage\` and \`expects\` when it does not fit the case's stage.`,
        ]
          .filter(Boolean)
          .join(' '),
        roles: route.roles,
        body: route.schema,
        params: { id: 'Case ID', ...route.params },
        idempotent: true,
        audit: 'write',
        responses: route.created
          ? {
              201: {
                description: 'Created',
                schema: route.created === 'offerId' ? offerCreatedResponse : riskCreatedResponse,
              },
            }
          : {
              200: {
                description:
                  'The case after the event, as the caller may see it; housing providers and NAV get a receipt',
                schema: z.union([caseResponse, receiptResponse]),
              },
            },
        problems: [400, 403, 404, 409, 415, 422, ...(route.moreProblems ?? [])],
      },
      async (req: Request, res) => {
        const params = req.params as Record<string, string>;
        const user = req.user!;
        for (const p of extra) {
          if (!SUB_ID.test(params[p])) throw new ProblemError(404, 'Not found', `no such ${p} on this case`);
        }
        const body = parseBody(route.schema, req.body) as Record<string, unknown>;
        const key = idempotencyKey(req);
        noteAccess(req, { detail: `update: ${route.update.name}` });
        const found = await findCase(ctx.client, params.id, user, route.roles);
        const role = found.role;
        req.role = role; // the access log names the role the event was reported in
        if (found.municipality) await route.check?.(body, { municipality: found.municipality, deps: ctx });

        // With a key: one record per caller, case, route (with its IDs) and key.
        const routeKey = [route.path, ...extra.map((p) => params[p])].join(' ');
        let recordKey: string | undefined;
        if (key) {
          recordKey = recordId(ctx.idempotencySecret, ['event', user.id, found.id, routeKey, key]);
          const fp = fingerprint(ctx.idempotencySecret, body);
          const record = await ctx.stores.idempotency.claim(recordKey, fp, found.id);
          if (record.fingerprint !== fp) throw reusedKey();
          if (record.status) {
            // Applied before (perhaps in an earlier run of the case): answer again, change nothing.
            return answer(
              record.status,
              record.result ? (JSON.parse(record.result) as Record<string, string>) : null,
            );
          }
        }

        if (route.update === consentScopeUpdate) {
          const current = await loadView(ctx.client, found.id, user, [role]);
          noteAccess(req, {
            detail: consentChange(role, current.consentScope, body as { scope: string[]; date: string }),
          });
        }

        if (route.update === correctPersonUpdate) {
          // Which fields and why, never the values.
          const event = body as unknown as PersonCorrectionEvent;
          noteAccess(req, {
            detail: `update: correctPerson; corrected: ${correctedFields(event).join(', ')}; reason: ${event.reason}`,
          });
        }

        const actor: Actor = { id: user.id, role };
        const arg = route.args
          ? route.args(actor, body, params, {
              municipality: found.municipality,
              deps: ctx,
              userName: user.name,
            })
          : { actor, event: body };
        let result: unknown;
        try {
          result = await sendUpdate(ctx.client, found, route.update, [arg], recordKey && `idem-${recordKey}`);
        } catch (err) {
          if (err instanceof ProblemError && err.status === 409) {
            ctx.metrics.refusedEvents.inc({ update: route.update.name });
            // A housing provider or NAV learns that the case did not take the event, not its stage.
            if (isReceiptRole(role)) {
              throw new ProblemError(
                409,
                'The case did not take the event',
                'the case does not take this event now',
              );
            }
          }
          throw err;
        }
        ctx.log.info({ caseId: found.id, update: route.update.name, role }, 'event recorded');
        const created = route.created && {
          [route.created]: String((result as Record<string, unknown>)[route.created]),
        };
        if (recordKey) {
          await ctx.stores.idempotency
            .complete(recordKey, created ? 201 : 200, created ? JSON.stringify(created) : null)
            .catch((err: unknown) =>
              ctx.log.warn(
                { caseId: found.id, error: (err as Error).message },
                'idempotency record not completed',
              ),
            );
        }
        // The update answers with a receipt; the case as this caller may see it comes from the query.
        return answer(created ? 201 : 200, created ?? null);

        async function answer(status: number, createdIds: Record<string, string> | null) {
          if (isReceiptRole(role)) {
            // Receipts, not case files: an ID and that it was accepted; nothing of the case.
            return reply(
              ctx.stores.audit,
              req,
              res,
              status,
              { caseId: found.id, accepted: true, ...createdIds },
              { changed: true },
            );
          }
          if (createdIds) {
            return reply(
              ctx.stores.audit,
              req,
              res,
              status,
              { ...createdIds, links: caseLinks(found.id) },
              { changed: true },
            );
          }
          let shown = await loadView(ctx.client, found.id, user, [role]);
          const until = Date.now() + SETTLE_MS;
          while (route.settled && !route.settled(shown) && Date.now() < until) {
            await new Promise((r) => setTimeout(r, 100));
            shown = await loadView(ctx.client, found.id, user, [role]);
          }
          const level = levelFor([role], shown.consentScope);
          noteAccess(req, { personalData: showsPersonalData(level) });
          return reply(
            ctx.stores.audit,
            req,
            res,
            status,
            { ...viewFor(level, shown), links: caseLinks(found.id) },
            {
              changed: true,
            },
          );
        }
      },
    );
  }
}

/**
 * Consent belongs to the person. A party may narrow its own access (the HF team takes itself out);
 * widening — any party added — is for the caseworker or the team lead, on the person's documented
 * word (`date`: when the person gave it). Returns the access-log text for the change.
 */
export function consentChange(
  role: Role,
  current: readonly string[],
  event: { scope: string[]; date: string },
): string {
  const added = event.scope.filter((p) => !current.includes(p));
  const removed = current.filter((p) => !event.scope.includes(p));
  const refuse = (message: string) =>
    new ProblemError(403, 'Not allowed to change the consent this way', message, {
      errors: [{ path: 'scope', message }],
    });
  if (role === 'hf-team') {
    if (added.length) throw refuse(`the HF team cannot widen the consent (adds ${added.join(', ')})`);
    const others = removed.filter((p) => p !== 'hf-team');
    if (others.length) {
      throw refuse(`the HF team may take only itself out of the consent (removes ${others.join(', ')})`);
    }
  } else if (added.length && role !== 'caseworker' && role !== 'team-lead') {
    throw refuse('only the caseworker or the team lead widens the consent, on the person’s word');
  }
  const parts = [
    added.length ? `consent widened on the person’s word of ${event.date}: added ${added.join(', ')}` : '',
    removed.length ? `consent narrowed: removed ${removed.join(', ')}` : '',
  ].filter(Boolean);
  return `update: consentScope; ${parts.join('; ') || 'consent unchanged'}`;
}
