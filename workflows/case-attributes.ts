/**
 * The case's search attributes: current, never personal (they bypass the payload codec), so the
 * Web UI and the API can filter cases by stage, office, next due date and the like. Only what
 * changed is upserted.
 */
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import * as pathway from '../domain/pathway';
import type { CaseState } from '../domain/pathway';
import {
  ExitReason,
  HasIncident,
  HousingStatus,
  HskOffice,
  MovedInAt,
  Municipality,
  NextDueAt,
  PathwayStage,
  ReferredAt,
} from './search-attributes';

/**
 * Returns what the scheduler calls each turn. A run continued from another may carry attributes
 * of the run before: it sets every one once.
 */
export function attributePublisher(state: CaseState, continued: boolean): () => void {
  let published: Record<string, string> | undefined = continued ? undefined : {};
  return () => {
    const a = pathway.attributesOf(state);
    const next: Record<string, { value: unknown; update: () => SearchAttributeUpdatePair }> = {
      stage: { value: a.stage, update: () => ({ key: PathwayStage, value: a.stage }) },
      office: { value: a.office, update: () => ({ key: HskOffice, value: a.office }) },
      municipality: { value: a.municipality, update: () => ({ key: Municipality, value: a.municipality }) },
      nextDueAt: {
        value: a.nextDueAt?.toISOString() ?? null,
        update: () => ({ key: NextDueAt, value: a.nextDueAt }),
      },
      hasIncident: { value: a.hasIncident, update: () => ({ key: HasIncident, value: a.hasIncident }) },
      referredAt: {
        value: a.referredAt.toISOString(),
        update: () => ({ key: ReferredAt, value: a.referredAt }),
      },
      movedInAt: {
        value: a.movedInAt?.toISOString() ?? null,
        update: () => ({ key: MovedInAt, value: a.movedInAt }),
      },
      housingStatus: {
        value: a.housingStatus,
        update: () => ({ key: HousingStatus, value: a.housingStatus }),
      },
      exitReason: { value: a.exitReason, update: () => ({ key: ExitReason, value: a.exitReason }) },
    };
    // An empty value is upserted only to clear one set before (a first `null` would be stored).
    const updates = Object.entries(next)
      .filter(([k, v]) => !published || (published[k] ?? 'null') !== JSON.stringify(v.value))
      .map(([, v]) => v.update());
    if (updates.length === 0) return;
    upsertSearchAttributes(updates);
    published = Object.fromEntries(Object.entries(next).map(([k, v]) => [k, JSON.stringify(v.value)]));
  };
}
