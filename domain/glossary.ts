/**
 * One term for one thing, in every text staff or the person reads: letters, staff emails, task
 * and stage names, archive entries. Each entry names the term we use and the variants we do not
 * (`test/unit/glossary.test.ts` renders every template and holds it against this list).
 * Plain data: workflow code may import it.
 */
export interface GlossaryEntry {
  /** The term we use (bokmål). */
  term: string;
  /** What it means, for a new colleague. */
  meaning: string;
  /** Variants that must not appear in any text we produce (matched without regard to case). */
  avoid: string[];
}

export const GLOSSARY: GlossaryEntry[] = [
  {
    term: 'vedtak',
    meaning: 'enkeltvedtak (forvaltningsloven § 2): the team lead decides which services the person gets',
    avoid: ['beslutning om tjenester', 'tildelingsbrev'],
  },
  {
    term: 'revurdering av vedtaket',
    meaning: 'the yearly (or earlier) review of a decision, which may give a new decision',
    avoid: ['ny vurdering av vedtaket', 'fornyet vurdering av vedtaket'],
  },
  {
    term: 'fravikelse',
    meaning: 'the legal term (tvangsfullbyrdelsesloven § 13-2) for being forced out of a home',
    avoid: ['utkastelse', 'utkastet', 'kastet ut'],
  },
  {
    term: 'fare for fravikelse',
    meaning: 'a warning, rent arrears or a notice that may end in fravikelse',
    avoid: ['risiko for fravikelse', 'risiko for utkastelse', 'fare for utkastelse'],
  },
  {
    term: 'over fristen',
    meaning: 'a task whose due date has passed',
    avoid: ['på overtid', 'forfalt oppgave'],
  },
  {
    term: 'Housing First-teamet',
    meaning: 'the team that follows the person up at home',
    avoid: ['HF-teamet', 'bolig først-teamet'],
  },
  {
    term: 'vurderingsteamet',
    meaning: 'the assessment team that reviews a referral twice',
    avoid: ['inntaksteamet', 'vurderingsgruppen'],
  },
  {
    term: 'henvisning',
    meaning: 'the referral from a caseworker at the person’s office',
    avoid: ['innsøking', 'søknad til Housing First'],
  },
  {
    term: 'kartlegging',
    meaning: 'the mapping the Housing First team does together with the person',
    avoid: ['utredning av behov'],
  },
  {
    term: 'avslutning av oppfølgingen',
    meaning: 'follow-up ends (exit)',
    avoid: ['utskrivning', 'avslutning av tjenesten'],
  },
  {
    term: 'ingen navn eller fødselsnummer',
    meaning: 'what staff emails leave out (a case reference is still personal data)',
    avoid: ['ingen personopplysninger'],
  },
  {
    term: 'Du trenger ikke å være rusfri',
    meaning: 'Housing First asks no sobriety or treatment first',
    avoid: ['Du må ikke være rusfri'],
  },
];

/** Codes that must never reach a text a person or the archive reads (English identifiers). */
export const ENGLISH_CODES = [
  'repeated-admissions',
  'neighbour-complaint',
  'rent-arrears',
  'eviction-warning',
  'eviction-executed',
  'no-longer-wants',
  'moved-away',
  'first-review',
  'second-review',
  'follow-up',
  'reserveUnit',
  'operation:',
];

/** Every avoided variant found in a text, for a clear test message. */
export function glossaryViolations(text: string): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (const e of GLOSSARY) {
    for (const a of e.avoid) if (lower.includes(a.toLowerCase())) found.push(`"${a}" (use "${e.term}")`);
  }
  return found;
}
