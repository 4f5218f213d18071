/**
 * The coordinator's rules for places (first come, first served; never oversubscribed by new
 * requests; claims of people already holding one), the programme's milestone dates, and the
 * deadline rules every reminder uses.
 */
import fc from 'fast-check';
import { anchorOf, deliveryTime, earliest, ladderTimes, urgentRecipient } from '../../domain/deadlines';
import {
  configurePlaces,
  emptyPlaces,
  EXACT_POSITIONS,
  mergeEffects,
  placeOf,
  positionClass,
  putBack,
  releasePlace,
  takeEffects,
  type PlacesEffect,
  requestPlace,
  type PlacesState,
} from '../../domain/places';
import { nextOccurrence } from '../../domain/programme';
import { municipalities } from '../support/fixtures';

const policy = municipalities.require('stavanger').policy;
const at = (iso: string) => new Date(iso);

describe('places', () => {
  type Op = { op: 'request' | 'release'; caseId: string; existing: boolean };
  const op: fc.Arbitrary<Op> = fc.record({
    op: fc.constantFrom('request', 'release', 'request'),
    caseId: fc.constantFrom(...Array.from({ length: 20 }, (_, i) => `case-${i}`)),
    existing: fc.boolean().map((b) => b && Math.random() < 0.2),
  });

  test('any sequence of requests and releases keeps the list in order, never holds a case twice, and fills free places first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.array(op, { maxLength: 120 }), (capacity, ops) => {
        const s: PlacesState = emptyPlaces('stavanger', capacity);
        const arrival: string[] = [];
        const told = new Map<string, string>();
        for (const o of ops) {
          const effects =
            o.op === 'request' ? requestPlace(s, o.caseId, o.existing) : releasePlace(s, o.caseId);
          if (o.op === 'request' && !arrival.includes(o.caseId)) arrival.push(o.caseId);
          if (o.op === 'release')
            arrival.splice(arrival.indexOf(o.caseId) >>> 0, arrival.includes(o.caseId) ? 1 : 0);
          for (const e of effects)
            told.set(e.caseId, e.kind === 'granted' ? 'held' : `waiting ${e.position}`);
          const all = [...s.holders, ...s.waiting];
          expect(new Set(all).size).toBe(all.length);
          // Nobody waits while a place is free.
          if (s.waiting.length > 0) expect(s.holders.length).toBeGreaterThanOrEqual(s.capacity);
          // The waiting list keeps the order people asked in.
          const order = arrival.filter((id) => s.waiting.includes(id));
          expect(s.waiting).toEqual(order);
          // What each case was last told matches the coordinator's state.
          for (const id of s.holders) expect(told.get(id)).toBe('held');
          s.waiting.forEach((id, i) => expect(told.get(id)).toBe(`waiting ${i + 1}`));
        }
      }),
      { numRuns: 1000 },
    );
  });

  test('a claim by someone already holding a place is granted above capacity, and the list waits until enough places free up', () => {
    const s = emptyPlaces('stavanger', 1);
    expect(requestPlace(s, 'a', false)).toEqual([{ caseId: 'a', kind: 'granted' }]);
    expect(requestPlace(s, 'resident', true)).toEqual([{ caseId: 'resident', kind: 'granted' }]);
    expect(requestPlace(s, 'b', false)).toEqual([{ caseId: 'b', kind: 'position', position: 1 }]);
    expect(releasePlace(s, 'a')).toEqual([]);
    expect(releasePlace(s, 'resident')).toEqual([{ caseId: 'b', kind: 'granted' }]);
    expect(configurePlaces(s, 0)).toEqual([]);
    expect(s.holders).toEqual(['b']);
  });
});

describe('places, rules 2 (bounded work per event)', () => {
  type Op = { op: 'request' | 'release'; caseId: string; existing: boolean };
  const op: fc.Arbitrary<Op> = fc.record({
    op: fc.constantFrom('request', 'release', 'request', 'request'),
    caseId: fc.constantFrom(...Array.from({ length: 60 }, (_, i) => `case-${i}`)),
    existing: fc.boolean().map((b) => b && Math.random() < 0.1),
  });

  test('what a case was told last is true to its class, exact among the first ten, and an event tells only a bounded few', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.array(op, { maxLength: 200 }), (capacity, ops) => {
        const s: PlacesState = emptyPlaces('stavanger', capacity);
        const told = new Map<string, PlacesEffect>();
        for (const o of ops) {
          const effects =
            o.op === 'request' ? requestPlace(s, o.caseId, o.existing, 2) : releasePlace(s, o.caseId, 2);
          // A grant or two, the first ten, and one per band crossed: never the whole list.
          expect(effects.length).toBeLessThanOrEqual(EXACT_POSITIONS + 14);
          for (const e of effects) told.set(e.caseId, e);
          for (const id of s.holders) expect(told.get(id)?.kind).toBe('granted');
          s.waiting.forEach((id, i) => {
            const last = told.get(id);
            expect(last?.kind).toBe('position');
            const position = (last as { position: number }).position;
            if (i < EXACT_POSITIONS) expect(position).toBe(i + 1);
            else expect(positionClass(position)).toBe(positionClass(i + 1));
          });
        }
      }),
      { numRuns: 500 },
    );
  });

  test('the effects of any event are exactly those the rules define (every position looked up before and after), in the same order', () => {
    // The definition, computed the plain way: positions by lookup before and after the event.
    // The coordinator's replay rebuilds its state from every event of a run, so the domain must
    // give the same answers, in the same order, as the runs already recorded.
    const told = (before: string[], after: PlacesState, granted: string[], rules: 1 | 2) => {
      const was = new Map(before.map((id, i) => [id, i + 1]));
      const effects: PlacesEffect[] = granted.map((caseId) => ({ caseId, kind: 'granted' }));
      after.waiting.forEach((caseId, i) => {
        const from = was.get(caseId);
        const changed =
          from !== i + 1 && (rules < 2 || from === undefined || positionClass(from) !== positionClass(i + 1));
        if (changed) effects.push({ caseId, kind: 'position', position: i + 1 });
      });
      return effects;
    };
    const event = fc.oneof(
      op,
      fc.record({ op: fc.constant('configure' as const), capacity: fc.integer({ min: 0, max: 6 }) }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(1 as const, 2 as const),
        fc.integer({ min: 0, max: 4 }),
        fc.array(event, { maxLength: 200 }),
        (rules, capacity, events) => {
          const s: PlacesState = emptyPlaces('stavanger', capacity);
          for (const e of events) {
            const before = [...s.waiting];
            const holdersBefore = new Set(s.holders);
            const effects =
              e.op === 'configure'
                ? configurePlaces(s, e.capacity, rules)
                : e.op === 'request'
                  ? requestPlace(s, e.caseId, e.existing, rules)
                  : releasePlace(s, e.caseId, rules);
            // A repeated request is answered again as it stands; everything else as defined.
            if (
              e.op === 'request' &&
              (holdersBefore.has(e.caseId) || (before.includes(e.caseId) && !e.existing))
            )
              continue;
            const granted = s.holders.filter((id) => !holdersBefore.has(id));
            if (e.op === 'release' && !before.includes(e.caseId) && !holdersBefore.has(e.caseId)) {
              expect(effects).toEqual([]);
              continue;
            }
            expect(effects).toEqual(told(before, s, granted, rules));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('with 5,000 waiting a release tells the next in line and those whose class changed: 18 cases, not 5,000', () => {
    const s = emptyPlaces('stavanger', 10);
    for (let i = 0; i < 10; i++) requestPlace(s, `resident-${i}`, true, 2);
    for (let i = 0; i < 5_000; i++) requestPlace(s, `waiting-${i}`, false, 2);
    const effects = releasePlace(s, 'resident-0', 2);
    expect(effects[0]).toEqual({ caseId: 'waiting-0', kind: 'granted' });
    expect(effects).toHaveLength(18);
    expect(releasePlace(s, 'resident-0', 1)).toEqual([]); // already released: nothing to tell
    expect(releasePlace(s, 'resident-1', 1)).toHaveLength(1 + 4_998); // rules 1: everyone waiting
    expect(placeOf(s, 'waiting-2')).toEqual({ status: 'waiting', position: 1 });
    expect(placeOf(s, 'waiting-1')).toEqual({ status: 'held' });
    expect(placeOf(s, 'someone-else')).toEqual({ status: 'unknown' });
  });

  test('answers waiting to be told: each case hears only its newest, in the order they arose; a failed batch goes back in front', () => {
    const untold = mergeEffects(new Map(), [
      { caseId: 'a', kind: 'position', position: 2 },
      { caseId: 'b', kind: 'position', position: 3 },
    ]);
    mergeEffects(untold, [{ caseId: 'a', kind: 'granted' }]);
    expect([...untold.values()]).toEqual([
      { caseId: 'b', kind: 'position', position: 3 },
      { caseId: 'a', kind: 'granted' },
    ]);
    const batch = takeEffects(untold, 1);
    expect(batch).toEqual([{ caseId: 'b', kind: 'position', position: 3 }]);
    mergeEffects(untold, [{ caseId: 'c', kind: 'position', position: 1 }]);
    putBack(untold, batch);
    expect([...untold.keys()]).toEqual(['b', 'a', 'c']);
    mergeEffects(untold, [{ caseId: 'b', kind: 'granted' }]);
    putBack(
      untold,
      takeEffects(untold, 1).map(() => ({ caseId: 'b', kind: 'position', position: 9 })),
    );
    expect(untold.get('b')).toEqual({ caseId: 'b', kind: 'granted' });
  });
});

describe('deadlines', () => {
  test('the scheduler wakes for the earlier of two instants, either of which may be absent', () => {
    const a = at('2026-11-24T08:00:00Z');
    const b = at('2026-11-20T08:00:00Z');
    expect(earliest(a, b)).toBe(b);
    expect(earliest(b, a)).toBe(b);
    expect(earliest(a, undefined)).toBe(a);
    expect(earliest(undefined, b)).toBe(b);
    expect(earliest(undefined, undefined)).toBeUndefined();
  });

  test('a date reported for today counts from now; an earlier date from that morning at 08:00 Oslo time', () => {
    const now = at('2026-11-24T13:30:00Z');
    expect(anchorOf('2026-11-24', now, policy)).toEqual(now);
    expect(anchorOf('2026-11-20', now, policy)).toEqual(at('2026-11-20T07:00:00Z'));
  });

  test('a ladder already overdue when learnt of reminds at once and escalates after its own gap, not at once', () => {
    const now = at('2026-12-01T09:00:00Z');
    const t = ladderTimes(policy, policy.ladders.firstReview, at('2026-11-02T07:00:00Z'), now);
    expect(t.remindAt).toEqual(at('2026-11-16T07:00:00Z'));
    expect(t.escalateAt).toEqual(at('2026-12-15T09:00:00Z'));
  });

  test('routine messages wait for working hours; urgent ones go at once, to on-call out of hours', () => {
    const fridayEvening = at('2026-11-27T17:00:00Z');
    expect(deliveryTime(policy, fridayEvening, fridayEvening, false)).toEqual(at('2026-11-30T07:00:00Z'));
    expect(deliveryTime(policy, fridayEvening, fridayEvening, true)).toEqual(fridayEvening);
    expect(urgentRecipient(policy, fridayEvening)).toBe('on-call');
    expect(urgentRecipient(policy, at('2026-11-27T10:00:00Z'))).toBe('team-lead');
  });
});

describe('programme milestones', () => {
  const { programme } = municipalities.require('stavanger');
  const timing = { timezone: policy.timezone, workingHours: policy.workingHours };

  test('the first due after the start, then the repeats of the yearly self-assessment', () => {
    const since = at('2025-12-01T00:00:00Z');
    const first = nextOccurrence(programme, timing, [], since)!;
    expect(first).toMatchObject({ key: 'first-evaluation:1', from: '2026-01-01', to: '2027-01-01' });
    const done = ['first-evaluation:1', 'midway-report:1', 'fidelity-self-assessment:1', 'project-end:1'];
    expect(nextOccurrence(programme, timing, done, since)).toMatchObject({
      key: 'fidelity-self-assessment:2',
      from: '2027-01-01',
      to: '2028-01-01',
    });
  });
});
