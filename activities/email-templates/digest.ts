/** The weekly digest to a municipality's team lead: every open task that is overdue or due within a week. */
import { NO_PERSONAL_DATA, SIGNATURE, type Language, type RenderedMail } from './common';

export interface DigestRow {
  reference: string;
  task: string;
  office: string;
  due: string;
  /** For overdue rows: whole days past due. */
  daysOverdue?: number;
  link: string;
}

export interface DigestContext {
  language: Language;
  municipalityName: string;
  asOf: string;
  overdue: DigestRow[];
  dueSoon: DigestRow[];
}

function rows(list: DigestRow[], L: Language): string[] {
  if (list.length === 0) return [L === 'nb' ? '  (ingen)' : '  (none)'];
  return list.flatMap((r) => [
    `  • ${r.reference}: ${r.task} (${r.office}), ${L === 'nb' ? 'frist' : 'due'} ${r.due}` +
      (r.daysOverdue !== undefined
        ? L === 'nb'
          ? `, ${r.daysOverdue} dager over fristen`
          : `, ${r.daysOverdue} days overdue`
        : ''),
    `    ${r.link}`,
  ]);
}

export function digest(ctx: DigestContext): RenderedMail {
  const L = ctx.language;
  const text =
    L === 'nb'
      ? [
          `Ukeoversikt fra Bolig først, ${ctx.municipalityName}, per ${ctx.asOf}.`,
          '',
          `Over fristen (${ctx.overdue.length}):`,
          ...rows(ctx.overdue, L),
          '',
          `Frist de neste sju dagene (${ctx.dueSoon.length}):`,
          ...rows(ctx.dueSoon, L),
        ]
      : [
          `Weekly overview from Bolig først (Housing First), ${ctx.municipalityName}, as of ${ctx.asOf}.`,
          '',
          `Overdue (${ctx.overdue.length}):`,
          ...rows(ctx.overdue, L),
          '',
          `Due in the next seven days (${ctx.dueSoon.length}):`,
          ...rows(ctx.dueSoon, L),
        ];
  return {
    subject:
      L === 'nb'
        ? `[Bolig først] Ukeoversikt: ${ctx.overdue.length} over fristen, ${ctx.dueSoon.length} med frist denne uken`
        : `[Bolig først] Weekly overview: ${ctx.overdue.length} overdue, ${ctx.dueSoon.length} due this week`,
    text: [...text, '', NO_PERSONAL_DATA[L], SIGNATURE[L]].join('\n'),
  };
}
