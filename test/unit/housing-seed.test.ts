/** The housing stand-in holds at least as many units per municipality as its profile has places. */
import { SEED_UNITS } from '../../standins/housing-seed';
import { municipalities } from '../support/fixtures';

test.each(municipalities.all().map((m) => [m.id, m.places, m.policy.housingSource] as const))(
  '%s: units for every place (%i), from the sources the profile houses from',
  (id, places, source) => {
    const units = SEED_UNITS.filter((u) => u.municipality === id);
    expect(units.length).toBeGreaterThanOrEqual(places);
    expect(new Set(units.map((u) => u.unitId)).size).toBe(units.length);
    if (source !== 'both') expect(units.every((u) => u.source === source)).toBe(true);
  },
);
