/**
 * One term for one thing: every template a person or a member of staff reads (letters, staff
 * emails, task and stage names, archive entries) is rendered here and held against the glossary
 * (`domain/glossary.ts`): none of the variants it rules out, and no English code in a text the
 * person or the archive reads.
 */
import { JOURNAL_KINDS } from '../../activities/archive';
import { alert } from '../../activities/email-templates/alert';
import type { MailContext } from '../../activities/email-templates/common';
import { digest } from '../../activities/email-templates/digest';
import { escalation } from '../../activities/email-templates/escalation';
import { incident } from '../../activities/email-templates/incident';
import { factLabel, TOPIC_KEYS, topicLabel } from '../../activities/email-templates/labels';
import { milestone } from '../../activities/email-templates/milestone';
import { reminder } from '../../activities/email-templates/reminder';
import { letterContent } from '../../activities/letter-texts';
import type { PdfContent } from '../../activities/pdf';
import { ENGLISH_CODES, GLOSSARY, glossaryViolations } from '../../domain/glossary';
import { TASK_KINDS } from '../../domain/pathway/state';
import {
  actionPlanJournal,
  decisionJournal,
  exitJournal,
  referralJournal,
  reviewJournal,
  withdrawalJournal,
} from '../../domain/pathway/texts';
import { STAGE_LABELS } from '../../domain/stages';
import { EVICTION_RISK_KINDS } from '../../domain/types';
import { municipalities } from '../support/fixtures';

const flat = (c: PdfContent) =>
  [c.title, ...c.letterhead, ...c.sections.flatMap((s) => [s.heading ?? '', ...s.paragraphs.flat()])].join(
    '\n',
  );

const decision = {
  date: '2026-03-03',
  services: [{ kind: 'oppfolging-i-hjemmet', hoursPerWeek: 6 }],
  reasons: 'Du har bodd ute siden i sommer og ønsker hjelp hjemme.',
  decidedBy: { name: 'Siri Teamleder' },
};

function letters(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ['stavanger', 'sandnes', 'bergen']) {
    const profile = municipalities.require(id);
    const base = {
      caseId: `hf-${id}-a1b2c3d4e5`,
      person: { name: 'Kari' },
      sentOn: '2026-12-01',
      profile,
      officeName: profile.offices[0].name,
    };
    out[`${id} decision`] = flat(letterContent({ ...base, purpose: 'decision', decision }));
    out[`${id} revised decision`] = flat(
      letterContent({
        ...base,
        purpose: 'decision',
        decision: { ...decision, date: '2026-11-20', services: [{ kind: 'stottekontakt', hoursPerWeek: 2 }] },
        previous: decision,
      }),
    );
    out[`${id} not relevant`] = flat(letterContent({ ...base, purpose: 'not-relevant' }));
    out[`${id} no place`] = flat(letterContent({ ...base, purpose: 'no-place' }));
    const decidedBy = { name: 'Siri Teamleder', role: 'team-lead' as const };
    out[`${id} ending`] = flat(
      letterContent({
        ...base,
        purpose: 'ending',
        decision,
        facts: {
          reasons: decision.reasons,
          decidedBy,
          exitReason: 'transferred',
          destination: 'institution',
          endedOn: '2026-11-20',
        },
      }),
    );
    out[`${id} ending confirmation`] = flat(
      letterContent({
        ...base,
        purpose: 'ending-confirmation',
        facts: { exitReason: 'no-longer-wants', endedOn: '2026-11-20' },
      }),
    );
    out[`${id} capacity refusal`] = flat(
      letterContent({
        ...base,
        purpose: 'capacity-refusal',
        facts: { reasons: decision.reasons, decidedBy },
      }),
    );
    out[`${id} interim reply`] = flat(
      letterContent({ ...base, purpose: 'interim-reply', facts: { expectedBy: '2026-12-24', position: 2 } }),
    );
  }
  return out;
}

function emails(): Record<string, string> {
  const ctx = (topic: string, facts: [string, string][] = []): MailContext => ({
    language: 'nb',
    reference: 'hf-stavanger-a1b2c3d4e5',
    municipalityName: 'Stavanger kommune',
    topic: topicLabel(topic, 'nb'),
    stage: STAGE_LABELS['follow-up'],
    dueAt: '24.11.2026 kl. 08:00',
    since: '10.11.2026 kl. 10:00',
    link: 'http://localhost:3000/referrals/hf-stavanger-a1b2c3d4e5',
    facts,
  });
  const out: Record<string, string> = {};
  for (const topic of TOPIC_KEYS()) {
    for (const [name, t] of Object.entries({ reminder, escalation, alert })) {
      const m = t(ctx(topic));
      out[`${name} ${topic}`] = `${m.subject}\n${m.text}`;
    }
  }
  const inc = incident(
    ctx('incident', [
      factLabel('incident', 'inc-1', 'nb'),
      factLabel('system', 'housing', 'nb'),
      factLabel('operation', 'reserveUnit', 'nb'),
    ]),
  );
  out.incident = `${inc.subject}\n${inc.text}`;
  const risk = alert(ctx('eviction-warning', [factLabel('risk', 'eviction-warning', 'nb')]));
  out['alert with risk'] = `${risk.subject}\n${risk.text}`;
  const ms = milestone(
    ctx('incident', [factLabel('housed', '9', 'nb'), factLabel('exits.moved-away', '1', 'nb')]),
  );
  out.milestone = `${ms.subject}\n${ms.text}`;
  const d = digest({
    language: 'nb',
    municipalityName: 'Stavanger kommune',
    asOf: '30.11.2026',
    overdue: [
      {
        reference: 'hf-x',
        task: 'kartlegging',
        office: 'Madla',
        due: '20.11.2026',
        daysOverdue: 3,
        link: 'l',
      },
    ],
    dueSoon: [],
  });
  out.digest = `${d.subject}\n${d.text}`;
  return out;
}

function archiveTexts(): Record<string, string> {
  const j = (t: { title: string; content: string }) => `${t.title}\n${t.content}`;
  return {
    referral: j(
      referralJournal(
        { homeless: true, substanceUse: true, mentalHealth: false, additional: ['repeated-admissions'] },
        'Sover ute.\nHar vært innlagt tre ganger.',
      ),
    ),
    review: j(reviewJournal({ round: 1, outcome: 'relevant', meetingDate: '2026-11-24', notes: 'Aktuell.' })),
    decision: j(decisionJournal(decision, 1)),
    revised: j(decisionJournal(decision, 2)),
    ...Object.fromEntries(
      EVICTION_RISK_KINDS.map((k) => [
        `action plan ${k}`,
        j(actionPlanJournal(k, { riskId: 'risk-1', date: '2026-11-24', summary: 'Betale ned.' })),
      ]),
    ),
    exit: j(exitJournal('no-longer-wants', '2026-11-24')),
    moved: j(exitJournal('moved-away', '2026-11-24')),
    withdrawal: j(withdrawalJournal('2026-11-24')),
    labels: Object.values(JOURNAL_KINDS)
      .map((k) => k.label)
      .join('\n'),
  };
}

const staffLabels = {
  stages: Object.values(STAGE_LABELS).join('\n'),
  tasks: Object.values(TASK_KINDS)
    .map((t) => t.title)
    .join('\n'),
};

describe('the glossary', () => {
  it('names each term once and rules out variants that are not themselves terms', () => {
    const terms = GLOSSARY.map((e) => e.term.toLowerCase());
    expect(new Set(terms).size).toBe(terms.length);
    for (const e of GLOSSARY) for (const a of e.avoid) expect(terms).not.toContain(a.toLowerCase());
  });

  it.each(Object.entries({ ...letters(), ...emails(), ...archiveTexts(), ...staffLabels }))(
    '%s uses the glossary’s terms',
    (_name, text) => {
      expect(glossaryViolations(text)).toEqual([]);
    },
  );

  it.each(Object.entries({ ...letters(), ...archiveTexts(), incident: emails().incident }))(
    '%s carries no English code',
    (_name, text) => {
      expect(ENGLISH_CODES.filter((c) => text.includes(c))).toEqual([]);
    },
  );

  it('catches a variant (the check can fail)', () => {
    expect(glossaryViolations('Tiltaksplan ved risiko for utkastelse, 3 dager på overtid')).toEqual([
      '"utkastelse" (use "fravikelse")',
      '"risiko for utkastelse" (use "fare for fravikelse")',
      '"på overtid" (use "over fristen")',
    ]);
  });

  it('the letters use "Du trenger ikke å være rusfri" and the archived note keeps its line breaks', () => {
    expect(letters()['stavanger decision']).toContain('Du trenger ikke å være rusfri');
    expect(archiveTexts().referral).toContain('Sover ute.\nHar vært innlagt tre ganger.');
    expect(archiveTexts().referral).toContain('gjentatte innleggelser');
  });
});
