/**
 * Notices to the outside parties the consent may name:
 * - NAV (the labour and welfare office), of a risk of eviction, so its homelessness consultant
 *   can contact the person (the national guide asks for this);
 * - the specialist health service (the health trust's member of the team, e.g. the ACT/FACT
 *   contact), of the decision, a lost home and the exit.
 * Like the care system, a small JSON contract of our own behind one replaceable adapter, the
 * same for each party at its own configured URL:
 *
 *   PUT {navUrl | specialistHealthUrl}/notices/{externalReference}
 *     body   PartyNotice     (JSON)
 *     200    { reference, status: "received" | "existing" }
 *
 * Consent decides who is told: the workflow calls this only when the person's consent scope
 * includes the party, and the adapter checks again: asked for a party outside the scope it is
 * given (or given no scope), it refuses without sending anything (non-retryable `ConsentScope`).
 */
import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import type { HttpClient } from './http';
import type { PartyNoticeRequest } from './types';

export const CONSENT_SCOPE = 'ConsentScope';
export const NO_ADAPTER = 'NoAdapter';

export const NOTIFIED_PARTIES = ['nav', 'specialist-health'] as const;
export type NotifiedParty = (typeof NOTIFIED_PARTIES)[number];

export const partyNotice = z
  .strictObject({
    externalReference: z.string().min(1),
    party: z.enum(NOTIFIED_PARTIES),
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
    consent: z.strictObject({ scope: z.array(z.string()) }),
    /** Who at the municipality the party may call back: the team, never the person's own contact details. */
    contact: z.strictObject({ team: z.string().min(1), caseReference: z.string().min(1) }),
  })
  .refine((n) => n.consent.scope.includes(n.party), {
    message: 'the consent scope must include the party told',
    path: ['consent', 'scope'],
  });
export type PartyNotice = z.infer<typeof partyNotice>;

export const partyNoticeReceipt = z.object({
  reference: z.string().min(1),
  status: z.enum(['received', 'existing']),
});

export function createPartyNoticeActivities(deps: {
  http: Partial<Record<NotifiedParty, HttpClient>>;
  teamName(municipality: string): string;
}) {
  async function notifyParty(req: PartyNoticeRequest): Promise<{ reference: string }> {
    if (!req.consentScope || !req.consentScope.includes(req.party)) {
      throw ApplicationFailure.nonRetryable(
        `notifyParty: the consent does not cover ${req.party}; nothing was sent`,
        CONSENT_SCOPE,
        { party: req.party },
      );
    }
    const http = deps.http[req.party];
    if (!http) {
      throw ApplicationFailure.nonRetryable(
        `notifyParty: no system is configured to notify ${req.party}`,
        NO_ADAPTER,
        { party: req.party },
      );
    }
    const externalReference = `${req.caseId}/${req.purpose}`;
    const body: PartyNotice = {
      externalReference,
      party: req.party,
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
    const receipt = await http.request({
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
