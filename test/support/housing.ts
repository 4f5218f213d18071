/** The housing system as the API asks it (api/housing.ts), answered from the stand-in's seed units. */
import type { HousingDirectory } from '../../api/housing';
import { rankUnits } from '../../activities/housing';
import { SEED_UNITS } from '../../standins/housing-seed';

export const seededHousing: HousingDirectory = {
  hasUnit: async (municipality, unitId) =>
    SEED_UNITS.some((u) => u.municipality === municipality && u.unitId === unitId),
  suggest: async (municipality, wishes) =>
    rankUnits(
      SEED_UNITS.filter((u) => u.municipality === municipality).map(({ municipality: _m, ...u }) => u),
      wishes,
    ),
};
