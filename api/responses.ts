/**
 * Shapes of the API's answers, for the OpenAPI document (requests are checked with the schemas in
 * domain/schemas; answers are built from the workflows' own types, so these only describe them).
 */
import { z } from 'zod';
import { STAGES } from '../domain/stages';
import { ROLES } from '../domain/types';

const links = z.object({ self: z.string() }).catchall(z.string());

export const problemResponse = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    stage: z.string().nullable().optional().describe('409: the stage the case is in'),
    expects: z.string().optional().describe('409: what the case expects at its stage'),
  })
  .meta({ description: 'RFC 9457 problem details' });

export const caseCreatedResponse = z.object({
  id: z.string().describe('The case ID: hf-<municipality>-<10 characters>; no personal data'),
  stage: z.enum(STAGES),
  links,
});

const actor = z.object({ id: z.string(), role: z.string() });
const task = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  assignee: z.enum(ROLES),
  createdAt: z.string(),
  dueAt: z.string(),
  remindAt: z.string().optional(),
  escalateAt: z.string().optional(),
  reminded: z.string().optional(),
  escalated: z.string().optional(),
});

export const caseResponse = z
  .looseObject({
    caseId: z.string(),
    municipality: z.string(),
    office: z.string(),
    stage: z.enum(STAGES),
    referredAt: z.string(),
    nextDueAt: z.string().optional(),
    tasks: z.array(task),
    timeline: z.array(
      z.object({ at: z.string(), date: z.string().optional(), type: z.string(), actor, summary: z.string() }),
    ),
    incidents: z.array(z.looseObject({ id: z.string(), system: z.string(), status: z.string() })),
    waitingCalls: z
      .array(
        z.object({
          system: z.string(),
          operation: z.string(),
          queuedAt: z.string(),
          incidentId: z.string().optional(),
        }),
      )
      .describe('Calls to outside systems the case has not made yet (its outbox), oldest first'),
    consentScope: z.array(z.string()),
    housing: z.looseObject({ status: z.string(), offers: z.array(z.looseObject({ offerId: z.string() })) }),
    evictionRisks: z.array(z.looseObject({ riskId: z.string(), kind: z.string() })),
    letters: z.array(z.looseObject({ purpose: z.string(), status: z.string() })),
    person: z
      .object({
        name: z.string(),
        nationalId: z.string().optional(),
        pseudonym: z.string().optional(),
        phone: z.string().optional(),
      })
      .optional()
      .describe('Only for hf-team, team-lead, caseworker, assessment-team'),
    links,
  })
  .meta({
    description:
      'The case (CaseView in domain/case.ts) as the caller may see it: personal fields only for the roles that need them (see the description at the top)',
  });

/** What a housing provider or NAV gets back: a receipt, never the case. */
export const receiptResponse = z
  .object({
    caseId: z.string(),
    accepted: z.literal(true),
    offerId: z.string().optional(),
    riskId: z.string().optional(),
  })
  .meta({ description: 'Housing providers and NAV: a receipt (the case ID, accepted, and a created ID)' });

/** With `Prefer: return=minimal`: that the case took the event, and where to read it (api/prefer.ts). */
export const minimalResponse = z
  .object({ caseId: z.string(), accepted: z.literal(true), links })
  .meta({ description: 'With `Prefer: return=minimal`: the case took the event; read it at `links.self`' });

export const offerCreatedResponse = z.union([z.object({ offerId: z.string(), links }), receiptResponse]);
export const riskCreatedResponse = z.union([z.object({ riskId: z.string(), links }), receiptResponse]);

export const caseListResponse = z.object({
  items: z.array(
    z.object({
      caseId: z.string(),
      municipality: z.string().optional(),
      office: z.string().optional(),
      stage: z.string().optional(),
      nextDueAt: z.string().optional(),
      overdue: z.boolean(),
      hasIncident: z.boolean(),
      referredAt: z.string().optional(),
      movedInAt: z.string().optional(),
      housingStatus: z.string().optional(),
      exitReason: z.string().optional(),
      status: z.string(),
      links,
    }),
  ),
  count: z.number().int(),
});

export const personSearchResponse = z.object({
  items: z.array(
    z.object({
      caseId: z.string(),
      name: z.string().optional().describe('The person’s name (the caller may read it on this case)'),
      office: z.string(),
      stage: z.enum(STAGES),
      referredAt: z.string(),
      links,
    }),
  ),
  count: z.number().int(),
});

export const placesResponse = z.object({
  municipality: z.string(),
  capacity: z.number().int(),
  held: z.number().int(),
  free: z.number().int(),
  waiting: z.array(
    z.object({
      position: z.number().int().describe('1 is first in line'),
      caseId: z.string(),
      referredAt: z.string().optional(),
      office: z.string().optional(),
      links,
    }),
  ),
});

export const taskListResponse = z.object({
  items: z.array(
    task.extend({
      caseId: z.string(),
      municipality: z.string(),
      office: z.string(),
      stage: z.string(),
      overdue: z.boolean(),
      links,
    }),
  ),
  count: z.number().int(),
});

export const housingSuggestionsResponse = z.object({
  caseId: z.string(),
  items: z.array(
    z.object({
      unitId: z.string(),
      address: z.string(),
      area: z.string(),
      type: z.string(),
      features: z.array(z.string()),
      source: z.enum(['municipal', 'private']),
      availableFrom: z.string(),
      offeredBefore: z.boolean(),
      fit: z
        .object({
          needsMet: z.array(z.string()),
          needsMissing: z.array(z.string()),
          inWishedArea: z.boolean(),
          wishedType: z.boolean(),
        })
        .optional(),
    }),
  ),
});

export const outcomesResponse = z.object({
  from: z.string(),
  to: z.string(),
  municipality: z.string().nullable(),
  referred: z.number().int(),
  housed: z.number().int(),
  inFollowUp: z.number().int(),
  exitsByReason: z.record(z.string(), z.number().int()),
  housingStability12m: z.number().nullable(),
  medianDaysReferralToMoveIn: z.number().nullable(),
  notRelevant: z.number().int(),
  noPlace: z.number().int(),
  withdrawn: z.number().int(),
  exitsByDestination: z.record(z.string(), z.number().int()),
  medianDaysInStage: z.record(z.string(), z.number()),
  mansa: z.object({ people: z.number().int(), medianChange: z.number().nullable() }),
  casesRead: z.number().int(),
  definitions: z.record(z.string(), z.string()),
});

export const auditResponse = z.object({
  caseId: z.string(),
  entries: z.array(
    z.object({
      seq: z.number().int(),
      at: z.string(),
      actorId: z.string().nullable(),
      actorRole: z.string().nullable(),
      actorRoles: z.array(z.string()),
      actorOffice: z.string().nullable(),
      action: z.string(),
      method: z.string(),
      route: z.string(),
      caseId: z.string().nullable(),
      status: z.number().int(),
      outcome: z.string(),
      personalData: z.boolean(),
      detail: z.string().nullable(),
      requestId: z.string(),
    }),
  ),
});
