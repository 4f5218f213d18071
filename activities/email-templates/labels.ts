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
  'action-plan': { nb: 'tiltaksplan ved fare for fravikelse', en: 'action plan for an eviction risk' },
  'decision-review': { nb: 'revurdering av vedtaket', en: 'review of the decision' },
  'waiting-review': {
    nb: 'gjennomgang av saken på ventelisten',
    en: 'review of a case on the waiting list',
  },
  'ask-nav-consent': { nb: 'spørre om samtykke til å varsle NAV', en: 'asking for consent to tell NAV' },
  'ask-specialist-health-consent': {
    nb: 'spørre om samtykke til å informere spesialisthelsetjenesten',
    en: 'asking for consent to inform the specialist health service',
  },
  'lease-security': {
    nb: 'depositum eller garanti på plass for leieforholdet',
    en: 'the deposit or guarantee for the lease in place',
  },
  'appeal-window': { nb: 'klagefristen for vedtaket', en: 'the appeal window of the decision' },
  'appeal-review': {
    nb: 'klage på vedtaket: teamleders egen vurdering',
    en: 'an appeal on the decision: the team lead’s own review',
  },
  'appeal-outcome': {
    nb: 'klagen er hos Statsforvalteren: registrer utfallet',
    en: 'the appeal is with Statsforvalteren: record the outcome',
  },
  incident: { nb: 'et kall til et annet system feilet', en: 'a call to another system failed' },
  'stuck-workflow': { nb: 'saken står fast', en: 'the case is stuck' },
  'rent-arrears': { nb: 'husleierestanse meldt', en: 'rent arrears reported' },
  'neighbour-complaint': { nb: 'klage fra naboer meldt', en: 'neighbour complaint reported' },
  'eviction-warning': { nb: 'varsel om fravikelse', en: 'eviction warning' },
  'eviction-petition': { nb: 'begjæring om fravikelse', en: 'eviction petition' },
  'eviction-executed': { nb: 'fravikelse gjennomført', en: 'eviction carried out' },
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

/** The outside systems an incident names, as an administrator calls them. */
const SYSTEMS: Record<string, Record<Language, string>> = {
  email: { nb: 'e-post (SMTP)', en: 'email (SMTP)' },
  urgent: { nb: 'e-post (SMTP), hastevarsler', en: 'email (SMTP), urgent alerts' },
  archive: { nb: 'arkivet (Fiks Arkiv)', en: 'the archive (Fiks Arkiv)' },
  letters: { nb: 'SvarUt (brev til personen)', en: 'SvarUt (letters to the person)' },
  care: { nb: 'fagsystemet for helse og omsorg', en: 'the care case system' },
  parties: { nb: 'NAV eller spesialisthelsetjenesten', en: 'NAV or the specialist health service' },
  housing: { nb: 'boligsystemet', en: 'the housing system' },
  places: { nb: 'plassfordelingen i Bolig først', en: 'the allocation of places' },
};

/** What the failed call was meant to do. */
const OPERATIONS: Record<string, Record<Language, string>> = {
  sendNotification: { nb: 'sende e-post til de ansatte', en: 'send an email to staff' },
  archiveCaseFile: { nb: 'opprette saksmappen i arkivet', en: 'create the case file in the archive' },
  archiveJournalEntry: { nb: 'journalføre et dokument i arkivet', en: 'file a document in the archive' },
  sendLetter: { nb: 'sende brev til personen', en: 'send a letter to the person' },
  awaitLetterDelivery: { nb: 'følge brevet til det er levert', en: 'follow the letter until delivered' },
  registerDecision: {
    nb: 'registrere vedtaket i fagsystemet',
    en: 'register the decision in the care system',
  },
  notifyParty: {
    nb: 'sende varsel til NAV eller spesialisthelsetjenesten',
    en: 'notify NAV or specialist health',
  },
  reserveUnit: { nb: 'reservere boligen i boligsystemet', en: 'reserve the unit in the housing system' },
  registerLease: {
    nb: 'registrere leiekontrakten i boligsystemet',
    en: 'register the lease in the housing system',
  },
  requestPlace: { nb: 'be om plass i Bolig først', en: 'request a place' },
  releasePlace: { nb: 'frigi plassen i Bolig først', en: 'release the place' },
  confirmPlace: {
    nb: 'bekrefte plassen på ventelisten i Bolig først',
    en: 'confirm the place on the waiting list',
  },
};

const FACT_KEYS: Record<string, Record<Language, string>> = {
  incident: { nb: 'Hendelse', en: 'Incident' },
  workflow: { nb: 'Workflow-ID i Temporal', en: 'Workflow ID in Temporal' },
  system: { nb: 'System', en: 'System' },
  operation: { nb: 'Dette feilet', en: 'What failed' },
  risk: { nb: 'Type fare for fravikelse', en: 'Kind of eviction risk' },
  event: { nb: 'Hendelse', en: 'Event' },
  milestoneMonths: { nb: 'Måneder etter innflytting', en: 'Months after move-in' },
  from: { nb: 'Fra', en: 'From' },
  to: { nb: 'Til', en: 'To' },
  referred: { nb: 'Henvist', en: 'Referred' },
  housed: { nb: 'Flyttet inn i egen bolig', en: 'Housed' },
  inFollowUp: { nb: 'I oppfølging nå', en: 'In follow-up now' },
  housingStability12m: {
    nb: 'Bor fortsatt i boligen etter 12 måneder (andel)',
    en: 'Still housed after 12 months (share)',
  },
  medianDaysReferralToMoveIn: {
    nb: 'Dager fra henvisning til innflytting (median)',
    en: 'Days from referral to move-in (median)',
  },
};

const EXIT_REASONS: Record<string, Record<Language, string>> = {
  'no-longer-wants': { nb: 'ønsker ikke lenger oppfølging', en: 'no longer wants follow-up' },
  'moved-away': { nb: 'flyttet fra kommunen', en: 'moved away' },
  transferred: { nb: 'overført til en annen tjeneste', en: 'transferred' },
  deceased: { nb: 'død', en: 'deceased' },
};

/** A fact of a message (`system: housing`) as the reader should see it (`System: boligsystemet`). */
export function factLabel(key: string, value: string, language: Language): [string, string] {
  if (key.startsWith('exits.')) {
    const reason = key.slice('exits.'.length);
    const r = EXIT_REASONS[reason]?.[language] ?? reason;
    return [language === 'nb' ? `Avsluttet, ${r}` : `Exits, ${r}`, value];
  }
  if (value === 'n/a' && language === 'nb') value = 'ikke beregnet ennå';
  const label = FACT_KEYS[key]?.[language] ?? key;
  const shown =
    key === 'system'
      ? (SYSTEMS[value]?.[language] ?? value)
      : key === 'operation'
        ? (OPERATIONS[value]?.[language] ?? value)
        : key === 'risk' || key === 'event'
          ? topicLabel(value, language)
          : value;
  return [label, shown];
}
