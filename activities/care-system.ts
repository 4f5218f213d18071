/**
 * The care case system (fagsystem: Gerica, Profil, Visma Flyt Omsorg, …). None of them publishes
 * an API we can build on, so this is a small JSON contract of our own, and this module is the one
 * adapter a municipality replaces to talk to its own system (directly or through its integration
 * platform). The contract:
 *
 *   PUT {careSystemUrl}/decisions/{externalReference}
 *     body   CareDecisionRegistration            (JSON)
 *     200    { reference, status: "registered" | "existing" }
 *
 * PUT on the external reference (`<caseId>/decision:<decision date>`) makes it idempotent: a retry
 * registers nothing new, and a later decision (the yearly review) is a registration of its own.
 */
import { z } from 'zod';
import { LEGAL_BASIS } from './letter-texts';
import type { HttpClient } from './http';
import type { CareRegistrationRequest } from './types';

export const careDecisionRegistration = z.strictObject({
  externalReference: z.string().min(1),
  municipality: z.string().min(1),
  client: z.strictObject({
    name: z.string().min(1),
    nationalId: z
      .string()
      .regex(/^\d{11}$/)
      .optional(),
    pseudonym: z.string().min(1).optional(),
  }),
  decision: z.strictObject({
    kind: z.literal('housing-first-follow-up'),
    legalBasis: z.string().min(1),
    date: z.iso.date(),
    reviewBy: z.iso.date().optional(),
    services: z
      .array(z.strictObject({ kind: z.string().min(1), hoursPerWeek: z.number().positive().max(168) }))
      .min(1),
  }),
});
export type CareDecisionRegistration = z.infer<typeof careDecisionRegistration>;

export const careRegistrationReceipt = z.object({
  reference: z.string().min(1),
  status: z.enum(['registered', 'existing']),
});

export function createCareSystemActivities(deps: { http: HttpClient }) {
  async function registerDecision(req: CareRegistrationRequest): Promise<{ reference: string }> {
    const externalReference = `${req.caseId}/decision:${req.decision.date}`;
    const body: CareDecisionRegistration = {
      externalReference,
      municipality: req.municipality,
      client: {
        name: req.person.name,
        ...(req.person.nationalId ? { nationalId: req.person.nationalId } : {}),
        ...(req.person.pseudonym ? { pseudonym: req.person.pseudonym } : {}),
      },
      decision: {
        kind: 'housing-first-follow-up',
        legalBasis: LEGAL_BASIS,
        date: req.decision.date,
        ...(req.decision.reviewBy ? { reviewBy: req.decision.reviewBy } : {}),
        services: req.decision.services.map((s) => ({ kind: s.kind, hoursPerWeek: s.hoursPerWeek })),
      },
    };
    const receipt = await deps.http.request({
      operation: 'registerDecision',
      method: 'PUT',
      path: `/decisions/${encodeURIComponent(externalReference)}`,
      json: body,
      schema: careRegistrationReceipt,
    });
    return { reference: receipt.reference };
  }
  return { registerDecision };
}
