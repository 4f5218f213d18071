/**
 * Bounding what a case carries: offers, eviction risks, letters and decisions are kept while the
 * rules or a queued call still need them, and otherwise only the newest (RECORDS_KEPT); the
 * rest is dropped when the case continues as new and counted in `recordsTrimmed`. The archive
 * keeps every record; the view shows what is kept and how many were dropped.
 */
import { navShouldHear } from '../consent';
import { RECORDS_KEPT } from '../limits';
import type { CaseState } from './state';

export type RecordsKept = { [K in keyof typeof RECORDS_KEPT]: number };

/** Keeps the needed records and the newest `keep[kind]` of the rest; returns how many were dropped. */
function keepNewest<T>(
  records: T[],
  needed: (r: T) => boolean,
  keep: number,
): { kept: T[]; dropped: number } {
  const newest = new Set(records.slice(Math.max(0, records.length - keep)));
  const kept = records.filter((r) => needed(r) || newest.has(r));
  return { kept, dropped: records.length - kept.length };
}

export function trimRecords(state: CaseState, keep: RecordsKept = RECORDS_KEPT): void {
  const counts = (state.recordsTrimmed ??= { offers: 0, evictionRisks: 0, letters: 0, decisions: 0 });
  const outbox = state.outbox;

  // Letters: those a queued call sends or watches (by index: the outbox is renumbered below).
  // A letter is still needed while a send, a delivery watch or its journal entry names it.
  const queuedLetters = new Set(
    outbox.flatMap((o) => ('letterNo' in o && o.letterNo !== undefined ? [o.letterNo] : [])),
  );
  const indexed = state.letters.map((letter, i) => ({ letter, i }));
  const letters = keepNewest(indexed, ({ i }) => queuedLetters.has(i), keep.letters);
  const newIndex = new Map(letters.kept.map(({ i }, n) => [i, n]));
  for (const o of outbox)
    if ('letterNo' in o && o.letterNo !== undefined) o.letterNo = newIndex.get(o.letterNo)!;
  state.letters = letters.kept.map(({ letter }) => letter);
  counts.letters += letters.dropped;

  // Decisions: the latest (the rules and the view read it), those a queued call or a kept
  // letter names, and the one each kept letter's decision replaces (the letter names it).
  const latest = state.decisions[state.decisions.length - 1]?.no;
  const neededNos = new Set<number>(latest === undefined ? [] : [latest]);
  for (const o of outbox) if ('decisionNo' in o && o.decisionNo !== undefined) neededNos.add(o.decisionNo);
  for (const l of state.letters) {
    if (l.decisionNo === undefined) continue;
    neededNos.add(l.decisionNo);
    if (l.decisionNo > 1) neededNos.add(l.decisionNo - 1);
  }
  const decisions = keepNewest(state.decisions, (d) => neededNos.has(d.no), keep.decisions);
  state.decisions = decisions.kept;
  counts.decisions += decisions.dropped;

  // Offers: one not yet answered, one a reservation is queued for, the one the lease is for.
  const reserving = new Set(outbox.flatMap((o) => (o.op === 'reserve' ? [o.offerId] : [])));
  const leased = state.housing.lease?.unitId;
  const offers = keepNewest(
    state.housing.offers,
    (o) => !o.response || reserving.has(o.offerId) || (o.response.accepted && o.unitId === leased),
    keep.offers,
  );
  state.housing.offers = offers.kept;
  counts.offers += offers.dropped;

  // Risks: one without an action plan, one a queued call or an open task names, one NAV should
  // still hear of (told when consent to tell NAV is given).
  const named = new Set<string>();
  for (const o of outbox) if (o.system === 'parties' && o.riskId) named.add(o.riskId);
  for (const t of state.tasks)
    for (const r of state.evictionRisks) if (t.id.endsWith(`:${r.riskId}`)) named.add(r.riskId);
  const risks = keepNewest(
    state.evictionRisks,
    (r) =>
      !r.actionPlan ||
      named.has(r.riskId) ||
      (!r.navNotified && navShouldHear(r.kind, r.reportedBy.role === 'nav')),
    keep.evictionRisks,
  );
  state.evictionRisks = risks.kept;
  counts.evictionRisks += risks.dropped;
}
