/** Query strings of the list and report routes: strict, so a misspelt filter is an error, not ignored. */
import { z } from 'zod';
import { STAGES } from '../stages';
import { ROLES } from '../types';
import { anyDate } from './common';
import { officeId } from './referral';

/** The most cases one `GET /referrals` answers with. */
export const CASE_LIST_MAX = 2000;

const flag = z.enum(['true', 'false'], { message: 'expected true or false' }).transform((v) => v === 'true');

const count = (max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `expected a number from 1 to ${max}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `expected a number from 1 to ${max}`);

export const caseListQuery = z.strictObject({
  stage: z.enum(STAGES).optional(),
  office: officeId.optional(),
  municipality: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'expected a municipality id such as "stavanger"')
    .optional(),
  overdue: flag.optional(),
  incident: flag.optional(),
  closed: flag.optional(),
  // A team's whole case list (1,000 cases and more) in one answer: the web app asks once.
  limit: count(CASE_LIST_MAX).optional(),
});

export const taskListQuery = z.strictObject({
  assignee: z.enum(ROLES).optional(),
  overdue: flag.optional(),
  office: officeId.optional(),
  municipality: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'expected a municipality id such as "stavanger"')
    .optional(),
});

export const outcomesQuery = z
  .strictObject({
    from: anyDate,
    to: anyDate,
    municipality: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'expected a municipality id such as "stavanger"')
      .optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not come after to', path: ['to'] });

export const auditQuery = z.strictObject({
  after: z
    .string()
    .regex(/^\d{1,15}$/, 'expected an entry number (seq)')
    .transform(Number)
    .optional(),
  limit: count(1000).optional(),
});
