/** A programme milestone (evaluation, midway report, end of project period, fidelity self-assessment) for the project group. */
import { body, factLines, type Template } from './common';

export const milestone: Template = (ctx) =>
  ctx.language === 'nb'
    ? {
        subject: `[Bolig først] Milepæl: ${ctx.topic} (${ctx.municipalityName})`,
        text: body(ctx, [
          `Milepæl i Bolig først, ${ctx.municipalityName}: ${ctx.topic}.`,
          ctx.dueAt && `Dato: ${ctx.dueAt}`,
          ctx.facts.length > 0 && '',
          ctx.facts.length > 0 && 'Resultater for perioden:',
          ...factLines(ctx),
        ]),
      }
    : {
        subject: `[Bolig først] Milestone: ${ctx.topic} (${ctx.municipalityName})`,
        text: body(ctx, [
          `Milestone in Bolig først (Housing First), ${ctx.municipalityName}: ${ctx.topic}.`,
          ctx.dueAt && `Date: ${ctx.dueAt}`,
          ctx.facts.length > 0 && '',
          ctx.facts.length > 0 && 'Outcomes for the period:',
          ...factLines(ctx),
        ]),
      };
