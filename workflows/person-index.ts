/**
 * The person search's blind index on a case from before the index existed. The API sets the
 * `PersonIndex` search attribute when it starts a case; a case started earlier gets it here, on
 * its first activation after the deploy: the worker hashes (it holds the key; the workflow does
 * not) and the workflow upserts the hashes. Behind `patched()`, called on each scheduler turn
 * until it has run, so a run recorded before the change replays unchanged and a run that was
 * already under way takes the new branch at its next live activation. A continued run inherits
 * the attribute and does nothing.
 */
import {
  ActivityCancellationType,
  patched,
  proxyActivities,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { PathwayActivities } from '../activities/types';
import type { Person } from '../domain/types';
import { SYSTEM_RETRY } from './case-calls';
import { PersonIndex } from './search-attributes';

export const PATCH_PERSON_INDEX = 'person-search-index';
/**
 * A person's details corrected (the correctPerson step) are indexed again, so the old name or
 * number no longer finds the case.
 */
export const PATCH_REINDEX_AFTER_CORRECTION = 'reindex-after-correction';

const hashing = proxyActivities<PathwayActivities>({
  startToCloseTimeout: '30 seconds',
  cancellationType: ActivityCancellationType.ABANDON,
  retry: SYSTEM_RETRY,
});

/**
 * Returns what the scheduler calls each turn. The call does not wait for the worker: a case is
 * never held up by its search index, and if hashing fails for hours the next run tries again.
 */
export function personIndexer(caseId: string, person: () => Person): () => void {
  let done = (workflowInfo().typedSearchAttributes.get(PersonIndex)?.length ?? 0) > 0;
  const key = (p: Person) => `${p.name}\u0001${p.nationalId ?? ''}`;
  // The details the index holds (as far as this run knows): those it started with.
  let indexed = key(person());
  return () => {
    if (!done) {
      if (!patched(PATCH_PERSON_INDEX)) return;
      done = true;
      indexed = key(person());
      hashing.personIndex({ caseId, person: person() }).then(
        ({ hashes }) => {
          if (hashes.length > 0) upsertSearchAttributes([{ key: PersonIndex, value: hashes }]);
        },
        () => undefined, // not indexed in this run; the next one asks again
      );
      return;
    }
    if (key(person()) === indexed || !patched(PATCH_REINDEX_AFTER_CORRECTION)) return;
    indexed = key(person());
    hashing.personIndex({ caseId, person: person() }).then(
      // Nothing to index any more: the old hashes go too.
      ({ hashes }) => upsertSearchAttributes([{ key: PersonIndex, value: hashes }]),
      () => undefined,
    );
  };
}
