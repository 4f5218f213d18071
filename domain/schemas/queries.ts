/** Query strings of the list and report routes: strict, so a misspelt filter is an error, not ignored. */
import { z } from 'zod';
import { STAGES } from '../stages';
import { ROLES } from '../types';
import { anyDate, osloToday } from './common';
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

/**
 * The report's period; without `from` and `to` the last 12 months up to today (Oslo), and with
 * only one of them, 12 months from or up to it.
 */
export const outcomesQuery = z
  .strictObject({
    from: anyDate.optional(),
    to: anyDate.optional(),
    municipality: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'expected a municipality id such as "stavanger"')
      .optional(),
  })
  .transform((q) => {
    const to = q.to ?? (q.from ? shiftDate(q.from, 12, -1) : osloToday());
    const from = q.from ?? shiftDate(to, -12, 1);
    return { ...q, from, to };
  })
  .refine((q) => q.from <= q.to, { message: 'from must not come after to', path: ['to'] });

/** `date` moved by whole months and then days (UTC calendar arithmetic on a plain date). */
function shiftDate(date: string, months: number, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last) + days);
  return d.toISOString().slice(0, 10);
}

export const auditQuery = z.strictObject({
  after: z
    .string()
    .regex(/^\d{1,15}$/, 'expected an entry number (seq)')
    .transform(Number)
    .optional(),
  limit: count(1000).optional(),
});
