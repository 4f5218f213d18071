/**
 * Finding a person's case by national ID or name through the blind index (platform/person-index.ts):
 * the term is hashed with the index key and matched against each case's `PersonIndex` search
 * attribute, so neither the term nor the person is in clear in Temporal. A hit is shown only when
 * the caller could read the person on that case (municipality, office, consent: api/access.ts);
 * otherwise it is left out, as if there were none. Every search leaves an access-log entry without
 * the term, and one entry per case it showed.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { personSearchBody } from '../../domain/schemas/search';
import type { CaseView } from '../../domain/case';
import type { Role } from '../../domain/types';
import { searchHashes } from '../../platform/person-index';
import { forEachLimited } from '../../read-model/case-directory';
import { levelForUser, showsPersonalData } from '../access';
import { AuditUnavailable, noteAccess, reply } from '../audit';
import { QUERY_DEADLINE_MS, temporalTrouble } from '../cases';
import type { ApiContext } from '../context';
import { ProblemError } from '../problem';
import { parseBody, type RouteRegistry } from '../registry';
import { personSearchResponse } from '../responses';

/** Roles that read persons (the course-only roles have nothing to find a person by). */
export const SEARCH_ROLES: readonly Role[] = ['caseworker', 'assessment-team', 'hf-team', 'team-lead'];
/** At most this many cases are looked at per search: a search finds a person, not a population. */
export const SEARCH_LIMIT = 20;

export function searchRoutes(registry: RouteRegistry, ctx: ApiContext) {
  registry.add(
    {
      method: 'post',
      path: '/search',
      operationId: 'searchPerson',
      tag: 'Cases',
      summary: 'Find a person’s case by national ID or name (blind index; the term in the body)',
      description:
        '`term`: an 11-digit national ID (spaces allowed), or a name — every word must match a whole name of ' +
        'the person (case and accents other than æ, ø, å do not matter; no partial words). The term is hashed ' +
        'with a key (HMAC) and matched against the hashes each case carries; it is never stored nor logged. ' +
        `Results obey the rules of reading the case: only cases whose person the caller may see, at most ${SEARCH_LIMIT}.`,
      roles: SEARCH_ROLES,
      body: personSearchBody,
      audit: 'search',
      responses: { 200: { description: 'The cases found, newest first', schema: personSearchResponse } },
      problems: [400, 403, 415],
    },
    async (req, res) => {
      // A term in the URL would be in proxies' and servers' logs: refused, so no client gets used to it.
      const inUrl = Object.keys(req.query);
      if (inUrl.length > 0) {
        throw new ProblemError(
          400,
          'The request is not valid',
          'the search term goes in the body, not the URL',
          {
            errors: inUrl.map((k) => ({
              path: `query.${k}`,
              message: 'not allowed: send { "term": … } in the body',
            })),
          },
        );
      }
      const { term } = parseBody(personSearchBody, req.body);
      const user = req.user!;
      const wanted = searchHashes(ctx.personIndexKey, term);
      if (!wanted) {
        throw new ProblemError(400, 'The request is not valid', '1 invalid field in the body: term', {
          errors: [{ path: 'term', message: 'expected a name (letters) or a national ID (11 digits)' }],
        });
      }
      const caseworkerOnly = user.roles
        .filter((r) => SEARCH_ROLES.includes(r))
        .every((r) => r === 'caseworker');
      let views: CaseView[] = [];
      try {
        const ids = await ctx.directory.findByIndex(wanted.hashes, {
          municipality: user.municipality,
          // A caseworker and nothing else: the visibility query itself keeps to their office.
          office: caseworkerOnly ? user.office : undefined,
          limit: SEARCH_LIMIT,
        });
        const found: CaseView[] = [];
        await forEachLimited(ids, 4, async (id) => {
          try {
            found.push(
              await ctx.client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => ctx.directory.view(id)),
            );
          } catch (err) {
            // Gone since (past its retention): no hit. Anything else (no worker answering) is a 503 to
            // retry: a hit left out silently would read as "this person has no case".
            if (!(err instanceof WorkflowNotFoundError)) throw err;
          }
        });
        views = found;
      } catch (err) {
        temporalTrouble(err);
      }
      const shown = views
        .map((v) => ({ view: v, level: levelForUser(user, SEARCH_ROLES, v) }))
        .filter(({ level }) => showsPersonalData(level))
        .sort(
          (a, b) =>
            b.view.referredAt.localeCompare(a.view.referredAt) || a.view.caseId.localeCompare(b.view.caseId),
        );
      const detail = `by ${wanted.kind}${wanted.kind === 'name' ? ` (${wanted.hashes.length} words)` : ''}`;
      noteAccess(req, { personalData: shown.length > 0, detail: `${detail}: ${shown.length} found` });
      const at = new Date().toISOString();
      // Each case shown names its person: that case's own log says who found it.
      for (const { view } of shown) {
        const entry = {
          at,
          actorId: user.id,
          actorRole: req.role ?? null,
          actorRoles: user.roles,
          actorOffice: user.office ?? null,
          action: 'search',
          method: req.method,
          route: '/search',
          caseId: view.caseId,
          status: 200,
          outcome: 'ok',
          personalData: true,
          detail: `found ${detail}`,
          requestId: req.requestId ?? at,
        } as const;
        try {
          await ctx.stores.audit.append(entry);
        } catch {
          throw new AuditUnavailable(false); // nothing is shown that was not logged
        }
      }
      await reply(ctx.stores.audit, req, res, 200, {
        items: shown.map(({ view }) => ({
          caseId: view.caseId,
          name: view.person?.name,
          office: view.office,
          stage: view.stage,
          referredAt: view.referredAt,
          links: { self: `/referrals/${view.caseId}` },
        })),
        count: shown.length,
      });
    },
  );
}
