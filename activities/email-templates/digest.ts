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

/** A case in follow-up whose delivered hours stayed short of what the decision grants. */
export interface IntensityRow {
  reference: string;
  office: string;
  grantedHours: number;
  /** Hours delivered in each week looked at, oldest first. */
  deliveredHours: number[];
  link: string;
}

export interface DigestContext {
  language: Language;
  municipalityName: string;
  asOf: string;
  overdue: DigestRow[];
  dueSoon: DigestRow[];
  shortOfDecision?: IntensityRow[];
  intensity?: { minShare: number; weeks: number };
}

function hours(n: number, L: Language): string {
  return n.toLocaleString(L === 'nb' ? 'nb-NO' : 'en-GB');
}

function intensityRows(list: IntensityRow[], L: Language): string[] {
  if (list.length === 0) return [L === 'nb' ? '  (ingen)' : '  (none)'];
  return list.flatMap((r) => [
    L === 'nb'
      ? `  • ${r.reference} (${r.office}): vedtak ${hours(r.grantedHours, L)} t/uke, levert ${r.deliveredHours.map((h) => hours(h, L)).join(' – ')} t`
      : `  • ${r.reference} (${r.office}): decision ${hours(r.grantedHours, L)} h/week, delivered ${r.deliveredHours.map((h) => hours(h, L)).join(' – ')} h`,
    `    ${r.link}`,
  ]);
}

function intensitySection(ctx: DigestContext): string[] {
  if (!ctx.intensity || !ctx.shortOfDecision) return [];
  const L = ctx.language;
  const share = Math.round(ctx.intensity.minShare * 100);
  return [
    '',
    L === 'nb'
      ? `Oppfølging under ${share} % av vedtaket de siste ${ctx.intensity.weeks} hele ukene (${ctx.shortOfDecision.length}):`
      : `Follow-up below ${share} % of the decision in each of the last ${ctx.intensity.weeks} whole weeks (${ctx.shortOfDecision.length}):`,
    ...intensityRows(ctx.shortOfDecision, L),
  ];
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
          ...intensitySection(ctx),
        ]
      : [
          `Weekly overview from Bolig først (Housing First), ${ctx.municipalityName}, as of ${ctx.asOf}.`,
          '',
          `Overdue (${ctx.overdue.length}):`,
          ...rows(ctx.overdue, L),
          '',
          `Due in the next seven days (${ctx.dueSoon.length}):`,
          ...rows(ctx.dueSoon, L),
          ...intensitySection(ctx),
        ];
  return {
    subject:
      L === 'nb'
        ? `[Bolig først] Ukeoversikt: ${ctx.overdue.length} over fristen, ${ctx.dueSoon.length} med frist denne uken`
        : `[Bolig først] Weekly overview: ${ctx.overdue.length} overdue, ${ctx.dueSoon.length} due this week`,
    text: [...text, '', NO_PERSONAL_DATA[L], SIGNATURE[L]].join('\n'),
  };
}
