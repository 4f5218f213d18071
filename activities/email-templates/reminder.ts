/** A reminder to the team lead: something on a case is due or overdue. */
import { body, type Template } from './common';

export const reminder: Template = (ctx) =>
  ctx.language === 'nb'
    ? {
        subject: `[Bolig først] Påminnelse: ${ctx.topic} (sak ${ctx.reference})`,
        text: body(ctx, [
          `Påminnelse fra Bolig først, ${ctx.municipalityName}.`,
          '',
          `Sak: ${ctx.reference}`,
          `Gjelder: ${ctx.topic}`,
          ctx.stage && `Status: ${ctx.stage}`,
          ctx.since && `Venter siden: ${ctx.since}`,
          ctx.dueAt && `Frist: ${ctx.dueAt}`,
        ]),
      }
    : {
        subject: `[Bolig først] Reminder: ${ctx.topic} (case ${ctx.reference})`,
        text: body(ctx, [
          `Reminder from Bolig først (Housing First), ${ctx.municipalityName}.`,
          '',
          `Case: ${ctx.reference}`,
          `About: ${ctx.topic}`,
          ctx.stage && `Stage: ${ctx.stage}`,
          ctx.since && `Waiting since: ${ctx.since}`,
          ctx.dueAt && `Due: ${ctx.dueAt}`,
        ]),
      };
