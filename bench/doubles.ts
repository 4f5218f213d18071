/**
 * Activity doubles for the benchmarks that measure workflows alone (bench/run.ts,
 * bench/heap-profile.ts): every municipal system answers at once, in its own shape.
 */
import type { PathwayActivities } from '../activities/types';

/** Instant answers in the shape of each system's: cases run as in production, minus the I/O. */
const answers: { [K in keyof PathwayActivities]: (r: Parameters<PathwayActivities[K]>[0]) => unknown } = {
  sendNotification: (n) => ({ messageId: `<${n.purpose}@bench>`, to: n.recipient }),
  archiveCaseFile: (r) => ({ caseFileId: `saksmappe-${r.caseId}` }),
  archiveJournalEntry: (r) => ({ journalEntryId: `journalpost-${r.purpose}` }),
  sendLetter: (r) => ({ forsendelseId: `forsendelse-${r.purpose}` }),
  awaitLetterDelivery: (r) => ({
    forsendelseId: r.forsendelseId,
    status: 'LEST',
    delivered: true,
    failed: false,
  }),
  registerDecision: () => ({ reference: 'care-1' }),
  personIndex: () => ({ hashes: [] }),
  notifyParty: (r) => ({ reference: `${r.party}-1` }),
  findHousingUnits: () => [],
  reserveUnit: (r) => ({ reservationId: `reservation-${r.unitId}` }),
  registerLease: (r) => ({ leaseId: `lease-${r.unitId}` }),
  endLease: () => ({ status: 'ended' }),
  outcomeFigures: (r) => ({
    from: r.from,
    to: r.to,
    referred: 0,
    housed: 0,
    inFollowUp: 0,
    exitsByReason: {},
    housingStability12m: null,
    medianDaysReferralToMoveIn: null,
  }),
  requestPlace: (r) => ({ coordinatorId: `places-${r.municipality}` }),
  releasePlace: (r) => ({ coordinatorId: `places-${r.municipality}` }),
  tellCases: () => ({ ended: [] }),
  confirmPlace: () => ({ status: 'unknown' }),
};
export const doubles = Object.fromEntries(
  Object.entries(answers).map(([name, answer]) => [
    name,
    async (r: never) => (answer as (r: never) => unknown)(r),
  ]),
);
