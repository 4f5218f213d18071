/** Building blocks shared by the request schemas. */
import { z } from 'zod';
import { nationalIdProblem } from '../national-id';

/** A calendar date YYYY-MM-DD that exists (2026-02-30 is refused). */
export const isoDate = z.iso.date({ message: 'expected a date as YYYY-MM-DD' });

export const nationalId = z.string().superRefine((value, ctx) => {
  const problem = nationalIdProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `not a valid national identity number: ${problem}` });
});

/** Free text that might be shown back; bounded so a body cannot grow a workflow's history. */
export const text = (max: number) => z.string().trim().min(1).max(max);
