/**
 * The API asks the housing system whether a unit exists before it takes an offer, so an offer
 * naming a unit the municipality does not have is refused at once (400 naming `unitId`) instead
 * of becoming an incident when the workflow later tries to reserve it. The contract (the housing
 * system's, as in activities/housing.ts):
 *
 *   POST {housingUrl}/units/lookup   { municipality, unitId }
 *        200 { unit }   the unit exists in that municipality;  404 it does not
 *
 * When the housing system does not answer (network error, timeout, 5xx, 429) the API says so
 * (503 with Retry-After) rather than accepting blindly; nothing is recorded.
 */
import { z } from 'zod';
import { housingUnit, rankUnits } from '../activities/housing';
import type { HousingUnit } from '../activities/types';
import type { HousingWishes } from '../domain/types';
import { ProblemError } from './problem';

export interface HousingDirectory {
  /** True when the municipality's housing system has the unit; throws when it cannot tell. */
  hasUnit(municipality: string, unitId: string): Promise<boolean>;
  /** The municipality's available units, best fit for the wishes first; throws when it cannot tell. */
  suggest(municipality: string, wishes: HousingWishes): Promise<HousingUnit[]>;
}

/** The housing system did not give an answer the API can rely on. */
export class HousingUnavailable extends Error {}

export function housingDirectory(opts: {
  url: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): HousingDirectory {
  const base = opts.url.replace(/\/$/, '');
  const doFetch = opts.fetch ?? fetch;
  return {
    async hasUnit(municipality, unitId) {
      let res: Response;
      try {
        res = await doFetch(`${base}/units/lookup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ municipality, unitId }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 3_000),
        });
      } catch (err) {
        throw new HousingUnavailable(`no answer: ${(err as Error).name}`);
      }
      await res.arrayBuffer().catch(() => undefined); // drain, keep the connection reusable
      if (res.status === 200) return true;
      if (res.status === 404) return false;
      throw new HousingUnavailable(`answered ${res.status}`);
    },
    async suggest(municipality, wishes) {
      let res: Response;
      try {
        // The wishes travel in the body, never in a URL (access logs keep URLs).
        res = await doFetch(`${base}/units/search`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({
            municipality,
            areas: wishes.areas,
            ...(wishes.type ? { type: wishes.type } : {}),
            needs: wishes.needs,
          }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 3_000),
        });
      } catch (err) {
        throw new HousingUnavailable(`no answer: ${(err as Error).name}`);
      }
      if (res.status !== 200) {
        await res.arrayBuffer().catch(() => undefined);
        throw new HousingUnavailable(`answered ${res.status}`);
      }
      const parsed = z.object({ units: z.array(housingUnit) }).safeParse(await res.json().catch(() => null));
      if (!parsed.success) throw new HousingUnavailable('answered with units the API cannot read');
      return rankUnits(parsed.data.units, wishes);
    },
  };
}

/** The offer's unit must be one the housing system has (see above); otherwise nothing is sent. */
export async function checkOfferedUnit(
  housing: HousingDirectory,
  municipality: string,
  unitId: string,
): Promise<void> {
  let known: boolean;
  try {
    known = await housing.hasUnit(municipality, unitId);
  } catch (err) {
    if (!(err instanceof HousingUnavailable)) throw err;
    throw new ProblemError(
      503,
      'The housing system does not answer',
      'the unit could not be checked with the housing system; nothing was recorded, send the offer again later',
    );
  }
  if (!known) {
    const message = `the housing system has no unit "${unitId}" in this municipality`;
    throw new ProblemError(400, 'The request is not valid', `invalid field in the body: unitId`, {
      errors: [{ path: 'unitId', message }],
    });
  }
}
