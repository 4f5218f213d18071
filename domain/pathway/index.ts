/**
 * The referral-to-housing pathway as pure rules over one case state (see state.ts). The case
 * workflow is a thin shell around these: it registers each event's check and apply as an update,
 * runs the scheduler and the outbox lanes, and carries the state across continue-as-new.
 */
export * from './state';
export * from './events';
export * from './outbox';
export * from './tasks';
export { nextWaitingReviewAt, reviewWaiting, WAITING_REVIEW_DEFAULT } from './waiting';
export * from './view';
export { trimRecords, type RecordsKept } from './trim';
export { startCase } from './start';
export { settleLeases, exitEndsLease } from './lease-end';
export { settleAppealWindows } from './appeals';
export { decisionKey } from './common';
export { EXPECTS } from './texts';
export { earliest } from '../deadlines';

// Each step people report is its own module: domain/steps/ (STEPS, STEP_LIST).
export * from './decision-letters';
