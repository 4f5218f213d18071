/** Cases as a caseworker would submit them, with the municipalities' real profiles. */
import path from 'node:path';
import { localDate } from '../../domain/calendar';
import type { CaseInput } from '../../domain/case';
import { withControlDigits } from '../../domain/national-id';
import { Municipalities } from '../../platform/municipalities';

export const municipalities = Municipalities.load(
  path.resolve(__dirname, '..', '..', 'config', 'municipalities'),
);

let counter = 0;
/** A unique, valid national identity number (synthetic: born 1 Jan 1970, running individual number). */
export function nationalId(): string {
  for (;;) {
    const id = withControlDigits(`010170${String(100 + (counter++ % 900)).padStart(3, '0')}`);
    if (id) return id;
  }
}

export function caseInput(overrides: Partial<CaseInput> = {}): CaseInput {
  const municipality = overrides.municipality ?? 'stavanger';
  const profile = municipalities.require(municipality);
  return {
    caseId: `hf-${municipality}-test${String(++counter).padStart(6, '0')}`,
    municipality,
    office: profile.offices[0].id,
    // Today in Oslo: the case workflow counts the first review's deadlines from this date.
    referredAt: localDate(new Date(), 'Europe/Oslo'),
    caseworker: { id: 'caseworker-1', role: 'caseworker' },
    person: { name: 'Kari Testperson', nationalId: nationalId(), phone: '+47 912 34 567' },
    criteria: { homeless: true, substanceUse: true, mentalHealth: true, additional: ['repeated admissions'] },
    consent: { given: true, date: '2026-11-20', scope: ['assessment-team', 'hf-team'] },
    notes: 'Sover ute, har vært innlagt tre ganger i år.',
    policy: profile.policy,
    ...overrides,
  };
}
