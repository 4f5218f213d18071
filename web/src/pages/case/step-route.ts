import { STEPS, type StepName } from '../../../../domain/steps';
import type { EventForm } from './events';

/**
 * A form's route below the case and the roles that may send it: the step's own (domain/steps/),
 * with the IDs its route names (an offer's answer names the offer).
 */
export function stepRoute(
  step: StepName,
  ids: Record<string, string> = {},
): Pick<EventForm, 'path' | 'roles'> {
  const { route, roles } = STEPS[step];
  return {
    path: route.path
      .replace(/^\/referrals\/:id\//, '')
      .replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(ids[name] ?? '')),
    roles: [...roles],
  };
}
