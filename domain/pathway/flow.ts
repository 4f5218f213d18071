/**
 * The pathway as a graph: which event (or message) moves a case from one stage to the next. The
 * diagram (diagram/: BPMN 2.0 and SVG) is drawn from this table and from STAGES, and
 * test/unit/diagram.test.ts plays the pathway's own rules from every stage to find each stage
 * change they can make: one missing here (or from the diagram) fails that test.
 */
import { isTerminal, STAGES, type Stage } from '../stages';
import type { StepName } from '../steps';

/** A step of the pathway (its update's name, domain/steps/), or the places coordinator's signal. */
export type FlowTrigger = StepName | 'placeGranted';

export interface Transition {
  from: Stage;
  to: Stage;
  by: FlowTrigger;
  /** What the diagram writes on the arrow (bokmål). */
  label: string;
}

/** Stages an exit (avslutning) may end: every open stage but the two "inform the person" ones. */
const EXIT_FROM = STAGES.filter((s) => !isTerminal(s) && s !== 'not-relevant' && s !== 'no-place');
/** A consent withdrawal stops any open case. */
const WITHDRAW_FROM = STAGES.filter((s) => !isTerminal(s));

export const TRANSITIONS: readonly Transition[] = [
  { from: 'first-review', to: 'mapping', by: 'review', label: 'Aktuell' },
  { from: 'first-review', to: 'not-relevant', by: 'review', label: 'Ikke aktuell' },
  { from: 'not-relevant', to: 'closed', by: 'informed', label: 'Personen informert' },
  { from: 'mapping', to: 'second-review', by: 'mapping', label: 'Kartlegging ferdig' },
  { from: 'second-review', to: 'waiting-for-place', by: 'review', label: 'Plass tilbys' },
  { from: 'second-review', to: 'no-place', by: 'review', label: 'Ingen plass' },
  { from: 'no-place', to: 'closed', by: 'informed', label: 'Personen informert' },
  { from: 'waiting-for-place', to: 'decision', by: 'placeGranted', label: 'Plass ledig' },
  { from: 'decision', to: 'housing', by: 'decision', label: 'Vedtak fattet' },
  { from: 'housing', to: 'move-in', by: 'lease', label: 'Leiekontrakt signert' },
  { from: 'move-in', to: 'follow-up', by: 'moveIn', label: 'Flyttet inn' },
  // Separation of housing and services: losing the home keeps the case in follow-up.
  { from: 'follow-up', to: 'follow-up', by: 'housingLost', label: 'Bolig mistet: ny bolig skaffes' },
  ...EXIT_FROM.map((from): Transition => ({ from, to: 'exited', by: 'exit', label: 'Avslutning' })),
  ...WITHDRAW_FROM.map((from): Transition => ({
    from,
    to: 'withdrawn',
    by: 'consentWithdrawal',
    label: 'Samtykke trukket',
  })),
];
