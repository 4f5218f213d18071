/**
 * Programme outcome figures for a period, for the milestone emails: the same figures, by the same
 * definitions, as the API's `GET /reports/outcomes` (read-model/case-directory.ts `outcomes`). No
 * personal data is read or returned: counts, shares and a median.
 */
import type { IsoDate } from '../domain/types';
import type { OutcomeFigures } from './types';

export interface OutcomeSource {
  outcomes(municipality: string | undefined, from: IsoDate, to: IsoDate): Promise<OutcomeFigures>;
}

export function createOutcomeActivities(deps: { directory: OutcomeSource }) {
  async function outcomeFigures(req: {
    municipality: string;
    from: IsoDate;
    to: IsoDate;
  }): Promise<OutcomeFigures> {
    return deps.directory.outcomes(req.municipality, req.from, req.to);
  }
  return { outcomeFigures };
}
