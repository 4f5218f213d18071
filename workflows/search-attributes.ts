/**
 * Typed search attributes: what the Web UI and `GET /referrals` filter on. None of them holds
 * personal data (they are stored unencrypted in the visibility store).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const PathwayStage = defineSearchAttributeKey('PathwayStage', SearchAttributeType.KEYWORD);
export const HskOffice = defineSearchAttributeKey('HskOffice', SearchAttributeType.KEYWORD);
export const Municipality = defineSearchAttributeKey('Municipality', SearchAttributeType.KEYWORD);
/** Earliest due date among the case's open tasks; `NextDueAt < now` means overdue. */
export const NextDueAt = defineSearchAttributeKey('NextDueAt', SearchAttributeType.DATETIME);
export const HasIncident = defineSearchAttributeKey('HasIncident', SearchAttributeType.BOOL);
/** Outcome figures are computed from these dates; a case ID and dates identify no one. */
export const ReferredAt = defineSearchAttributeKey('ReferredAt', SearchAttributeType.DATETIME);
export const MovedInAt = defineSearchAttributeKey('MovedInAt', SearchAttributeType.DATETIME);
export const HousingStatus = defineSearchAttributeKey('HousingStatus', SearchAttributeType.KEYWORD);
export const ExitReason = defineSearchAttributeKey('ExitReason', SearchAttributeType.KEYWORD);

/**
 * The person search's blind index: keyed hashes (HMAC) of the national ID and of each name token,
 * never the name or the number (platform/person-index.ts). Set by the API at start; a case from
 * before the index gets it from the worker on its first activation (workflows/person-index.ts).
 */
export const PersonIndex = defineSearchAttributeKey('PersonIndex', SearchAttributeType.KEYWORD_LIST);

export const ALL_SEARCH_ATTRIBUTES = [
  PathwayStage,
  HskOffice,
  Municipality,
  NextDueAt,
  HasIncident,
  ReferredAt,
  MovedInAt,
  HousingStatus,
  ExitReason,
  PersonIndex,
];
