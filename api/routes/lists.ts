/** Work across cases: open tasks, soonest due first, and the programme's outcome figures. */
import { outcomesQuery, taskListQuery } from '../../domain/schemas/queries';
import { OUTCOME_DEFINITIONS } from '../../read-model/case-directory';
import { noteAccess, reply } from '../audit';
import { temporalTrouble } from '../cases';
import type { ApiContext } from '../context';
import { ProblemError } from '../problem';
import { parseQuery, type RouteRegistry } from '../registry';
import { readPlaces } from '../../read-model/places';
import { scopeOfList } from './referrals';
import { caseListResponse, outcomesResponse, placesResponse, taskListResponse } from '../responses';

function unknownIn(path: string, what: string, value: string): ProblemError {
  return new ProblemError(400, 'The request is not valid', `1 invalid field in the query: ${path}`, {
    errors: [{ path, message: `unknown ${what} "${value}"` }],
  });
}

export function listRoutes(registry: RouteRegistry, ctx: ApiContext) {
  registry.add(
    {
      method: 'get',
      path: '/tasks',
      operationId: 'listTasks',
      tag: 'Lists and reports',
      summary: 'Open tasks across cases, soonest due first',
      description:
        'Filters: `assignee` (a role), `overdue`, `office`, `municipality`. A caseworker sees their own office’s ' +
        'tasks only. Task titles hold no personal data.',
      roles: ['team-lead', 'unit-leader', 'hf-team', 'assessment-team', 'caseworker'],
      query: taskListQuery,
      audit: 'list',
      responses: { 200: { description: 'Open tasks', schema: taskListResponse } },
      problems: [400, 403],
    },
    async (req, res) => {
      const q = parseQuery(taskListQuery, req.query);
      if (q.office && !ctx.municipalities.forOffice(q.office))
        throw unknownIn('query.office', 'office', q.office);
      if (q.municipality && !ctx.municipalities.get(q.municipality))
        throw unknownIn('query.municipality', 'municipality', q.municipality);
      const { office, municipality } = scopeOfList(ctx, req.user!, req.role, q);
      noteAccess(req, {
        detail: Object.entries({ ...q, office, municipality })
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' '),
      });
      let rows;
      try {
        rows = await ctx.directory.openTasks({
          assignee: q.assignee,
          overdue: q.overdue,
          office,
          municipality,
        });
      } catch (err) {
        temporalTrouble(err);
      }
      await reply(ctx.stores.audit, req, res, 200, {
        items: rows.map((t) => ({ ...t, links: { self: `/referrals/${t.caseId}` } })),
        count: rows.length,
      });
    },
  );

  registry.add(
    {
      method: 'get',
      path: '/reports/outcomes',
      operationId: 'outcomeReport',
      tag: 'Lists and reports',
      summary:
        'Outcome figures for a period: housed, in follow-up, exits by reason, 12-month stability, median days',
      description: `How each figure is counted: ${Object.entries(OUTCOME_DEFINITIONS)
        .map(([k, v]) => `\`${k}\`: ${v}`)
        .join('; ')}.`,
      roles: ['team-lead', 'unit-leader', 'admin'],
      query: outcomesQuery,
      audit: 'report',
      responses: { 200: { description: 'The figures', schema: outcomesResponse } },
      problems: [400, 403],
    },
    async (req, res) => {
      const q = parseQuery(outcomesQuery, req.query);
      if (q.municipality && !ctx.municipalities.get(q.municipality))
        throw unknownIn('query.municipality', 'municipality', q.municipality);
      const { municipality } = scopeOfList(ctx, req.user!, req.role, { municipality: q.municipality });
      noteAccess(req, { detail: `from=${q.from} to=${q.to} municipality=${municipality}` });
      let figures;
      try {
        figures = await ctx.directory.outcomes(municipality, q.from, q.to);
      } catch (err) {
        temporalTrouble(err);
      }
      await reply(ctx.stores.audit, req, res, 200, {
        ...figures,
        municipality,
        definitions: OUTCOME_DEFINITIONS,
      });
    },
  );

  registry.add(
    {
      method: 'get',
      path: '/places',
      operationId: 'placesAndWaitingList',
      tag: 'Lists and reports',
      summary: 'The municipality’s places and its waiting list, in order (from the places coordinator)',
      description:
        'Capacity, places held and free, and the cases waiting for a place, first in line first, each with ' +
        'when it was referred. Case IDs and dates only: nothing personal.',
      roles: ['team-lead', 'unit-leader', 'admin'],
      audit: 'list',
      responses: { 200: { description: 'Places and the waiting list', schema: placesResponse } },
      problems: [403],
    },
    async (req, res) => {
      const municipality = req.user!.municipality;
      noteAccess(req, { detail: `places municipality=${municipality}` });
      let places;
      let summaries;
      try {
        [places, summaries] = await Promise.all([
          readPlaces(ctx.client, municipality),
          ctx.directory.list({ municipality, stage: 'waiting-for-place', limit: 10_000 }),
        ]);
      } catch (err) {
        temporalTrouble(err);
      }
      const byId = new Map(summaries.map((c) => [c.caseId, c]));
      await reply(ctx.stores.audit, req, res, 200, {
        municipality,
        capacity: places.capacity,
        held: places.held,
        free: places.free,
        waiting: places.waiting.map((caseId, i) => ({
          position: i + 1,
          caseId,
          referredAt: byId.get(caseId)?.referredAt,
          office: byId.get(caseId)?.office,
          links: { self: `/referrals/${caseId}` },
        })),
      });
    },
  );

  registry.add(
    {
      method: 'get',
      path: '/my-cases',
      operationId: 'myCases',
      tag: 'Lists and reports',
      summary: 'The cases I follow up (the follow-up worker named at mapping), soonest due first',
      description:
        'For the Housing First team: running cases whose follow-up worker is the caller (by name, as the ' +
        'mapping recorded it; case and accents other than æ, ø, å do not matter). The answer is the case ' +
        'list’s: no personal data.',
      roles: ['hf-team'],
      audit: 'list',
      responses: { 200: { description: 'My cases', schema: caseListResponse } },
      problems: [403],
    },
    async (req, res) => {
      const user = req.user!;
      noteAccess(req, { detail: 'followed by me' });
      let items;
      try {
        items = await ctx.directory.followedBy(user.name, user.municipality);
      } catch (err) {
        temporalTrouble(err);
      }
      await reply(ctx.stores.audit, req, res, 200, {
        items: items.map((c) => ({ ...c, links: { self: `/referrals/${c.caseId}` } })),
        count: items.length,
      });
    },
  );
}
