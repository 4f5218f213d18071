/**
 * Builds the activities the worker registers, each outside system behind its own module.
 * (Foundation: email only; the integrations issue adds the archive, SvarUt, the care system,
 * NAV and the housing system.)
 */
import { createCoordinationActivities, type CoordinationDeps } from './coordination';
import { createEmailActivities, type EmailDeps } from './email';

export type ActivityDeps = EmailDeps & CoordinationDeps;

export function createActivities(deps: ActivityDeps) {
  return { ...createEmailActivities(deps), ...createCoordinationActivities(deps) };
}
