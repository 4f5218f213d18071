/** An incident: a call to an outside system failed past its retries or was refused; the case waits for a person. */
import { body, factLines, toAdministrator, type Template } from './common';

export const incident: Template = (ctx) =>
  ctx.language === 'nb'
    ? {
        subject: `[Bolig først] Feil mot et annet system i sak ${ctx.reference}`,
        text: toAdministrator(
          ctx,
          `En sak venter på deg. Et annet system svarte ikke, eller avviste det vi sendte. Saken er ikke stoppet: alt annet i saken går videre. Bare dette ene steget venter til feilen er rettet og du har prøvd på nytt.`,
          [
            '1. Finn ut hvorfor systemet feilet (driftsstatus, logg, eller spør leverandøren).',
            '2. Når feilen er rettet, åpne saken og velg «Prøv på nytt» på hendelsen,',
            `   eller send POST /referrals/${ctx.reference}/incidents/<hendelse>/retry.`,
          ],
        ),
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
