/**
 * What every staff email template gets, and the shared wording. Email is not a confidential
 * channel: templates receive only references, task and stage labels, dates and links, never the
 * person (the context type has no field that could hold a name or a national identity number).
 */
export type Language = 'nb' | 'en';

export interface MailContext {
  language: Language;
  /** The case ID, or the municipality ID for programme-level mail. */
  reference: string;
  municipalityName: string;
  /** What the mail is about, in the mail's language (task, alert or milestone label). */
  topic: string;
  stage?: string;
  /** Formatted in the municipality's time zone. */
  dueAt?: string;
  since?: string;
  link?: string;
  facts: [string, string][];
}

export interface RenderedMail {
  subject: string;
  text: string;
}

export type Template = (ctx: MailContext) => RenderedMail;

export const SIGNATURE: Record<Language, string> = {
  nb: '— Bolig først (automatisk melding; svar ikke på denne e-posten)',
  en: '— Bolig først (automatic message; do not reply to this email)',
};

export const NO_PERSONAL_DATA: Record<Language, string> = {
  nb: 'Av hensyn til taushetsplikten står det ingen navn eller fødselsnummer i denne e-posten. Saksnummeret er likevel en personopplysning: ikke send e-posten videre. Åpne saken for detaljer.',
  en: 'To keep confidentiality, this email holds no name or national identity number. The case reference is still personal data: do not forward this email. Open the case for details.',
};

/** Joins the lines that are present, then the link, the privacy note and the signature. */
export function body(ctx: MailContext, lines: (string | false | undefined)[]): string {
  const L = ctx.language;
  const link = ctx.link ? (L === 'nb' ? `Åpne saken: ${ctx.link}` : `Open the case: ${ctx.link}`) : undefined;
  return [...lines.filter(Boolean), '', link, '', NO_PERSONAL_DATA[L], SIGNATURE[L]]
    .filter((l) => l !== undefined)
    .join('\n');
}

export function factLines(ctx: MailContext): string[] {
  return ctx.facts.map(([k, v]) => `  ${k}: ${v}`);
}

/**
 * A message in bokmål to the municipality's administrator of Bolig først: who it is for, what
 * happened, the case and its facts, and what to do, step by step.
 */
export function toAdministrator(ctx: MailContext, what: string, steps: string[]): string {
  return body(ctx, [
    `Til systemansvarlig for Bolig først i ${ctx.municipalityName}:`,
    '',
    what,
    '',
    `Sak: ${ctx.reference}`,
    ctx.since && `Siden: ${ctx.since}`,
    ...factLines(ctx),
    '',
    'Slik gjør du:',
    ...steps,
  ]);
}
