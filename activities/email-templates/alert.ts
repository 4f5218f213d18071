/** An urgent alert (eviction risk reported, eviction carried out, housing lost): sent at once. */
import { body, type Template } from './common';

export const alert: Template = (ctx) =>
  ctx.language === 'nb'
    ? {
        subject: `[Bolig først] HASTER: ${ctx.topic} (sak ${ctx.reference})`,
        text: body(ctx, [
          `Varsel fra Bolig først, ${ctx.municipalityName}. Saken trenger handling nå.`,
          '',
          `Sak: ${ctx.reference}`,
          `Hendelse: ${ctx.topic}`,
          ctx.since && `Meldt: ${ctx.since}`,
          ctx.dueAt && `Tiltaksplan innen: ${ctx.dueAt}`,
          ctx.stage && `Status: ${ctx.stage}`,
        ]),
      }
    : {
        subject: `[Bolig først] URGENT: ${ctx.topic} (case ${ctx.reference})`,
        text: body(ctx, [
          `Alert from Bolig først (Housing First), ${ctx.municipalityName}. The case needs action now.`,
          '',
          `Case: ${ctx.reference}`,
          `Event: ${ctx.topic}`,
          ctx.since && `Reported: ${ctx.since}`,
          ctx.dueAt && `Action plan due: ${ctx.dueAt}`,
          ctx.stage && `Stage: ${ctx.stage}`,
        ]),
      };
