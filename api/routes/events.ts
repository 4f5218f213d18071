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
import { emptySchema } from '../../domain/schemas/events';
import { STEP_SCHEMAS } from '../../domain/schemas/steps';
import { STEP_NAMES, STEPS, type StepName } from '../../domain/steps';
import { correctedFields } from '../../domain/steps/correct-person';
import type { Actor, PersonCorrectionEvent, Role } from '../../domain/types';
import { adoptPolicyUpdate, retryIncidentUpdate, STEP_UPDATES } from '../../workflows/messages';
import { isReceiptRole, levelFor, showsPersonalData, viewFor } from '../access';
import { noteAccess, reply } from '../audit';
import { findCase, loadView, sendUpdate } from '../cases';
import type { ApiContext } from '../context';
import { fingerprint, idempotencyKey, recordId, reusedKey } from '../idempotency';
import { serviceKindOf } from '../../activities/letter-texts';
import { ProblemError } from '../problem';
import { parseBody, type RouteRegistry } from '../registry';
import { checkOfferedUnit } from '../housing';
import { appliedMinimal, PREFER_HEADER, prefersMinimal } from '../prefer';
import { startTiming } from '../server-timing';
import {
  caseResponse,
  minimalResponse,
  offerCreatedResponse,
  receiptResponse,
  riskCreatedResponse,
} from '../responses';
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
  /**
   * Whether this body can leave the case unsettled (by default any can): a caller who prefers
   * `return=minimal` waits for the case to settle only then.
   */
  unsettles?: (body: Record<string, unknown>) => boolean;
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

/**
 * What the API adds to a step (domain/steps/ says the rest): checks that need the case's
 * municipality, the decision's signer from the token, and waiting for the places coordinator.
 */
const STEP_API: {
  [N in StepName]?: Pick<EventRoute, 'check' | 'args' | 'settled' | 'unsettles' | 'moreProblems'>;
} = {
  review: {
    settled: placeAnswered,
    // Only an offered place asks the places coordinator.
    unsettles: (body) => body.outcome === 'place-offered',
    // A refused place is a decision: signed by the caller (domain/pathway/decision-letters.ts).
    args: (actor, body, _params, { userName }) => ({
      actor,
      event: body.reasons === undefined ? body : { ...body, decidedBy: { name: userName ?? actor.id } },
    }),
  },
  // Ending a granted service is a decision: signed by the caller.
  exit: {
    args: (actor, body, _params, { userName }) => ({
      actor,
      event: { ...body, decidedBy: { name: userName ?? actor.id } },
    }),
  },
  mapping: { check: (body, { municipality, deps }) => checkMappingForms(body, municipality, deps) },
  decision: {
    check: (body, { municipality, deps }) => checkServiceKinds(body, municipality, deps),
    args: (actor, body, _params, { userName }) => ({
      actor,
      event: { ...body, decidedBy: { name: userName ?? actor.id } },
    }),
  },
  housingOffer: {
    check: async (body, { municipality, deps }) => {
      checkHousingSource(body, municipality, deps);
      await checkOfferedUnit(deps.housing, municipality, String(body.unitId));
    },
    moreProblems: [503],
  },
};

/** A step's route: its path, roles and schema from the list; a path's IDs go into the event. */
function stepRoute(name: StepName): EventRoute {
  const step = STEPS[name];
  const { created, ...route } = step.route;
  const inPath = Object.keys(route.params ?? {});
  return {
    ...route,
    roles: step.roles,
    schema: STEP_SCHEMAS[name],
    update: STEP_UPDATES[name],
    ...(created ? { created } : {}),
    ...(inPath.length
      ? {
          args: (actor, body, params) => ({
            actor,
            event: { ...body, ...Object.fromEntries(inPath.map((p) => [p, params[p]])) },
          }),
        }
      : {}),
    ...STEP_API[name],
  };
}

export const EVENT_ROUTES: EventRoute[] = [
  ...STEP_NAMES.map(stepRoute),
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
        headers: {
          [PREFER_HEADER]:
            '`return=minimal`: answer with the receipt and links only, not the case (RFC 7240; one read of the case fewer)',
        },
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
                  'The case after the event, as the caller may see it; with `Prefer: return=minimal`, only that ' +
                  'the case took it and where to read it; housing providers and NAV get a receipt',
                schema: z.union([caseResponse, minimalResponse, receiptResponse]),
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
        const minimal = prefersMinimal(req);
        const timing = startTiming(res);
        noteAccess(req, { detail: `update: ${route.update.name}` });
        const found = await timing.time('find', () => findCase(ctx.client, params.id, user, route.roles));
        const role = found.role;
        req.role = role; // the access log names the role the event was reported in
        if (found.municipality) await route.check?.(body, { municipality: found.municipality, deps: ctx });

        // With a key: one record per caller, case, route (with its IDs) and key.
        const routeKey = [route.path, ...extra.map((p) => params[p])].join(' ');
        const recordKey = key
          ? recordId(ctx.idempotencySecret, ['event', user.id, found.id, routeKey, key])
          : undefined;
        if (recordKey) {
          const fp = fingerprint(ctx.idempotencySecret, body);
          const record = await timing.time('claim', () =>
            ctx.stores.idempotency.claim(recordKey, fp, found.id),
          );
          if (record.fingerprint !== fp) throw reusedKey();
          if (record.status) {
            // Applied before (perhaps in an earlier run of the case): answer again, change nothing.
            return answer(
              record.status,
              record.result ? (JSON.parse(record.result) as Record<string, string>) : null,
            );
          }
        }

        if (route.update === STEP_UPDATES.consentScope) {
          const current = await timing.time('read', () => loadView(ctx.client, found.id, user, [role]));
          noteAccess(req, {
            detail: consentChange(role, current.consentScope, body as { scope: string[]; date: string }),
          });
        }

        if (route.update === STEP_UPDATES.correctPerson) {
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
          result = await timing.time('update', () =>
            sendUpdate(ctx.client, found, route.update, [arg], recordKey && `idem-${recordKey}`),
          );
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
          await timing
            .time('claim', () =>
              ctx.stores.idempotency.complete(
                recordKey,
                created ? 201 : 200,
                created ? JSON.stringify(created) : null,
              ),
            )
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
          if (minimal) {
            // The caller reads the case again itself; only wait for it to settle when it may not have.
            if (route.settled && (route.unsettles?.(body) ?? true)) await settledView();
            appliedMinimal(res);
            return reply(
              ctx.stores.audit,
              req,
              res,
              status,
              { caseId: found.id, accepted: true, links: caseLinks(found.id) },
              { changed: true },
            );
          }
          const shown = await settledView();
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

        /** The case as the caller may see it, once it says what the route waits for (at most SETTLE_MS). */
        function settledView(): Promise<CaseView> {
          return timing.time('read', async () => {
            let shown = await loadView(ctx.client, found.id, user, [role]);
            const until = Date.now() + SETTLE_MS;
            while (route.settled && !route.settled(shown) && Date.now() < until) {
              await new Promise((r) => setTimeout(r, 100));
              shown = await loadView(ctx.client, found.id, user, [role]);
            }
            return shown;
          });
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
