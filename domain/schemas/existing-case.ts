/**
 * Registering a person already in the programme (`POST /existing-cases`): the referral's fields,
 * the real referral date, and where the person is now with the dates that got them there (see
 * `ExistingCase` in domain/case.ts). The stage decides which of those facts must be given and
 * which make no sense yet.
 */
import { z } from 'zod';
import type { ExistingCase } from '../case';
import type { ReferralInput } from '../types';
import { pastDate } from './common';
import { existingDecisionSchema, evaluationSchema, leaseSchema, mappingSchema } from './events';
import { referralShape } from './referral';

export const EXISTING_STAGES = [
  'mapping',
  'second-review',
  'decision',
  'housing',
  'move-in',
  'follow-up',
] as const satisfies readonly ExistingCase['stage'][];

type ExistingStage = (typeof EXISTING_STAGES)[number];
const from = (stage: ExistingStage) => EXISTING_STAGES.slice(EXISTING_STAGES.indexOf(stage));

/** Facts each stage needs, and the stages each fact may appear in. */
const REQUIRED: Partial<Record<keyof ExistingCase, ExistingStage[]>> = {
  lease: ['move-in'],
  movedInAt: ['follow-up'],
};
const ALLOWED: Partial<Record<keyof ExistingCase, readonly ExistingStage[]>> = {
  mapping: from('second-review'),
  decision: from('housing'),
  lease: from('move-in'),
  movedInAt: ['follow-up'],
  lastContactAt: ['follow-up'],
  plans: ['follow-up'],
  evaluations: ['follow-up'],
};

export const existingSchema = z
  .strictObject({
    stage: z.enum(EXISTING_STAGES),
    stageSince: pastDate,
    mapping: mappingSchema.optional(),
    decision: existingDecisionSchema.optional(),
    lease: leaseSchema.optional(),
    movedInAt: pastDate.optional(),
    lastContactAt: pastDate.optional(),
    plans: z
      .strictObject({
        followUpPlan: pastDate.optional(),
        safetyPlan: pastDate.optional(),
        individualPlanOffered: pastDate.optional(),
      })
      .optional(),
    evaluations: z.array(evaluationSchema).max(50).optional(),
  })
  .superRefine((e, ctx) => {
    for (const [field, stages] of Object.entries(REQUIRED) as [keyof ExistingCase, ExistingStage[]][]) {
      if (stages.includes(e.stage) && e[field] === undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `required for a case in stage "${e.stage}"` });
    }
    for (const [field, stages] of Object.entries(ALLOWED) as [keyof ExistingCase, ExistingStage[]][]) {
      if (e[field] !== undefined && !stages.includes(e.stage))
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `only for a case in stage ${stages.map((s) => `"${s}"`).join(' or ')}`,
        });
    }
    if (e.movedInAt && e.lastContactAt && e.lastContactAt < e.movedInAt)
      ctx.addIssue({ code: 'custom', path: ['lastContactAt'], message: 'cannot come before movedInAt' });
  }) satisfies z.ZodType<ExistingCase, unknown>;

export const existingCaseSchema = z
  .strictObject({ ...referralShape, referredAt: pastDate, existing: existingSchema })
  .superRefine((b, ctx) => {
    if (b.consent.date > b.referredAt)
      ctx.addIssue({
        code: 'custom',
        path: ['consent', 'date'],
        message: 'consent comes before the referral',
      });
    if (b.existing.stageSince < b.referredAt)
      ctx.addIssue({
        code: 'custom',
        path: ['existing', 'stageSince'],
        message: 'cannot come before referredAt',
      });
    if (b.existing.movedInAt && b.existing.movedInAt < b.referredAt)
      ctx.addIssue({
        code: 'custom',
        path: ['existing', 'movedInAt'],
        message: 'cannot come before referredAt',
      });
  }) satisfies z.ZodType<ReferralInput & { referredAt: string; existing: ExistingCase }, unknown>;
