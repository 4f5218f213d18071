/**
 * Request schemas of the appeal steps (domain/steps/appeal*.ts; the rules in domain/appeals.ts).
 */
import { z } from 'zod';
import {
  APPEAL_REVIEW_OUTCOMES,
  STATSFORVALTEREN_OUTCOMES,
  type AppealEvent,
  type AppealOutcomeEvent,
  type AppealReviewEvent,
} from '../appeals';
import { LIMITS as L } from '../limits';
import { longText, pastDate, reference } from './common';

export const appealSchema = z.strictObject({
  decisionNo: z.number().int().positive().optional(),
  receivedDate: pastDate,
  summary: longText(L.longText).optional(),
}) satisfies z.ZodType<AppealEvent, unknown>;

export const appealReviewSchema = z.strictObject({
  appealId: reference,
  outcome: z.enum(APPEAL_REVIEW_OUTCOMES),
  date: pastDate,
  reasons: longText(L.longText),
}) satisfies z.ZodType<AppealReviewEvent, unknown>;

export const appealOutcomeSchema = z.strictObject({
  appealId: reference,
  outcome: z.enum(STATSFORVALTEREN_OUTCOMES),
  date: pastDate,
  note: longText(L.longText).optional(),
}) satisfies z.ZodType<AppealOutcomeEvent, unknown>;
