/**
 * A workflow (a case, or a municipality's coordinator) whose workflow task keeps failing: it stands
 * still until a person looks. Sent once per failure streak (workflows/task-alert.ts).
 */
import { body, factLines, toAdministrator, type Template } from './common';

export const stuck: Template = (ctx) =>
  ctx.language === 'nb'
    ? {
        subject: `[Bolig først] Saken står fast: ${ctx.reference}`,
        text: toAdministrator(
          ctx,
          'En sak står fast. Programmet klarer ikke å behandle den: hvert nytt forsøk feiler. Ingen frister, påminnelser eller hendelser i saken går videre før feilen er rettet. Du får bare denne ene e-posten, selv om forsøkene fortsetter å feile.',
          [
            '1. Åpne saken i Temporal Web UI og se på feilen i den siste «Workflow Task Failed».',
            '2. Meld feilen til dem som drifter Bolig først. Når feilen er rettet, går saken videre av seg selv.',
          ],
        ),
      }
    : {
        subject: `[Bolig først] Case stuck: ${ctx.reference}`,
        text: body(ctx, [
          `A case in Bolig først (Housing First), ${ctx.municipalityName}, is stuck: every attempt to process it fails, so no deadline, reminder or event moves on until the fault is fixed. You get this one email however many attempts fail.`,
          '',
          `Case: ${ctx.reference}`,
          ctx.since && `Since: ${ctx.since}`,
          ...factLines(ctx),
          '',
          'What to do: open the case in the Temporal Web UI, read the error of the last "Workflow Task Failed", and report it to whoever runs Bolig først; once fixed, the case moves on by itself.',
        ]),
      };
