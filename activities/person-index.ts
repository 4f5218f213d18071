/**
 * The person search's blind index for a case that started before the index existed: the worker
 * holds the key (`BF_PERSON_INDEX_SECRET`), the workflow cannot. The answer is hashes only
 * (platform/person-index.ts); the request carries the person inside the encrypted payload.
 */
import type { Person } from '../domain/types';
import { personIndex } from '../platform/person-index';

export function createPersonIndexActivities(deps: { key: Uint8Array }) {
  return {
    async personIndex(req: { caseId: string; person: Person }): Promise<{ hashes: string[] }> {
      return { hashes: personIndex(deps.key, req.person) };
    },
  };
}
