/** An escalation to the unit leader: a reminder went unanswered. */
import { body, type Template } from './common';

export const escalation: Template = (ctx) =>
  ctx.language === 'nb'
    ? {
        subject: `[Bolig først] Eskalering: ${ctx.topic} (sak ${ctx.reference})`,
        text: body(ctx, [
          `Eskalering fra Bolig først, ${ctx.municipalityName}: fristen er passert, og påminnelsen til teamleder er ikke fulgt opp.`,
          '',
          `Sak: ${ctx.reference}`,
          `Gjelder: ${ctx.topic}`,
          ctx.stage && `Status: ${ctx.stage}`,
          ctx.since && `Venter siden: ${ctx.since}`,
          ctx.dueAt && `Frist var: ${ctx.dueAt}`,
        ]),
      }
    : {
        subject: `[Bolig først] Escalation: ${ctx.topic} (case ${ctx.reference})`,
        text: body(ctx, [
          `Escalation from Bolig først (Housing First), ${ctx.municipalityName}: the deadline has passed and the team lead's reminder was not acted on.`,
          '',
          `Case: ${ctx.reference}`,
          `About: ${ctx.topic}`,
          ctx.stage && `Stage: ${ctx.stage}`,
          ctx.since && `Waiting since: ${ctx.since}`,
          ctx.dueAt && `Was due: ${ctx.dueAt}`,
        ]),
      };
