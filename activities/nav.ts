/**
 * Notices to NAV (the labour and welfare office) of a risk of eviction, so its homelessness
 * consultant can contact the person (the national guide asks for this). Like the care system, a
 * small JSON contract of our own behind one replaceable adapter:
 *
 *   PUT {navUrl}/notices/{externalReference}
 *     body   PartyNotice     (JSON)
 *     200    { reference, status: "received" | "existing" }
 *
 * Consent decides who is told: the workflow calls this only when the person's consent scope
 * includes NAV, and the adapter checks again: asked for a party outside the scope it is given
 * (or given no scope), it refuses without sending anything (non-retryable `ConsentScope`).
 */
import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import type { HttpClient } from './http';
import type { PartyNoticeRequest } from './types';

export const CONSENT_SCOPE = 'ConsentScope';
export const NO_ADAPTER = 'NoAdapter';

export const partyNotice = z.strictObject({
  externalReference: z.string().min(1),
  municipality: z.string().min(1),
  event: z.enum([
    'rent-arrears',
    'neighbour-complaint',
    'eviction-warning',
    'eviction-petition',
    'eviction-executed',
    'housing-lost',
    'decision',
    'exit',
  ]),
  date: z.iso.date(),
  person: z.strictObject({
    name: z.string().min(1),
    nationalId: z
      .string()
      .regex(/^\d{11}$/)
      .optional(),
  }),
  consent: z.strictObject({
    scope: z.array(z.string()).refine((s) => s.includes('nav'), 'must include nav'),
  }),
  /** Who at the municipality NAV may call back: the team, never a person's own contact details. */
  contact: z.strictObject({ team: z.string().min(1), caseReference: z.string().min(1) }),
});
export type PartyNotice = z.infer<typeof partyNotice>;

export const partyNoticeReceipt = z.object({
  reference: z.string().min(1),
  status: z.enum(['received', 'existing']),
});

export function createNavActivities(deps: { http: HttpClient; teamName(municipality: string): string }) {
  async function notifyParty(req: PartyNoticeRequest): Promise<{ reference: string }> {
    if (!req.consentScope || !req.consentScope.includes(req.party)) {
      throw ApplicationFailure.nonRetryable(
        `notifyParty: the consent does not cover ${req.party}; nothing was sent`,
        CONSENT_SCOPE,
        { party: req.party },
      );
    }
    if (req.party !== 'nav') {
      throw ApplicationFailure.nonRetryable(
        `notifyParty: no system is configured to notify ${req.party}`,
        NO_ADAPTER,
        { party: req.party },
      );
    }
    const externalReference = `${req.caseId}/${req.purpose}`;
    const body: PartyNotice = {
      externalReference,
      municipality: req.municipality,
      event: req.event,
      date: req.date,
      person: {
        name: req.person.name,
        ...(req.person.nationalId ? { nationalId: req.person.nationalId } : {}),
      },
      consent: { scope: [...req.consentScope] },
      contact: { team: deps.teamName(req.municipality), caseReference: req.caseId },
    };
    const receipt = await deps.http.request({
      operation: 'notifyParty',
      method: 'PUT',
      path: `/notices/${encodeURIComponent(externalReference)}`,
      json: body,
      schema: partyNoticeReceipt,
    });
    return { reference: receipt.reference };
  }
  return { notifyParty };
}
