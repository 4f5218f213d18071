/**
 * The housing system (the municipal property unit or housing office): units that match the
 * person's wishes, reserving one, registering the lease. A small JSON contract of our own behind
 * one replaceable adapter:
 *
 *   POST {housingUrl}/units/search                      { municipality, areas[], type?, needs[] }
 *        200 { units: HousingUnit[] }                     available units of that municipality
 *   POST {housingUrl}/units/lookup                      { municipality, unitId }
 *        200 { unit } | 404                               asked by the API before it takes an offer
 *   PUT  {housingUrl}/reservations/{externalReference}  { unitId, caseReference }
 *        200 { reservationId, status: "reserved" | "existing" }; 409 when another case holds it
 *   PUT  {housingUrl}/leases/{externalReference}        { unitId, caseReference, signedDate, moveInDate, tenant }
 *        200 { leaseId, status: "registered" | "existing" }
 *   PUT  {housingUrl}/lease-endings/{externalReference} { unitId, caseReference, endDate, reason }
 *        200 { status: "ended" | "existing" }; 409 when another case holds the unit
 *
 * The wishes travel in a POST body, not a query string (access logs keep query strings).
 * Reports from the housing provider (arrears, complaints, eviction notices) come the other way,
 * through the API's eviction-risks route.
 */
import { z } from 'zod';
import type { HousingWishes } from '../domain/types';
import type { HttpClient } from './http';
import type { HousingUnit } from './types';

export const housingUnit = z.object({
  unitId: z.string().min(1),
  address: z.string().min(1),
  area: z.string().min(1),
  type: z.string().min(1),
  features: z.array(z.string()),
  source: z.enum(['municipal', 'private']),
  availableFrom: z.iso.date(),
}) satisfies z.ZodType<HousingUnit>;

export const unitSearch = z.strictObject({
  municipality: z.string().min(1),
  areas: z.array(z.string()),
  type: z.string().optional(),
  needs: z.array(z.string()),
});

export const reservationRequest = z.strictObject({
  unitId: z.string().min(1),
  caseReference: z.string().min(1),
});
export const leaseRequest = z.strictObject({
  unitId: z.string().min(1),
  caseReference: z.string().min(1),
  signedDate: z.iso.date(),
  moveInDate: z.iso.date(),
  tenant: z.strictObject({
    name: z.string().min(1),
    nationalId: z
      .string()
      .regex(/^\d{11}$/)
      .optional(),
  }),
});

export const leaseEndingRequest = z.strictObject({
  unitId: z.string().min(1),
  caseReference: z.string().min(1),
  endDate: z.iso.date(),
  reason: z.enum(['eviction', 'housing-lost', 'exit']),
});

const norm = (s: string) => s.trim().toLocaleLowerCase('nb');

/**
 * Orders units by how well they meet the wishes: every need met first, then the wished area,
 * then the wished type, then the earliest available. Units that miss a need stay in the list
 * (the person chooses; a team member may know a need can be met another way) but come last.
 */
export function rankUnits(units: HousingUnit[], wishes: HousingWishes): HousingUnit[] {
  const areas = new Set(wishes.areas.map(norm));
  const needs = wishes.needs.map(norm);
  const score = (u: HousingUnit) => {
    const features = new Set(u.features.map(norm));
    const missing = needs.filter((n) => !features.has(n)).length;
    return [
      missing,
      areas.size === 0 || areas.has(norm(u.area)) ? 0 : 1,
      !wishes.type || norm(wishes.type) === norm(u.type) ? 0 : 1,
    ];
  };
  return [...units]
    .map((u) => ({ u, s: score(u) }))
    .sort(
      (a, b) =>
        a.s[0] - b.s[0] ||
        a.s[1] - b.s[1] ||
        a.s[2] - b.s[2] ||
        a.u.availableFrom.localeCompare(b.u.availableFrom) ||
        a.u.unitId.localeCompare(b.u.unitId),
    )
    .map((x) => x.u);
}

export function createHousingActivities(deps: { http: HttpClient }) {
  async function findHousingUnits(req: {
    municipality: string;
    wishes: HousingWishes;
  }): Promise<HousingUnit[]> {
    const found = await deps.http.request({
      operation: 'findHousingUnits',
      method: 'POST',
      path: '/units/search',
      json: {
        municipality: req.municipality,
        areas: req.wishes.areas,
        ...(req.wishes.type ? { type: req.wishes.type } : {}),
        needs: req.wishes.needs,
      } satisfies z.infer<typeof unitSearch>,
      schema: z.object({ units: z.array(housingUnit) }),
    });
    return rankUnits(found.units, req.wishes);
  }

  async function reserveUnit(req: {
    caseId: string;
    municipality: string;
    unitId: string;
  }): Promise<{ reservationId: string }> {
    const ref = `${req.caseId}/reservation:${req.unitId}`;
    const r = await deps.http.request({
      operation: 'reserveUnit',
      method: 'PUT',
      path: `/reservations/${encodeURIComponent(ref)}`,
      json: { unitId: req.unitId, caseReference: req.caseId } satisfies z.infer<typeof reservationRequest>,
      schema: z.object({ reservationId: z.string().min(1), status: z.enum(['reserved', 'existing']) }),
    });
    return { reservationId: r.reservationId };
  }

  async function registerLease(req: {
    caseId: string;
    municipality: string;
    unitId: string;
    signedDate: string;
    moveInDate: string;
    person: { name: string; nationalId?: string };
  }): Promise<{ leaseId: string }> {
    const ref = `${req.caseId}/lease:${req.unitId}:${req.signedDate}`;
    const r = await deps.http.request({
      operation: 'registerLease',
      method: 'PUT',
      path: `/leases/${encodeURIComponent(ref)}`,
      json: {
        unitId: req.unitId,
        caseReference: req.caseId,
        signedDate: req.signedDate,
        moveInDate: req.moveInDate,
        tenant: {
          name: req.person.name,
          ...(req.person.nationalId ? { nationalId: req.person.nationalId } : {}),
        },
      } satisfies z.infer<typeof leaseRequest>,
      schema: z.object({ leaseId: z.string().min(1), status: z.enum(['registered', 'existing']) }),
    });
    return { leaseId: r.leaseId };
  }

  /** Ends the lease and frees the unit; the key is the lease's own, so a retry ends it once. */
  async function endLease(req: {
    caseId: string;
    municipality: string;
    unitId: string;
    signedDate: string;
    endDate: string;
    reason: 'eviction' | 'housing-lost' | 'exit';
  }): Promise<{ status: 'ended' | 'existing' }> {
    const ref = `${req.caseId}/lease-end:${req.unitId}:${req.signedDate}`;
    const r = await deps.http.request({
      operation: 'endLease',
      method: 'PUT',
      path: `/lease-endings/${encodeURIComponent(ref)}`,
      json: {
        unitId: req.unitId,
        caseReference: req.caseId,
        endDate: req.endDate,
        reason: req.reason,
      } satisfies z.infer<typeof leaseEndingRequest>,
      schema: z.object({ status: z.enum(['ended', 'existing']) }),
    });
    return { status: r.status };
  }

  return { findHousingUnits, reserveUnit, registerLease, endLease };
}
