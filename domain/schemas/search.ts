/** The person search's body: the term travels in the body, never in the URL (access logs, proxies). */
import { z } from 'zod';

export const personSearchBody = z.strictObject({
  term: z
    .string({ message: 'expected a name or a national ID' })
    .trim()
    .min(2, 'expected at least 2 characters: a name or a national ID')
    .max(100, 'expected at most 100 characters'),
});
