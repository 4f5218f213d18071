/**
 * Cases as a whole: submit a referral, register a person already in the programme, read a case,
 * list cases, and read a case's access log.
 */
import type { Request, Response } from 'express';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { localDate } from '../../domain/calendar';
import type { CaseInput } from '../../domain/case';
import type { MunicipalityProfile } from '../../domain/policy';
import { existingCaseSchema } from '../../domain/schemas/existing-case';
import { auditQuery, caseListQuery } from '../../domain/schemas/queries';
import { referralSchema } from '../../domain/schemas/referral';
import type { Stage } from '../../domain/stages';
import { checkTargetGroup } from '../../domain/target-group';
import type { ReferralInput, Role } from '../../domain/types';
import { personIndex } from '../../platform/person-index';
import {
  HskOffice,
  Municipality,
  PathwayStage,
  PersonIndex,
  ReferredAt,
} from '../../workflows/search-attributes';
import { levelForUser, showsPersonalData, viewFor } from '../access';
import { noteAccess, reply } from '../audit';
import { officeBound, type User } from '../auth';
import { idempotentCaseId, newCaseId } from '../case-ids';
import { findCase, loadView, temporalTrouble } from '../cases';
import type { ApiContext } from '../context';
import { fingerprint, idempotencyKey, recordId, reusedKey } from '../idempotency';
import { startTiming } from '../server-timing';
import { ProblemError } from '../problem';
import { parseBody, parseQuery, type RouteRegistry } from '../registry';
import { HousingUnavailable } from '../housing';
import {
  auditResponse,
  caseCreatedResponse,
  caseListResponse,
  caseResponse,
  housingSuggestionsResponse,
} from '../responses';

/** Roles that may read a case (housing providers and NAV report events but do not read). */
export const READ_ROLES = [
  'caseworker',
  'assessment-team',
  'hf-team',
  'team-lead',
  'unit-leader',
  'admin',
] as const;
export const LIST_ROLES = [
  'team-lead',
  'unit-leader',
  'admin',
  'assessment-team',
  'hf-team',
  'caseworker',
] as const;

export function caseLinks(id: string) {
  return { self: `/referrals/${id}`, audit: `/referrals/${id}/audit` };
}

function badOffice(office: string, path = 'office'): ProblemError {
  return new ProblemError(400, 'The request is not valid', `1 invalid field in the body: ${path}`, {
    errors: [{ path, message: `unknown office "${office}"` }],
  });
}

/** Starts a case workflow, once per Idempotency-Key; answers 201 (new) or 200 (the same again). */
async function startCase(
  ctx: ApiContext,
  req: Request,
  res: Response,
  kind: 'referral' | 'existing',
  body: ReferralInput & { referredAt?: string; existing?: CaseInput['existing'] },
  municipality: MunicipalityProfile,
) {
  const user = req.user!;
  const key = idempotencyKey(req);
  const timing = startTiming(res); // Server-Timing: claim, start, log, total
  const fp = key && fingerprint(ctx.idempotencySecret, body);
  const record = key
    ? await timing.time('claim', () =>
        ctx.stores.idempotency.claim(recordId(ctx.idempotencySecret, [kind, user.id, key]), fp!, null),
      )
    : undefined;
  if (record && record.fingerprint !== fp) throw reusedKey();
  const caseId = key
    ? idempotentCaseId(
        municipality.id,
        ctx.idempotencySecret,
        `${kind === 'existing' ? 'existing:' : ''}${user.id}`,
        key,
      )
    : newCaseId(municipality.id);
  noteAccess(req, { caseId });
  const now = new Date();
  // Today in the municipality, not in UTC: a referral made at 00:30 Oslo is dated that day.
  const referredAt = body.referredAt ?? localDate(now, municipality.policy.timezone);
  const stage: Stage = body.existing?.stage ?? 'first-review';
  const input: CaseInput = {
    caseId,
    municipality: municipality.id,
    office: body.office,
    referredAt,
    caseworker: { id: user.id, role: req.role! },
    person: body.person,
    criteria: body.criteria,
    consent: body.consent,
    ...(body.notes !== undefined ? { notes: body.notes } : {}),
    policy: municipality.policy,
    ...(body.existing ? { existing: body.existing } : {}),
  };
  let started = true;
  try {
    await timing.time('start', () =>
      ctx.client.withDeadline(Date.now() + 15_000, () =>
        ctx.client.workflow.start('caseWorkflow', {
          taskQueue: ctx.taskQueue,
          workflowId: caseId,
          args: [input],
          // Known before the first workflow task runs, so lists and office checks see the case at once.
          typedSearchAttributes: new TypedSearchAttributes([
            { key: PathwayStage, value: stage },
            { key: HskOffice, value: body.office },
            { key: Municipality, value: municipality.id },
            { key: ReferredAt, value: new Date(`${referredAt}T00:00:00Z`) },
            // The person search's blind index: keyed hashes only (platform/person-index.ts).
            { key: PersonIndex, value: personIndex(ctx.personIndexKey, body.person) },
          ]),
          workflowIdConflictPolicy: key ? 'USE_EXISTING' : 'FAIL',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      ),
    );
  } catch (err) {
    if (!(key && err instanceof WorkflowExecutionAlreadyStartedError)) temporalTrouble(err);
    started = false; // the same key after the case closed: still the same case
  }
  if (record?.status) started = false; // answered before: this is the retry
  if (record) {
    await timing.time('claim', () =>
      ctx.stores.idempotency.complete(record.id, 201, JSON.stringify({ caseId })),
    );
  }
  ctx.log.info(
    { caseId, municipality: municipality.id, office: body.office, kind, idempotent: !!key, repeat: !started },
    'case received',
  );
  res.location(`/referrals/${caseId}`);
  await reply(
    ctx.stores.audit,
    req,
    res,
    started ? 201 : 200,
    { id: caseId, stage, links: caseLinks(caseId) },
    {
      changed: true,
    },
  );
}

export function referralRoutes(registry: RouteRegistry, ctx: ApiContext) {
  registry.add(
    {
      method: 'post',
      path: '/referrals',
      operationId: 'submitReferral',
      tag: 'Cases',
      summary: 'Submit a referral (innsøking)',
      description:
        'Starts a case at the first review. Consent is required (no consent, no referral). The person must be in ' +
        'the municipality’s target group (homeless, and substance use and/or mental-health problems as its plan ' +
        'says) or the referral gives `criteria.exceptionReason`. A caseworker ' +
        'refers for their own office only. With `Idempotency-Key`, the same key again returns the same case ' +
        '(200) and never starts a second; the same key with a different body is refused (422).',
      roles: ['caseworker'],
      body: referralSchema,
      idempotent: true,
      audit: 'create',
      responses: {
        201: { description: 'Case started', schema: caseCreatedResponse },
        200: {
          description: 'The same Idempotency-Key again: the case started before',
          schema: caseCreatedResponse,
        },
      },
      problems: [400, 403, 415, 422],
    },
    async (req, res) => {
      const referral = parseBody(referralSchema, req.body);
      const user = req.user!;
      if (referral.office !== user.office) {
        throw new ProblemError(
          403,
          'Not your office',
          `a caseworker at ${user.office} cannot refer on behalf of ${referral.office}`,
        );
      }
      const municipality = ctx.municipalities.forOffice(referral.office);
      if (!municipality) throw badOffice(referral.office);
      const findings = checkTargetGroup(referral.criteria, municipality.targetGroup, municipality.name);
      if (findings.length) {
        throw new ProblemError(400, 'The request is not valid', `1 invalid field in the body: criteria`, {
          errors: findings,
        });
      }
      await startCase(ctx, req, res, 'referral', referral, municipality);
    },
  );

  registry.add(
    {
      method: 'post',
      path: '/existing-cases',
      operationId: 'registerExistingCase',
      tag: 'Cases',
      summary: 'Register a person already in the programme, at their stage',
      description:
        'For a municipality starting to use the service: the referral’s fields, the real `referredAt`, and ' +
        '`existing` (stage, since when, and the facts that stage rests on, with their real dates). Deadlines ' +
        'and milestones follow from those dates. `Idempotency-Key` works as for referrals.',
      roles: ['team-lead', 'admin'],
      body: existingCaseSchema,
      idempotent: true,
      audit: 'create',
      responses: {
        201: { description: 'Case registered', schema: caseCreatedResponse },
        200: { description: 'The same Idempotency-Key again', schema: caseCreatedResponse },
      },
      problems: [400, 403, 415, 422],
    },
    async (req, res) => {
      const body = parseBody(existingCaseSchema, req.body);
      const municipality = ctx.municipalities.forOffice(body.office);
      if (!municipality) throw badOffice(body.office);
      if (municipality.id !== req.user!.municipality) {
        throw new ProblemError(
          403,
          'Not your municipality',
          `office ${body.office} is not in ${req.user!.municipality}`,
          {
            errors: [{ path: 'office', message: `not an office of ${req.user!.municipality}` }],
          },
        );
      }
      await startCase(ctx, req, res, 'existing', body, municipality);
    },
  );

  registry.add(
    {
      method: 'get',
      path: '/referrals',
      operationId: 'listCases',
      tag: 'Lists and reports',
      summary: 'List cases from Temporal visibility (no personal data)',
      description:
        'Filters: `stage`, `office`, `municipality`, `overdue` (earliest task past due), `incident` ' +
        '(waiting for an administrator), `closed` (include ended cases), `limit` (1–2000, default 100). ' +
        'A caseworker lists their own office only. Visibility is eventually consistent (about a second).',
      roles: LIST_ROLES,
      query: caseListQuery,
      audit: 'list',
      responses: { 200: { description: 'Cases, newest first', schema: caseListResponse } },
      problems: [400, 403],
    },
    async (req, res) => {
      const q = parseQuery(caseListQuery, req.query);
      const user = req.user!;
      if (q.office && !ctx.municipalities.forOffice(q.office)) throw badOffice(q.office, 'query.office');
      if (q.municipality && !ctx.municipalities.get(q.municipality)) {
        throw new ProblemError(
          400,
          'The request is not valid',
          '1 invalid field in the query: query.municipality',
          {
            errors: [{ path: 'query.municipality', message: `unknown municipality "${q.municipality}"` }],
          },
        );
      }
      const { office, municipality } = scopeOfList(ctx, user, req.role, q);
      const terminal = q.stage === 'closed' || q.stage === 'exited' || q.stage === 'withdrawn';
      noteAccess(req, { detail: filterText({ ...q, office, municipality }) });
      let items;
      try {
        items = await ctx.directory.list({
          stage: q.stage,
          office,
          municipality,
          overdue: q.overdue,
          incident: q.incident,
          includeClosed: q.closed ?? terminal,
          limit: q.limit ?? 100,
        });
      } catch (err) {
        temporalTrouble(err);
      }
      await reply(ctx.stores.audit, req, res, 200, {
        items: items.map((c) => ({ ...c, links: { self: `/referrals/${c.caseId}` } })),
        count: items.length,
      });
    },
  );

  registry.add(
    {
      method: 'get',
      path: '/referrals/:id',
      operationId: 'getCase',
      tag: 'Cases',
      summary: 'Read a case: stage, timeline, open tasks, deadlines, incidents',
      description:
        'Personal fields only for the roles that need them: hf-team and team-lead see everything; caseworker ' +
        'and assessment-team see the referral (person, criteria, notes); unit-leader and admin see the case’s ' +
        'course without personal data. A caseworker sees their own office’s cases only (others are 404).',
      roles: READ_ROLES,
      params: { id: 'Case ID' },
      audit: 'read',
      responses: { 200: { description: 'The case', schema: caseResponse } },
      problems: [403, 404],
    },
    async (req: Request, res) => {
      const id = String(req.params.id);
      const view = await loadView(ctx.client, id, req.user!, READ_ROLES);
      // Only roles that reach this case on their own count (roles never add up past a check).
      const level = levelForUser(req.user!, READ_ROLES, view);
      noteAccess(req, { personalData: showsPersonalData(level), detail: `stage: ${view.stage}` });
      await reply(ctx.stores.audit, req, res, 200, {
        ...viewFor(level, view),
        links: caseLinks(view.caseId),
      });
    },
  );

  registry.add(
    {
      method: 'get',
      path: '/referrals/:id/housing-suggestions',
      operationId: 'suggestHousing',
      tag: 'Cases',
      summary: 'Units from the housing system that fit the person’s wishes, best fit first',
      description:
        'While the case is in housing procurement (or housing was lost in follow-up): the municipality’s ' +
        'available units matched against the housing wishes recorded at mapping — every need met first, ' +
        'then the wished area, then the type, then the earliest available. A proposal: the person chooses, ' +
        'and declining an offer costs nothing. For the HF team and the team lead; without the person’s consent to ' +
        'share with them (the wishes are personal) the units come in the order they are available, with no `fit`. ' +
        '409 in other stages; 503 with Retry-After when the housing system does not answer.',
      roles: ['hf-team', 'team-lead'],
      params: { id: 'Case ID' },
      audit: 'read',
      responses: { 200: { description: 'The suggested units', schema: housingSuggestionsResponse } },
      problems: [403, 404, 409, 503],
    },
    async (req: Request, res) => {
      const id = String(req.params.id);
      const roles = ['hf-team', 'team-lead'] as const;
      const view = await loadView(ctx.client, id, req.user!, roles);
      // The wishes are personal: without the person's consent to share with the caller, the units
      // come in the order they are available, with nothing said about the person.
      const personal = levelForUser(req.user!, [...roles], view) === 'full';
      const procuring =
        view.stage === 'housing' || (view.stage === 'follow-up' && view.housing.status === 'lost');
      if (!procuring) {
        throw new ProblemError(
          409,
          'Not looking for housing',
          `the case is in stage "${view.stage}", not housing procurement`,
          {
            stage: view.stage,
          },
        );
      }
      const wishes = (personal && view.housingWishes) || { areas: [], needs: [] };
      let units;
      try {
        units = await ctx.housing.suggest(view.municipality, wishes);
      } catch (err) {
        if (!(err instanceof HousingUnavailable)) throw err;
        throw new ProblemError(
          503,
          'The housing system does not answer',
          'no suggestions now; try again later',
        );
      }
      const norm = (s: string) => s.trim().toLocaleLowerCase('nb');
      const offered = new Set(view.housing.offers.map((o) => o.unitId));
      noteAccess(req, { personalData: personal, detail: `suggestions: ${units.length}` });
      await reply(ctx.stores.audit, req, res, 200, {
        caseId: view.caseId,
        items: units.map((u) => {
          const features = new Set(u.features.map(norm));
          return {
            ...u,
            offeredBefore: offered.has(u.unitId),
            ...(personal
              ? {
                  fit: {
                    needsMet: wishes.needs.filter((n) => features.has(norm(n))),
                    needsMissing: wishes.needs.filter((n) => !features.has(norm(n))),
                    inWishedArea: wishes.areas.some((a) => norm(a) === norm(u.area)),
                    wishedType: !!wishes.type && norm(wishes.type) === norm(u.type),
                  },
                }
              : {}),
          };
        }),
      });
    },
  );

  registry.add(
    {
      method: 'get',
      path: '/referrals/:id/audit',
      operationId: 'getCaseAudit',
      tag: 'Cases',
      summary: 'The case’s access log: who read or changed it, when, through which route, with what outcome',
      description:
        'Append-only (Normen). Holds user IDs, roles, routes and outcomes, never the personal data itself. ' +
        'Reading it is itself logged. `after` (a `seq`) and `limit` page through long logs.',
      roles: ['team-lead', 'admin'],
      params: { id: 'Case ID' },
      query: auditQuery,
      audit: 'audit-read',
      responses: { 200: { description: 'Entries, oldest first', schema: auditResponse } },
      problems: [403, 404],
    },
    async (req: Request, res) => {
      const id = String(req.params.id);
      const q = parseQuery(auditQuery, req.query);
      await findCase(ctx.client, id, req.user!, ['team-lead', 'admin']);
      const entries = await ctx.stores.audit.forCase(id, { afterSeq: q.after ?? 0, limit: q.limit ?? 1000 });
      await reply(ctx.stores.audit, req, res, 200, { caseId: id, entries });
    },
  );
}

function filterText(q: Record<string, unknown>): string {
  return Object.entries(q)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

/**
 * What a list may cover: the user's own municipality (another's is a 403 naming the filter), and
 * for a caseworker their own office.
 */
export function scopeOfList(
  ctx: ApiContext,
  user: User,
  role: Role | undefined,
  q: { office?: string; municipality?: string },
): { office?: string; municipality: string } {
  if (q.municipality && q.municipality !== user.municipality) {
    throw new ProblemError(
      403,
      'Not your municipality',
      `you work with the cases of ${user.municipality} only`,
      {
        errors: [{ path: 'query.municipality', message: `not your municipality (${user.municipality})` }],
      },
    );
  }
  if (q.office && ctx.municipalities.forOffice(q.office)?.id !== user.municipality) {
    throw new ProblemError(
      403,
      'Not your municipality',
      `office ${q.office} is not in ${user.municipality}`,
      {
        errors: [{ path: 'query.office', message: `not an office of ${user.municipality}` }],
      },
    );
  }
  let office = q.office;
  if (officeBound(role)) {
    if (office && office !== user.office) {
      throw new ProblemError(403, 'Not your office', `a caseworker sees the cases of ${user.office} only`);
    }
    office = user.office;
  }
  return { office, municipality: user.municipality };
}
