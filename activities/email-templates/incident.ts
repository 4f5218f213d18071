/** An incident: a call to an outside system failed past its retries or was refused; the case waits for a person. */
import { body, factLines, type Template } from './common';

export const incident: Template = (ctx) =>
  ctx.language === 'nb'
    ? {
        subject: `[Bolig først] Hendelse: ${ctx.topic} (sak ${ctx.reference})`,
        text: body(ctx, [
          `En sak i Bolig først, ${ctx.municipalityName}, venter på en person: et kall til et annet system feilet. Saken er ikke stoppet; den fortsetter når feilen er rettet og kallet prøvd på nytt (POST /referrals/${ctx.reference}/incidents/…/retry).`,
          '',
          `Sak: ${ctx.reference}`,
          `Gjelder: ${ctx.topic}`,
          ctx.since && `Siden: ${ctx.since}`,
          ctx.facts.length > 0 && 'Detaljer:',
          ...factLines(ctx),
        ]),
      }
    : {
        subject: `[Bolig først] Incident: ${ctx.topic} (case ${ctx.reference})`,
        text: body(ctx, [
          `A case in Bolig først (Housing First), ${ctx.municipalityName}, is waiting for a person: a call to another system failed. The case has not stopped; it goes on once the fault is fixed and the call retried (POST /referrals/${ctx.reference}/incidents/…/retry).`,
          '',
          `Case: ${ctx.reference}`,
          `About: ${ctx.topic}`,
          ctx.since && `Since: ${ctx.since}`,
          ctx.facts.length > 0 && 'Details:',
          ...factLines(ctx),
        ]),
      };
