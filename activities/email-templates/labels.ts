/** Labels for the topics a notification names (task kinds, alerts, incidents), in both languages. */
import type { Language } from './common';

const TOPICS: Record<string, Record<Language, string>> = {
  'first-review': { nb: 'første vurdering i vurderingsteamet', en: "the assessment team's first review" },
  'inform-person': { nb: 'informere personen om utfallet', en: 'telling the person the outcome' },
  mapping: { nb: 'kartlegging', en: 'mapping (kartlegging)' },
  'second-review': { nb: 'andre vurdering i vurderingsteamet', en: "the assessment team's second review" },
  decision: { nb: 'vedtak om oppfølging', en: 'the decision (vedtak)' },
  housing: { nb: 'boligfremskaffelse', en: 'finding housing' },
  'move-in': { nb: 'innflytting', en: 'move-in' },
  plans: {
    nb: 'oppfølgingsplan og trygghetsplan etter innflytting',
    en: 'follow-up and safety plans after move-in',
  },
  contact: { nb: 'kontakt med personen', en: 'contact with the person' },
  evaluation: { nb: 'evaluering (milepæl)', en: 'evaluation (milestone)' },
  'action-plan': { nb: 'tiltaksplan ved risiko for utkastelse', en: 'action plan for an eviction risk' },
  'decision-review': { nb: 'ny vurdering av vedtaket', en: 'review of the decision' },
  'ask-nav-consent': { nb: 'spørre om samtykke til å varsle NAV', en: 'asking for consent to tell NAV' },
  'ask-specialist-health-consent': {
    nb: 'spørre om samtykke til å informere spesialisthelsetjenesten',
    en: 'asking for consent to inform the specialist health service',
  },
  incident: { nb: 'et kall til et annet system feilet', en: 'a call to another system failed' },
  'rent-arrears': { nb: 'husleierestanse meldt', en: 'rent arrears reported' },
  'neighbour-complaint': { nb: 'klage fra naboer meldt', en: 'neighbour complaint reported' },
  'eviction-warning': { nb: 'varsel om utkastelse', en: 'eviction warning' },
  'eviction-petition': { nb: 'begjæring om utkastelse', en: 'eviction petition' },
  'eviction-executed': { nb: 'utkastelse gjennomført', en: 'eviction carried out' },
  'housing-lost': { nb: 'boligen er mistet', en: 'housing lost' },
  archive: { nb: 'arkivet (Noark 5 / Fiks Arkiv)', en: 'the archive (Noark 5 / Fiks Arkiv)' },
  svarut: { nb: 'brev via SvarUt', en: 'letters through SvarUt' },
  care: { nb: 'fagsystemet (pleie og omsorg)', en: 'the care case system' },
  nav: { nb: 'varsel til NAV', en: 'notice to NAV' },
  email: { nb: 'e-post', en: 'email' },
  urgent: { nb: 'hastevarsel (e-post)', en: 'urgent alert (email)' },
  letters: { nb: 'brev via SvarUt', en: 'letters through SvarUt' },
  parties: {
    nb: 'varsel til NAV eller spesialisthelsetjenesten',
    en: 'notice to NAV or the specialist health service',
  },
  'specialist-health': {
    nb: 'varsel til spesialisthelsetjenesten',
    en: 'notice to the specialist health service',
  },
  places: { nb: 'tildeling av plass', en: 'allocation of places' },
};

/** Every topic a message can name has a label (test/unit/email.test.ts checks the pathway's). */
export const TOPIC_KEYS = (): string[] => Object.keys(TOPICS);

export function topicLabel(topic: string, language: Language): string {
  return TOPICS[topic]?.[language] ?? topic;
}
