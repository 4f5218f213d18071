/**
 * `Prefer: return=minimal` (RFC 7240): a client that reads the case again anyway (the web app does,
 * after every event) asks an event route for the receipt alone, and the API leaves out reading the
 * case back through its query: one round trip to the worker fewer per event. The answer then says
 * `Preference-Applied: return=minimal`. Without the header an event answers with the case, as the
 * contract says.
 */
import type { Request, Response } from 'express';

export const PREFER_HEADER = 'Prefer';

/** Whether the request prefers `return=minimal` (tokens case-insensitive, the value maybe quoted). */
export function prefersMinimal(req: Request): boolean {
  const raw = req.headers.prefer;
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values
    .flatMap((v) => v.split(','))
    .some((pref) => {
      const [name, value] = pref
        .split(';')[0]
        .split('=', 2)
        .map((s) => s.trim());
      return name.toLowerCase() === 'return' && value?.replace(/^"(.*)"$/, '$1').toLowerCase() === 'minimal';
    });
}

export function appliedMinimal(res: Response): void {
  res.setHeader('Preference-Applied', 'return=minimal');
  res.vary(PREFER_HEADER);
}
