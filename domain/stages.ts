/**
 * The stages of the referral-to-housing pathway, as stored in the `PathwayStage` search attribute
 * and shown by the API. Terminal stages end with the case workflow.
 */
export const STAGES = [
  'first-review', // referral submitted (innsøking), waiting for the assessment team's first review
  'not-relevant', // first review said "not relevant": the caseworker informs the person, then closed
  'mapping', // the HF team maps the person (kartlegging)
  'second-review', // waiting for the assessment team's second review
  'no-place', // second review said "no place": the caseworker informs the person, then closed
  'waiting-for-place', // place offered, but none free: on the municipality's waiting list, in order
  'decision', // a place is held; the team lead makes the individual decision (vedtak)
  'housing', // housing procurement (boligfremskaffelse): offers, lease
  'move-in', // lease signed, waiting for the move-in date (innflytting)
  'follow-up', // open-ended follow-up in the home (oppfølging)
  'closed', // "not relevant" or "no place", person informed
  'exited', // follow-up ended (avslutning) with a reason
  'withdrawn', // consent withdrawn: the case stopped
] as const;
export type Stage = (typeof STAGES)[number];

export const TERMINAL_STAGES: readonly Stage[] = ['closed', 'exited', 'withdrawn'];

export function isTerminal(stage: Stage): boolean {
  return TERMINAL_STAGES.includes(stage);
}

/** Human-readable labels (bokmål) for the Web UI, emails and the API. */
export const STAGE_LABELS: Record<Stage, string> = {
  'first-review': 'Venter på første vurdering',
  'not-relevant': 'Ikke aktuell – personen skal informeres',
  mapping: 'Kartlegging',
  'second-review': 'Venter på andre vurdering',
  'no-place': 'Ingen plass – personen skal informeres',
  'waiting-for-place': 'Venteliste for plass',
  decision: 'Vedtak',
  housing: 'Boligfremskaffelse',
  'move-in': 'Innflytting',
  'follow-up': 'Oppfølging',
  closed: 'Avsluttet (ikke aktuell / ingen plass)',
  exited: 'Avsluttet',
  withdrawn: 'Samtykke trukket',
};
