/**
 * Every event the API accepts on a case, as a form: who may send it, when the case's stage lets
 * the form be offered, its fields, and the body it sends. The API decides in the end (a 409 with
 * its sentence when the stage does not fit); this only keeps forms that cannot fit out of the way.
 */
import type { CaseView } from '../../../../domain/case';
import type { Stage } from '../../../../domain/stages';
import {
  CONTACT_KINDS,
  EVICTION_RISK_KINDS,
  EXIT_DESTINATIONS,
  EXIT_REASONS,
  type Role,
} from '../../../../domain/types';
import type { Texts } from '../../texts/nb';
import { appealForms } from './appeal-forms';
import { stepRoute } from './step-route';
import { consentForms, correctPersonForms, waitingReviewForms } from './case-forms';
import { leaseSecurityForms, privateRentalBody, privateRentalFields } from './lease-forms';

export interface FieldDef {
  name: string;
  label: string;
  /** `checkboxes`: several of `options`, held as their values joined by commas. */
  type: 'date' | 'text' | 'number' | 'select' | 'checkbox' | 'checkboxes' | 'textarea';
  options?: [string, string][];
  optional?: boolean;
  /** Where the API names this field in `errors[]`, when not at `name` (e.g. `privateRental.landlord.name`). */
  apiPath?: string;
  /** The value the form starts with, when not the type's own (today for dates, the first option). */
  initial?: string | boolean;
  /** Shown (and sent) only when this holds for the form's values. */
  showIf?: (v: Record<string, string | boolean>) => boolean;
}

export interface EventForm {
  key: string;
  title: string;
  path: string;
  roles: Role[];
  fields: FieldDef[];
  body: (v: Record<string, string | boolean>) => Record<string, unknown>;
}

const AFTER_FIRST_REVIEW: Stage[] = [
  'mapping',
  'second-review',
  'waiting-for-place',
  'decision',
  'housing',
  'move-in',
  'follow-up',
];
const ENDED: Stage[] = ['closed', 'exited', 'withdrawn'];
/** The decision's stage and those after it, where a revised decision may be made. */
const DECIDED: Stage[] = ['decision', 'housing', 'move-in', 'follow-up'];

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v.trim() : '');
const opt = (key: string, v: string | boolean | undefined) => (str(v) ? { [key]: str(v) } : {});
const optNum = (key: string, v: string | boolean | undefined) => (str(v) ? { [key]: Number(str(v)) } : {});
const list = (v: string | boolean | undefined) =>
  str(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The forms for this case, in the order of the pathway. */
export function eventForms(c: CaseView, t: Texts): EventForm[] {
  const e = t.events;
  const s = c.stage;
  const procuring = s === 'housing' || (s === 'follow-up' && c.housing.status === 'lost');
  const date = (name = 'date', label = e.date): FieldDef => ({ name, label, type: 'date' });
  const accepted = c.housing.offers.filter((o) => o.response?.accepted).at(-1);
  const forms: (EventForm | false)[] = [
    s === 'first-review' && {
      key: 'review1',
      title: e.reviewFirst,
      ...stepRoute('review'),
      fields: [
        {
          name: 'outcome',
          label: e.outcome,
          type: 'select',
          options: [
            ['relevant', e.relevant],
            ['not-relevant', e.notRelevant],
          ],
        },
        date('meetingDate', e.meetingDate),
        { name: 'notes', label: e.notes, type: 'textarea', optional: true },
      ],
      body: (v) => ({ round: 1, outcome: v.outcome, meetingDate: v.meetingDate, ...opt('notes', v.notes) }),
    },
    s === 'second-review' && {
      key: 'review2',
      title: e.reviewSecond,
      ...stepRoute('review'),
      fields: [
        {
          name: 'outcome',
          label: e.outcome,
          type: 'select',
          options: [
            ['place-offered', e.placeOffered],
            ['no-place', e.noPlace],
          ],
        },
        date('meetingDate', e.meetingDate),
        { name: 'reasons', label: e.reasonsRefusal, type: 'textarea', optional: true },
        { name: 'notes', label: e.notes, type: 'textarea', optional: true },
      ],
      body: (v) => ({
        round: 2,
        outcome: v.outcome,
        meetingDate: v.meetingDate,
        ...(v.outcome === 'no-place' ? opt('reasons', v.reasons) : {}),
        ...opt('notes', v.notes),
      }),
    },
    (s === 'not-relevant' || s === 'no-place') && {
      key: 'informed',
      title: e.informed,
      ...stepRoute('informed'),
      fields: [
        date(),
        { name: 'channel', label: e.channel, type: 'select', options: Object.entries(e.channels) },
      ],
      body: (v) => ({ date: v.date, channel: v.channel }),
    },
    s === 'mapping' && {
      key: 'mapping',
      title: e.mapping,
      ...stepRoute('mapping'),
      fields: [
        { name: 'followUpWorker', label: e.followUpWorker, type: 'text' },
        { name: 'areas', label: e.areas, type: 'text' },
        { name: 'type', label: e.housingType, type: 'text', optional: true },
        { name: 'needs', label: e.needs, type: 'text', optional: true },
        date('mapping', e.mappingForm),
        { name: 'baseline1', label: e.baseline1Form, type: 'date', optional: true },
        { name: 'baseline2', label: e.baseline2Form, type: 'date', optional: true },
        { name: 'mansaBaseline', label: e.mansaBaseline, type: 'number', optional: true },
      ],
      body: (v) => ({
        followUpWorker: str(v.followUpWorker),
        housingWishes: { areas: list(v.areas), ...opt('type', v.type), needs: list(v.needs) },
        forms: {
          ...opt('mapping', v.mapping),
          ...opt('baseline1', v.baseline1),
          ...opt('baseline2', v.baseline2),
        },
        ...optNum('mansaBaseline', v.mansaBaseline),
      }),
    },
    ...waitingReviewForms(c, t),
    // The first decision, and later a revised one (after a review, or an appeal granted).
    DECIDED.includes(s) && {
      key: 'decision',
      title: s === 'decision' ? e.decision : e.decisionRevised,
      ...stepRoute('decision'),
      fields: [
        { name: 'kind', label: e.serviceKind, type: 'text' },
        { name: 'hoursPerWeek', label: e.hoursPerWeek, type: 'number' },
        date(),
        { name: 'reviewBy', label: e.reviewBy, type: 'date', optional: true },
        { name: 'reasons', label: e.reasons, type: 'textarea' },
      ],
      body: (v) => ({
        services: [{ kind: str(v.kind), hoursPerWeek: Number(str(v.hoursPerWeek)) }],
        date: v.date,
        ...opt('reviewBy', v.reviewBy),
        reasons: str(v.reasons),
      }),
    },
    ...appealForms(c, t),
    procuring && {
      key: 'offer',
      title: e.offer,
      ...stepRoute('housingOffer'),
      fields: [
        { name: 'unitId', label: e.unitId, type: 'text' },
        { name: 'address', label: e.address, type: 'text' },
        { name: 'source', label: e.source, type: 'select', options: Object.entries(e.sources) },
        date('availableFrom', e.availableFrom),
      ],
      body: (v) => ({
        unitId: str(v.unitId),
        address: str(v.address),
        source: v.source,
        availableFrom: v.availableFrom,
      }),
    },
    ...(procuring
      ? c.housing.offers
          .filter((o) => !o.response)
          .map((o): EventForm => ({
            key: `response-${o.offerId}`,
            title: e.offerResponse(o.address),
            ...stepRoute('offerResponse', { offerId: o.offerId }),
            fields: [
              { name: 'accepted', label: e.accepted, type: 'checkbox' },
              { name: 'reason', label: e.reason, type: 'text', optional: true },
              date(),
            ],
            body: (v) => ({ accepted: v.accepted === true, ...opt('reason', v.reason), date: v.date }),
          }))
      : []),
    procuring && {
      // A form of its own per accepted offer: it starts from that offer's unit and landlord.
      key: accepted ? `lease-${accepted.offerId}` : 'lease',
      title: e.lease,
      ...stepRoute('lease'),
      fields: [
        { name: 'unitId', label: e.unitId, type: 'text', initial: accepted?.unitId },
        date('signedDate', e.signedDate),
        date('moveInDate', e.moveInDate),
        ...privateRentalFields(t, accepted?.source === 'private'),
      ],
      body: (v) => ({
        unitId: str(v.unitId),
        signedDate: v.signedDate,
        moveInDate: v.moveInDate,
        ...privateRentalBody(v),
      }),
    },
    ...leaseSecurityForms(c, t),
    (s === 'move-in' || (s === 'follow-up' && c.housing.status === 'lease-signed')) && {
      key: 'move-in',
      title: e.moveIn,
      ...stepRoute('moveIn'),
      fields: [date()],
      body: (v) => ({ date: v.date }),
    },
    s === 'follow-up' && {
      key: 'plans',
      title: e.plans,
      ...stepRoute('plans'),
      fields: [
        { name: 'followUpPlan', label: e.followUpPlan, type: 'date', optional: true },
        { name: 'safetyPlan', label: e.safetyPlan, type: 'date', optional: true },
      ],
      body: (v) => ({ ...opt('followUpPlan', v.followUpPlan), ...opt('safetyPlan', v.safetyPlan) }),
    },
    AFTER_FIRST_REVIEW.includes(s) && {
      key: 'contact',
      title: e.contact,
      ...stepRoute('contact'),
      fields: [
        date(),
        {
          name: 'kind',
          label: e.kind,
          type: 'select',
          options: CONTACT_KINDS.map((k) => [k, t.contactKinds[k]]),
        },
        { name: 'minutes', label: e.minutes, type: 'number', optional: true },
        { name: 'note', label: e.notes, type: 'textarea', optional: true },
      ],
      body: (v) => ({ date: v.date, kind: v.kind, ...optNum('minutes', v.minutes), ...opt('note', v.note) }),
    },
    s === 'follow-up' && {
      key: 'evaluation',
      title: e.evaluation,
      ...stepRoute('evaluation'),
      fields: [
        { name: 'milestone', label: e.milestone, type: 'number' },
        date(),
        { name: 'mansaScore', label: e.mansaScore, type: 'number', optional: true },
      ],
      body: (v) => ({
        milestone: Number(str(v.milestone)),
        date: v.date,
        ...optNum('mansaScore', v.mansaScore),
      }),
    },
    s === 'follow-up' && {
      key: 'risk',
      title: e.evictionRisk,
      ...stepRoute('evictionRisk'),
      fields: [
        {
          name: 'kind',
          label: e.kind,
          type: 'select',
          options: EVICTION_RISK_KINDS.map((k) => [k, t.riskKinds[k]]),
        },
        date(),
        { name: 'detail', label: e.detail, type: 'textarea', optional: true },
      ],
      body: (v) => ({ kind: v.kind, date: v.date, ...opt('detail', v.detail) }),
    },
    ...(s === 'follow-up'
      ? c.evictionRisks
          .filter((r) => !r.actionPlan)
          .map((r): EventForm => ({
            key: `plan-${r.riskId}`,
            title: e.actionPlan(t.riskKinds[r.kind as keyof typeof t.riskKinds] ?? r.kind),
            ...stepRoute('actionPlan', { riskId: r.riskId }),
            fields: [date(), { name: 'summary', label: e.summary, type: 'textarea' }],
            body: (v) => ({ date: v.date, summary: str(v.summary) }),
          }))
      : []),
    s === 'follow-up' &&
      c.housing.status === 'housed' && {
        key: 'lost',
        title: e.housingLost,
        ...stepRoute('housingLost'),
        fields: [date(), { name: 'reason', label: e.reason.replace(/ \(.*\)$/, ''), type: 'text' }],
        body: (v) => ({ date: v.date, reason: str(v.reason) }),
      },
    !ENDED.includes(s) &&
      s !== 'not-relevant' &&
      s !== 'no-place' && {
        key: 'exit',
        title: e.exit,
        ...stepRoute('exit'),
        fields: [
          {
            name: 'reason',
            label: e.reason.replace(/ \(.*\)$/, ''),
            type: 'select',
            options: EXIT_REASONS.map((r) => [r, t.exitReasons[r]]),
          },
          date(),
          {
            name: 'destination',
            label: e.exitDestination,
            type: 'select',
            optional: true,
            options: [
              ['', e.exitDestinationNone],
              ...EXIT_DESTINATIONS.map((d): [string, string] => [d, t.exitDestinations[d]]),
            ],
          },
          { name: 'reasons', label: e.reasonsEnding, type: 'textarea', optional: true },
        ],
        body: (v) => ({
          reason: v.reason,
          date: v.date,
          ...(v.reason === 'transferred' ? opt('destination', v.destination) : {}),
          ...opt('reasons', v.reasons),
        }),
      },
    !ENDED.includes(s) && {
      key: 'withdraw',
      title: e.consentWithdrawal,
      ...stepRoute('consentWithdrawal'),
      fields: [date()],
      body: (v) => ({ date: v.date }),
    },
    ...consentForms(c, t),
    ...correctPersonForms(c, t),
  ];
  return forms.filter((f): f is EventForm => Boolean(f));
}
