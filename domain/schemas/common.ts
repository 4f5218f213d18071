/** Building blocks shared by the request schemas. */
import { z } from 'zod';
import { DATE_MAX, nameProblem, normaliseName, textProblem } from '../input-rules';
import { LIMITS, REFERENCE_PATTERN } from '../limits';
import { nationalIdProblem } from '../national-id';

/** A calendar date YYYY-MM-DD that exists (2026-02-30 is refused). */
export const isoDate = z.iso.date({ message: 'expected a date as YYYY-MM-DD' });

/** The earliest date any event of the programme can carry (catches typed years such as 0202). */
export const EARLIEST_DATE = '2000-01-01';

/** Today's date in Norway, where every reported date is a local date. */
export function osloToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(now);
}

/**
 * A date in the programme's lifetime: not before 2000, not after 2100-12-31 (the bound the case
 * workflow also enforces, domain/input-rules.ts), and not after `latest` when given.
 */
const bounded = (latest?: () => string) =>
  isoDate.superRefine((value, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return; // already refused as not a date
    if (value < EARLIEST_DATE)
      ctx.addIssue({ code: 'custom', message: `expected a date on or after ${EARLIEST_DATE}` });
    if (value > DATE_MAX)
      ctx.addIssue({ code: 'custom', message: `expected a date on or before ${DATE_MAX}` });
    const max = latest?.();
    if (max && value > max)
      ctx.addIssue({ code: 'custom', message: `cannot lie in the future (after ${max})` });
  });

/** A date something happened (a meeting, a contact, a move-in): today or earlier. */
export const pastDate = bounded(() => osloToday());

/** A date that may lie ahead (a lease's move-in date, a unit available from, a review deadline). */
export const anyDate = bounded();

export const nationalId = z.string().superRefine((value, ctx) => {
  const problem = nationalIdProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `not a valid national identity number: ${problem}` });
});

/**
 * Free text that might be shown back; bounded so a body cannot grow a workflow's history. One line:
 * no control characters, no line breaks or tabs (domain/input-rules.ts, which the workflow applies too).
 */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .superRefine((value, ctx) => {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

/** Multi-line free text (notes, summaries): newline and tab allowed, other control characters not. */
export const longText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .superRefine((value, ctx) => {
      const problem = textProblem(value, { multiline: true });
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

/** A person's name: NFC-normalised, one line, with at least one visible character. */
export const personName = z
  .string()
  .overwrite(normaliseName)
  .min(1)
  .max(200)
  .superRefine((value, ctx) => {
    const problem = nameProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Identifiers from other systems (unit IDs, offer and risk IDs): short, no spaces. */
export const reference = z
  .string()
  .regex(REFERENCE_PATTERN, `expected an identifier: letters, digits and ._:/- (max ${LIMITS.reference})`);
