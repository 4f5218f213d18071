/**
 * The programme's yearly fidelity self-assessment against the Pathways Housing First Fidelity
 * Scale (domain/fidelity.ts): the team lead or unit leader records the year's item scores, and
 * anyone who reads the programme's figures sees the year side by side with the year before.
 */
import { z } from 'zod';
import {
  FIDELITY_ITEM_IDS,
  fidelityScores,
  type FidelityAssessment,
  type FidelityItem,
} from '../../domain/fidelity';
import { pastDate } from '../../domain/schemas/common';
import { osloToday } from '../../domain/schemas/common';
import { noteAccess, reply } from '../audit';
import type { ApiContext } from '../context';
import { ProblemError } from '../problem';
import { parseBody, parseQuery, type RouteRegistry } from '../registry';

const year = z.number().int().min(2000, 'expected a year from 2000').max(2100, 'expected a year up to 2100');

export const fidelityBody = z
  .strictObject({
    year,
    assessedAt: pastDate,
    scores: z.partialRecord(
      z.enum(FIDELITY_ITEM_IDS as [FidelityItem, ...FidelityItem[]], {
        message: `expected one of the scale's items: ${FIDELITY_ITEM_IDS.join(', ')}`,
      }),
      z.number().int('expected a whole score from 1 to 4').min(1).max(4),
    ),
  })
  .superRefine((b, ctx) => {
    for (const id of FIDELITY_ITEM_IDS)
      if (b.scores[id] === undefined)
        ctx.addIssue({ code: 'custom', path: ['scores', id], message: 'every item of the scale is scored' });
    if (Number(b.assessedAt.slice(0, 4)) !== b.year)
      ctx.addIssue({ code: 'custom', path: ['assessedAt'], message: `expected a day in ${b.year}` });
  });

const fidelityQuery = z.strictObject({
  year: z
    .string()
    .regex(/^\d{4}$/, 'expected a year such as 2026')
    .transform(Number)
    .refine((y) => y >= 2000 && y <= 2100, 'expected a year from 2000 to 2100')
    .optional(),
});

const assessmentView = z.object({
  year: z.number().int(),
  assessedAt: z.string(),
  scores: z.record(z.string(), z.number().int()),
  domains: z.array(z.object({ domain: z.string(), mean: z.number() })),
  total: z.number(),
});
export const fidelityResponse = z.object({
  municipality: z.string(),
  year: z.number().int(),
  current: assessmentView.nullable(),
  previous: assessmentView.nullable(),
  /** Per domain and in total: this year's mean minus last year's (both needed). */
  change: z.object({ domains: z.record(z.string(), z.number()), total: z.number() }).nullable(),
});

function shown(a: FidelityAssessment | undefined) {
  if (!a) return null;
  const { domains, total } = fidelityScores(a.scores);
  return { year: a.year, assessedAt: a.assessedAt, scores: a.scores, domains, total };
}

/** A year's assessment beside the year before, with the change where both exist. */
async function sideBySide(ctx: ApiContext, municipality: string, y: number) {
  const [now, before] = await Promise.all([
    ctx.stores.fidelity.get(municipality, y),
    ctx.stores.fidelity.get(municipality, y - 1),
  ]);
  const current = shown(now);
  const previous = shown(before);
  const change =
    current && previous
      ? {
          domains: Object.fromEntries(
            current.domains.map((d, i) => [
              d.domain,
              Math.round((d.mean - previous.domains[i].mean) * 100) / 100,
            ]),
          ),
          total: Math.round((current.total - previous.total) * 100) / 100,
        }
      : null;
  return { municipality, year: y, current, previous, change };
}

export function fidelityRoutes(registry: RouteRegistry, ctx: ApiContext) {
  registry.add(
    {
      method: 'get',
      path: '/programme/fidelity',
      operationId: 'getFidelity',
      tag: 'Lists and reports',
      summary: 'The fidelity self-assessment of a year, side by side with the year before',
      description:
        'The Pathways Housing First Fidelity Scale (Stefancic et al. 2013): five domains, each item scored 1–4. ' +
        'Default year: this year. The caller’s municipality only. Nothing personal.',
      roles: ['team-lead', 'unit-leader', 'admin'],
      query: fidelityQuery,
      audit: 'report',
      responses: { 200: { description: 'The assessments', schema: fidelityResponse } },
      problems: [400, 403],
    },
    async (req, res) => {
      const q = parseQuery(fidelityQuery, req.query);
      const municipality = req.user!.municipality;
      const y = q.year ?? Number(osloToday().slice(0, 4));
      noteAccess(req, { detail: `fidelity ${y} ${municipality}` });
      await reply(ctx.stores.audit, req, res, 200, await sideBySide(ctx, municipality, y));
    },
  );

  registry.add(
    {
      method: 'post',
      path: '/programme/fidelity',
      operationId: 'recordFidelity',
      tag: 'Lists and reports',
      summary:
        'Record the year’s fidelity self-assessment (every item scored 1–4); the same year again replaces it',
      roles: ['team-lead', 'unit-leader'],
      body: fidelityBody,
      audit: 'write',
      responses: {
        200: { description: 'The assessment as stored, with last year’s', schema: fidelityResponse },
      },
      problems: [400, 403],
    },
    async (req, res) => {
      const body = parseBody(fidelityBody, req.body);
      const municipality = req.user!.municipality;
      if (!ctx.municipalities.get(municipality))
        throw new ProblemError(403, 'Not a municipality here', `no profile for ${municipality}`);
      await ctx.stores.fidelity.put({
        municipality,
        year: body.year,
        assessedAt: body.assessedAt,
        scores: body.scores as Record<FidelityItem, number>,
        recordedBy: req.user!.id,
      });
      noteAccess(req, { detail: `fidelity ${body.year} ${municipality}` });
      await reply(ctx.stores.audit, req, res, 200, await sideBySide(ctx, municipality, body.year));
    },
  );
}
