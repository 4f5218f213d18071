/**
 * The forms of an appeal on a decision (domain/steps/appeal*.ts): the appeal received, the team
 * lead's own review of it, and Statsforvalteren's outcome when the appeal was sent on. Offered in
 * the stages the steps name (a decision made, the case running), one review or outcome form per
 * appeal waiting for it. The API decides in the end (a 409 or a field error with its sentence).
 */
import { stepRoute } from './step-route';
import type { CaseView } from '../../../../domain/case';
import { APPEAL_REVIEW_OUTCOMES, STATSFORVALTEREN_OUTCOMES } from '../../../../domain/appeals';
import type { Stage } from '../../../../domain/stages';
import { date as showDate } from '../../format';
import type { Texts } from '../../texts/nb';
import type { EventForm } from './events';

/** The stages of domain/steps/appeal.ts, appeal-review.ts and appeal-outcome.ts. */
const APPEAL_STAGES: readonly Stage[] = ['housing', 'move-in', 'follow-up'];

const text = (v: string | boolean | undefined) => (typeof v === 'string' ? v.trim() : '');

export function appealForms(c: CaseView, t: Texts): EventForm[] {
  const e = t.events;
  if (!APPEAL_STAGES.includes(c.stage) || !c.decision) return [];
  const appeals = c.appeals ?? [];
  const forms: EventForm[] = [];
  // One appeal at a time: a new one is offered when none is under way.
  if (appeals.every((a) => a.status === 'closed'))
    forms.push({
      key: 'appeal',
      title: e.appeal,
      ...stepRoute('appeal'),
      fields: [
        { name: 'receivedDate', label: e.appealReceived, type: 'date' },
        { name: 'summary', label: e.appealSummary, type: 'textarea', optional: true },
      ],
      body: (v) => ({
        receivedDate: v.receivedDate,
        ...(text(v.summary) ? { summary: text(v.summary) } : {}),
      }),
    });
  for (const a of appeals) {
    if (a.status === 'team-lead-review')
      forms.push({
        key: `appeal-review-${a.appealId}`,
        title: e.appealReview(a.appealId, showDate(a.receivedDate, t.lang)),
        ...stepRoute('appealReview'),
        fields: [
          {
            name: 'outcome',
            label: e.appealReviewOutcome,
            type: 'select',
            // Only a late appeal can be dismissed.
            options: APPEAL_REVIEW_OUTCOMES.filter((o) => o !== 'dismissed' || a.late).map((o) => [
              o,
              e.appealReviewOutcomes[o],
            ]),
          },
          { name: 'date', label: e.date, type: 'date' },
          { name: 'reasons', label: e.appealReviewReasons, type: 'textarea' },
        ],
        body: (v) => ({ appealId: a.appealId, outcome: v.outcome, date: v.date, reasons: text(v.reasons) }),
      });
    if (a.status === 'at-statsforvalteren')
      forms.push({
        key: `appeal-outcome-${a.appealId}`,
        title: e.appealOutcome(a.appealId),
        ...stepRoute('appealOutcome'),
        fields: [
          {
            name: 'outcome',
            label: e.appealOutcomeOutcome,
            type: 'select',
            options: STATSFORVALTEREN_OUTCOMES.map((o) => [o, e.appealOutcomes[o]]),
          },
          { name: 'date', label: e.date, type: 'date' },
          { name: 'note', label: e.appealOutcomeNote, type: 'textarea', optional: true },
        ],
        body: (v) => ({
          appealId: a.appealId,
          outcome: v.outcome,
          date: v.date,
          ...(text(v.note) ? { note: text(v.note) } : {}),
        }),
      });
  }
  return forms;
}
