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
 */

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

function positions(state: PlacesState): Map<string, number> {
  return new Map(state.waiting.map((id, i) => [id, i + 1]));
}

/** Grants free places to the front of the list, then tells everyone whose position moved. */
function settle(state: PlacesState, before: Map<string, number>): PlacesEffect[] {
  const effects: PlacesEffect[] = [];
  while (state.holders.length < state.capacity && state.waiting.length > 0) {
    const caseId = state.waiting.shift()!;
    state.holders.push(caseId);
    effects.push({ caseId, kind: 'granted' });
  }
  for (const [caseId, position] of positions(state)) {
    if (before.get(caseId) !== position) effects.push({ caseId, kind: 'position', position });
  }
  return effects;
}

export function requestPlace(state: PlacesState, caseId: string, existing: boolean): PlacesEffect[] {
  // A repeated request (an activity retried) gets the same answer again.
  if (state.holders.includes(caseId)) return [{ caseId, kind: 'granted' }];
  const at = state.waiting.indexOf(caseId);
  if (at >= 0 && !existing) return [{ caseId, kind: 'position', position: at + 1 }];
  const before = positions(state);
  before.delete(caseId);
  if (at >= 0) state.waiting.splice(at, 1);
  if (existing) {
    state.holders.push(caseId);
    return [{ caseId, kind: 'granted' }, ...settle(state, before)];
  }
  state.waiting.push(caseId);
  return settle(state, before);
}

export function releasePlace(state: PlacesState, caseId: string): PlacesEffect[] {
  const before = positions(state);
  const held = state.holders.indexOf(caseId);
  if (held >= 0) state.holders.splice(held, 1);
  const waiting = state.waiting.indexOf(caseId);
  if (waiting >= 0) state.waiting.splice(waiting, 1);
  if (held < 0 && waiting < 0) return [];
  before.delete(caseId);
  return settle(state, before);
}

export function configurePlaces(state: PlacesState, capacity: number): PlacesEffect[] {
  state.capacity = Math.max(0, Math.floor(capacity));
  return settle(state, positions(state));
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
