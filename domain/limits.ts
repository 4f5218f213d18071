/**
 * Every input limit of the events people report, in one table that both validators read: the
 * API's zod schemas (domain/schemas/events.ts) and the workflow's checks (each step's `check`, domain/steps/).
 * Plain numbers, no zod, so the workflow bundle can read it. Change a limit here and both sides
 * move together; `test/unit/limits.test.ts` holds each side to it.
 *
 * Lengths are in characters; free text is bounded so a body cannot grow a workflow's history.
 */
export const LIMITS = {
  /** Review notes, evaluation feedback, an action plan's summary. */
  longText: 4000,
  /** Who follows the person up (mapping). */
  followUpWorker: 100,
  /** Housing wishes (mapping): each area, the type of home, each need, and how many of each. */
  wishArea: 100,
  wishType: 100,
  wishNeed: 200,
  wishItems: 20,
  /** A service granted in the decision (vedtak), and its hours a week. */
  serviceKind: 100,
  hoursPerWeek: 168,
  /** A housing offer's address. */
  address: 200,
  /** Why an offer was declined or accepted. */
  offerReason: 500,
  /** A contact's note and its length in minutes (a day at most). */
  contactNote: 2000,
  contactMinutes: 1440,
  /** An evaluation milestone, in months after move-in. */
  milestoneMonths: 600,
  /** What the housing provider or NAV reports about an eviction risk. */
  riskDetail: 2000,
  /** A private rental: the landlord's and the intermediary's names and phone numbers, the security in kroner. */
  partyName: 200,
  phone: 40,
  securityAmount: 1_000_000,
  /** Why the person lost the housing. */
  housingLostReason: 500,
  /** MANSA mean scores (Manchester Short Assessment of Quality of Life). */
  mansaMin: 1,
  mansaMax: 7,
  /** Notes the team wrote (contacts, evaluations) that a case keeps, the latest. */
  teamNotes: 200,
  /** Weeks of contact minutes a case keeps (follow-up intensity). */
  intensityWeeks: 26,
  /** Stages a case remembers having left (report: median days in each stage). */
  stageStays: 40,
  /** Identifiers from other systems (unit IDs): characters. */
  reference: 80,
} as const;

/** An identifier from another system: letters, digits and ._:/- (at most LIMITS.reference). */
export const REFERENCE_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:/-]{0,${LIMITS.reference - 1}}$`);

/**
 * How many of each kind of record a case keeps in its state beyond the ones its rules still
 * need (an open offer, a risk without an action plan, a letter or decision a queued call uses,
 * the latest decision). Older ones are dropped when the case continues as new, and counted; the
 * archive keeps them all. Bounds the state a case carries for years.
 */
export const RECORDS_KEPT = {
  offers: 20,
  evictionRisks: 20,
  letters: 20,
  decisions: 10,
} as const;
