/**
 * The municipality's places (Stavanger earmarked 10 flats; Sandnes aimed for 15 people housed).
 * One coordinator per municipality owns this state and applies one message at a time, so two
 * cases can never take the last place together. Pure: the coordinator workflow turns the effects
 * into signals to the cases.
 *
 * - First come, first served: a request while anyone waits joins the end of the list.
 * - A person registered after their decision already holds a place: their claim is granted even
 *   above capacity (the list then waits until enough places free up).
 * - A place frees up when a case exits, withdraws or is transferred (all send a release).
 *
 * Rules versions (the coordinator decides with `patched()`; see workflows/places.ts):
 *   1  every waiting case whose position moved is told (a release with 5,000 waiting told
 *      5,000 cases, one workflow task each).
 *   2  a case is told only when its position changes class (see `positionClass`): exact for the
 *      first `EXACT_POSITIONS` in line, then in bands. Work per event is bounded by the number of
 *      bands, whatever the length of the list; the exact position is read from the coordinator
 *      (`placeOf`, the `getPlaceOf` query).
 */

export type PlacesRules = 1 | 2;

export interface PlacesState {
  municipality: string;
  capacity: number;
  /** Case IDs holding a place, in the order they got it. */
  holders: string[];
  /** Case IDs waiting, first in line first. */
  waiting: string[];
}

export type PlacesEffect =
  { caseId: string; kind: 'granted' } | { caseId: string; kind: 'position'; position: number };

export interface PlacesView {
  municipality: string;
  capacity: number;
  held: number;
  free: number;
  /** Case IDs (no personal data) in waiting-list order. */
  waiting: string[];
  holders: string[];
}

export function emptyPlaces(municipality: string, capacity: number): PlacesState {
  return { municipality, capacity, holders: [], waiting: [] };
}

/** Positions told exactly; behind them a case hears only when it enters a new band. */
export const EXACT_POSITIONS = 10;
const BANDS = [25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000];

/**
 * The class of a waiting position (rules 2): the position itself among the first
 * `EXACT_POSITIONS`, else the band it falls in (11–25, 26–50, 51–100, …).
 */
export function positionClass(position: number): number {
  if (position <= EXACT_POSITIONS) return position;
  const band = BANDS.findIndex((upTo) => position <= upTo);
  return EXACT_POSITIONS + 1 + (band < 0 ? BANDS.length : band);
}

/**
 * The waiting list as it stood before a change. Every change keeps the order of those who stay
 * (some leave, one may join at the end), so the list before is all `settle` needs to know who
 * moved: no map of every position. The coordinator replays every event of its run whenever a
 * worker rebuilds it (a restart, an eviction, a signal that came while it continued as new);
 * with a map per event, 5,000 waiting cost seconds per run and a rebuild outran Temporal's
 * ten-second workflow task timeout, again and again: the coordinator stood still.
 */
function lineBefore(state: PlacesState): readonly string[] {
  return state.waiting.slice();
}

function moved(rules: PlacesRules, before: number | undefined, now: number): boolean {
  if (before === now) return false;
  return rules < 2 || before === undefined || positionClass(before) !== positionClass(now);
}

/** Grants free places to the front of the list, then tells those whose position moved (class). */
function settle(state: PlacesState, before: readonly string[], rules: PlacesRules): PlacesEffect[] {
  const effects: PlacesEffect[] = [];
  while (state.holders.length < state.capacity && state.waiting.length > 0) {
    const caseId = state.waiting.shift()!;
    state.holders.push(caseId);
    effects.push({ caseId, kind: 'granted' });
  }
  // Those still waiting stand in the same order as before, and one who is new joined at the end:
  // walk both lists once.
  let i = 0;
  state.waiting.forEach((caseId, at) => {
    while (i < before.length && before[i] !== caseId) i++;
    const was = i < before.length ? ++i : undefined;
    if (moved(rules, was, at + 1)) effects.push({ caseId, kind: 'position', position: at + 1 });
  });
  return effects;
}

export function requestPlace(
  state: PlacesState,
  caseId: string,
  existing: boolean,
  rules: PlacesRules = 1,
): PlacesEffect[] {
  // A repeated request (an activity retried) gets the same answer again.
  if (state.holders.includes(caseId)) return [{ caseId, kind: 'granted' }];
  const at = state.waiting.indexOf(caseId);
  if (at >= 0 && !existing) return [{ caseId, kind: 'position', position: at + 1 }];
  const before = lineBefore(state);
  if (at >= 0) state.waiting.splice(at, 1);
  if (existing) {
    state.holders.push(caseId);
    return [{ caseId, kind: 'granted' }, ...settle(state, before, rules)];
  }
  state.waiting.push(caseId);
  return settle(state, before, rules);
}

export function releasePlace(state: PlacesState, caseId: string, rules: PlacesRules = 1): PlacesEffect[] {
  const before = lineBefore(state);
  const held = state.holders.indexOf(caseId);
  if (held >= 0) state.holders.splice(held, 1);
  const waiting = state.waiting.indexOf(caseId);
  if (waiting >= 0) state.waiting.splice(waiting, 1);
  if (held < 0 && waiting < 0) return [];
  return settle(state, before, rules);
}

export function configurePlaces(
  state: PlacesState,
  capacity: number,
  rules: PlacesRules = 1,
): PlacesEffect[] {
  state.capacity = Math.max(0, Math.floor(capacity));
  return settle(state, lineBefore(state), rules);
}

/** Where a case stands with the coordinator: what a case asks when it reviews its wait. */
export type PlaceOf = { status: 'held' } | { status: 'waiting'; position: number } | { status: 'unknown' };

export function placeOf(state: PlacesState, caseId: string): PlaceOf {
  if (state.holders.includes(caseId)) return { status: 'held' };
  const at = state.waiting.indexOf(caseId);
  return at >= 0 ? { status: 'waiting', position: at + 1 } : { status: 'unknown' };
}

/**
 * Answers still to be told, by case: each case hears only its newest (a grant replaces an earlier
 * position, a later position an earlier one), and the newest goes to the back, so cases are told
 * in the order their answers arose (grants in the order places were given).
 */
export type Untold = Map<string, PlacesEffect>;

export function mergeEffects(untold: Untold, effects: readonly PlacesEffect[]): Untold {
  for (const e of effects) {
    untold.delete(e.caseId);
    untold.set(e.caseId, e);
  }
  return untold;
}

/** Takes the oldest `n` answers off the queue. */
export function takeEffects(untold: Untold, n: number): PlacesEffect[] {
  const batch: PlacesEffect[] = [];
  for (const [caseId, e] of untold) {
    if (batch.length >= n) break;
    batch.push(e);
    untold.delete(caseId);
  }
  return batch;
}

/** A batch that was not told goes back in front, unless a newer answer for the case came meanwhile. */
export function putBack(untold: Untold, batch: readonly PlacesEffect[]): void {
  const rest = [...untold.values()];
  untold.clear();
  mergeEffects(
    untold,
    batch.filter((e) => !rest.some((r) => r.caseId === e.caseId)),
  );
  mergeEffects(untold, rest);
}

export function placesView(state: PlacesState): PlacesView {
  return {
    municipality: state.municipality,
    capacity: state.capacity,
    held: state.holders.length,
    free: Math.max(0, state.capacity - state.holders.length),
    waiting: [...state.waiting],
    holders: [...state.holders],
  };
}
