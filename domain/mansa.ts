/**
 * MANSA (Manchester Short Assessment of Quality of Life; Priebe et al. 1999): twelve questions on
 * how satisfied the person is, each from 1 (could not be worse) to 7 (could not be better), asked
 * at mapping (the baseline) and at each evaluation. The mean of the twelve is the score the report
 * compares. The items' wording lives with the web app's texts (one place per language).
 */
import type { IsoDate } from './types';

export const MANSA_ITEMS = [
  'life-as-a-whole', // livet som helhet
  'work', // arbeid, skole eller annen daglig aktivitet
  'finances', // økonomi
  'friendships', // antall og kvalitet på vennskap
  'leisure', // fritidsaktiviteter
  'accommodation', // bolig
  'safety', // personlig trygghet
  'living-with', // de du bor med, eller å bo alene
  'sex-life', // seksualliv
  'family', // forholdet til familien
  'physical-health', // fysisk helse
  'mental-health', // psykisk helse
] as const;

/** The mean of the twelve answers, to two decimals. */
export function mansaMean(items: readonly number[]): number {
  return Math.round((items.reduce((a, b) => a + b, 0) / items.length) * 100) / 100;
}

/** Twelve whole answers from 1 to 7. */
export function isMansaItems(v: unknown): v is number[] {
  return (
    Array.isArray(v) &&
    v.length === MANSA_ITEMS.length &&
    v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= 7)
  );
}

/** A note the team wrote (a contact's note, an evaluation's feedback), kept on the case. */
export interface TeamNote {
  date: IsoDate;
  kind: 'contact' | 'evaluation';
  text: string;
  /** Who wrote it (the token's subject). */
  by: string;
}
