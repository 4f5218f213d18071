/**
 * Staff email through a real SMTP server: every message kind arrives once, in the municipality's
 * language, with the case reference, what is due and since when, and a link, and never the
 * person's name, national ID or phone. Refusals are sorted into incidents and retries.
 */
import { ApplicationFailure } from '@temporalio/common';
import { createEmailActivities, messageIdFor } from '../../activities/email';
import { digest } from '../../activities/email-templates/digest';
import type { Notification, NotificationKind } from '../../activities/types';
import type { MunicipalityProfile } from '../../domain/policy';
import { municipalities, nationalId } from '../support/fixtures';
import { activityEnv } from '../support/activity-env';
import { Mailbox } from '../support/mailbox';

const person = { name: 'Kari Testperson', nationalId: nationalId(), phone: '+47 912 34 567' };
const english: MunicipalityProfile = (() => {
  const p = structuredClone(municipalities.require('bergen'));
  return { ...p, policy: { ...p.policy, language: 'en' } };
})();
const profile = (m: string) => (m === 'bergen' ? english : municipalities.require(m));

let mailbox: Mailbox;
let activities: ReturnType<typeof createEmailActivities>;
const env = activityEnv();

beforeAll(async () => {
  mailbox = new Mailbox();
  await mailbox.start();
  activities = createEmailActivities({
    smtp: {
      host: '127.0.0.1',
      port: mailbox.port,
      secure: false,
      from: 'Bolig først <test@bolig-forst.test>',
    },
    profile,
    caseLink: (id) => `http://localhost:3000/referrals/${id}`,
  });
});
afterAll(() => mailbox.stop());
beforeEach(() => {
  mailbox.clear();
  mailbox.failNext = { count: 0, code: 451 };
});

const samples: Record<NotificationKind, Omit<Notification, 'municipality'>> = {
  reminder: {
    caseId: 'hf-stavanger-a1b2c3d4e5',
    purpose: 'first-review:reminder',
    kind: 'reminder',
    recipient: 'team-lead',
    topic: 'first-review',
    stage: 'Venter på første vurdering',
    since: '2026-11-10T09:00:00.000Z',
    dueAt: '2026-11-24T07:00:00.000Z',
  },
  escalation: {
    caseId: 'hf-stavanger-a1b2c3d4e5',
    purpose: 'first-review:escalation',
    kind: 'escalation',
    recipient: 'unit-leader',
    topic: 'first-review',
    since: '2026-11-10T09:00:00.000Z',
    dueAt: '2026-11-24T07:00:00.000Z',
  },
  alert: {
    caseId: 'hf-stavanger-a1b2c3d4e5',
    purpose: 'eviction:r1:alert',
    kind: 'alert',
    recipient: 'on-call',
    topic: 'eviction-executed',
    since: '2026-11-28',
  },
  incident: {
    caseId: 'hf-stavanger-a1b2c3d4e5',
    purpose: 'incident:i1',
    kind: 'incident',
    recipient: 'admin',
    topic: 'archive',
    since: '2026-11-28T10:00:00.000Z',
    facts: { system: 'archive', operation: 'archiveJournalEntry', status: 400 },
  },
  milestone: {
    purpose: 'milestone:first-evaluation',
    kind: 'milestone',
    recipient: 'project-group',
    topic: 'first-evaluation',
    dueAt: '2027-01-01',
    facts: { housed: 9, inFollowUp: 7, exits: 2 },
  },
  stuck: {
    caseId: 'hf-stavanger-a1b2c3d4e5',
    purpose: 'stuck-workflow:hf-stavanger-a1b2c3d4e5:run-1',
    kind: 'stuck',
    recipient: 'admin',
    topic: 'stuck-workflow',
    since: '2026-11-28T10:00:00.000Z',
    facts: { workflow: 'hf-stavanger-a1b2c3d4e5' },
  },
};

describe('staff email', () => {
  it.each(Object.keys(samples) as NotificationKind[])(
    'each kind arrives once (%s), in bokmål, with the case reference and a link, and no personal data',
    async (kind) => {
      const n = { municipality: 'stavanger', ...samples[kind] };
      const result = await env.run(activities.sendNotification, n);
      expect(mailbox.messages).toHaveLength(1);
      const mail = mailbox.messages[0];
      const contacts = municipalities.require('stavanger').contacts;
      const to = {
        'team-lead': contacts.teamLead,
        'unit-leader': contacts.unitLeader,
        'on-call': contacts.onCall,
        admin: contacts.admin,
        'project-group': contacts.projectGroup,
      }[n.recipient];
      expect(mail.to).toEqual([to]);
      expect(result).toEqual({ messageId: mail.messageId, to });
      expect(mail.messageId).toBe(messageIdFor(`${n.caseId ?? 'stavanger'}/${n.purpose}`));
      expect(mail.subject).toMatch(
        /^\[Bolig først\] (Påminnelse|Eskalering|HASTER|Feil mot et annet system|Milepæl|Saken står fast)/,
      );
      if (n.caseId) {
        expect(mail.subject).toContain(n.caseId);
        expect(mail.text).toContain(`http://localhost:3000/referrals/${n.caseId}`);
      }
      expect(mail.text).toContain('ingen navn eller fødselsnummer');
      expect(mail.text).toContain('Saksnummeret er likevel en personopplysning');
      for (const secret of [person.name, person.nationalId, person.phone, 'Kari', '912 34 567'])
        expect(mail.raw).not.toContain(secret);
    },
  );

  it("a reminder tells what is due and since when, in the municipality's local time", async () => {
    await env.run(activities.sendNotification, { municipality: 'stavanger', ...samples.reminder });
    const text = mailbox.messages[0].text!;
    expect(text).toContain('Gjelder: første vurdering i vurderingsteamet');
    expect(text).toContain('Venter siden: 10.11.2026 kl. 10:00');
    expect(text).toContain('Frist: 24.11.2026 kl. 08:00');
  });

  it('a reminder of an HF-team task goes to the named follow-up worker, the team lead in copy; an unknown name to the team lead', async () => {
    const stavanger = municipalities.require('stavanger');
    const reminder = { ...samples.reminder, purpose: 'contact-3:reminder', topic: 'contact' };
    const named = (await env.run(activities.sendNotification, {
      municipality: 'stavanger',
      ...reminder,
      worker: ' hanne  MOE ',
    })) as { to: string };
    expect(named.to).toBe('hanne.moe@stavanger.kommune.test');
    expect(mailbox.messages[0]).toMatchObject({
      to: ['hanne.moe@stavanger.kommune.test'],
      cc: [stavanger.contacts.teamLead],
    });
    const unknown = (await env.run(activities.sendNotification, {
      municipality: 'stavanger',
      ...reminder,
      purpose: 'contact-4:reminder',
      worker: 'Vikar Uten Adresse',
    })) as { to: string };
    expect(unknown.to).toBe(stavanger.contacts.teamLead);
    expect(mailbox.messages[1].cc).toBeUndefined();
    // Escalations go to the unit leader as before, whoever follows the person up.
    const escalation = (await env.run(activities.sendNotification, {
      municipality: 'stavanger',
      ...samples.escalation,
      worker: 'Hanne Moe',
    })) as { to: string };
    expect(escalation.to).toBe(stavanger.contacts.unitLeader);
  });

  it('the incident email speaks to an administrator in Norwegian: which system, what failed, what to do', async () => {
    await env.run(activities.sendNotification, {
      municipality: 'stavanger',
      ...samples.incident,
      facts: { incident: 'i1', system: 'housing', operation: 'reserveUnit' },
    });
    const mail = mailbox.messages[0];
    expect(mail.subject).toBe('[Bolig først] Feil mot et annet system i sak hf-stavanger-a1b2c3d4e5');
    expect(mail.text).toContain('Til systemansvarlig for Bolig først i Stavanger kommune');
    expect(mail.text).toContain('System: boligsystemet');
    expect(mail.text).toContain('Dette feilet: reservere boligen i boligsystemet');
    expect(mail.text).toContain('Prøv på nytt');
    expect(mail.text).not.toMatch(/reserveUnit|operation:|system: housing/);
  });

  it('the weekly digest says "over fristen"', () => {
    const mail = digest({
      language: 'nb',
      municipalityName: 'Stavanger kommune',
      asOf: '30.11.2026',
      overdue: [
        {
          reference: 'hf-x',
          task: 'kartlegging',
          office: 'Madla',
          due: '20.11.2026',
          daysOverdue: 10,
          link: 'l',
        },
      ],
      dueSoon: [],
    });
    expect(mail.subject).toContain('1 over fristen');
    expect(mail.text).toContain('10 dager over fristen');
    expect(mail.text).not.toContain('overtid');
  });

  it('a municipality whose policy asks for English gets the mail in English', async () => {
    await env.run(activities.sendNotification, {
      municipality: 'bergen',
      ...samples.escalation,
      caseId: 'hf-bergen-b1b2b3b4b5',
    });
    const mail = mailbox.messages[0];
    expect(mail.subject).toBe(
      "[Bolig først] Escalation: the assessment team's first review (case hf-bergen-b1b2b3b4b5)",
    );
    expect(mail.text).toContain('Was due: 24 Nov 2026, 08:00');
    expect(mail.text).toContain('this email holds no name or national identity number');
  });

  it('a milestone names the programme milestone and its figures', async () => {
    await env.run(activities.sendNotification, { municipality: 'stavanger', ...samples.milestone });
    const mail = mailbox.messages[0];
    expect(mail.subject).toContain('Første evaluering etter 12 måneders drift');
    expect(mail.text).toContain('Flyttet inn i egen bolig: 9');
    expect(mail.text).not.toContain('housed');
  });

  it('sending the same notification twice gives the same Message-ID (one message for a mail client)', async () => {
    const n = { municipality: 'stavanger', ...samples.reminder };
    await env.run(activities.sendNotification, n);
    await env.run(activities.sendNotification, n);
    expect(new Set(mailbox.messages.map((m) => m.messageId)).size).toBe(1);
  });

  it('a permanent refusal (550) is a non-retryable failure, which the workflow turns into an incident', async () => {
    mailbox.failNext = { count: 1, code: 550 };
    const err = await env
      .run(activities.sendNotification, { municipality: 'stavanger', ...samples.reminder })
      .catch((e: ApplicationFailure) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'SmtpRefused', nonRetryable: true });
    expect((err as Error).message).not.toContain('@');
    expect(mailbox.messages).toHaveLength(0);
  });

  it('a temporary refusal (451) is retryable, and the retry delivers', async () => {
    mailbox.failNext = { count: 1, code: 451 };
    const n = { municipality: 'stavanger', ...samples.reminder };
    const err = await env.run(activities.sendNotification, n).catch((e) => e);
    expect(err).toMatchObject({ type: 'SmtpUnavailable', nonRetryable: false });
    await env.run(activities.sendNotification, n);
    expect(mailbox.messages).toHaveLength(1);
  });

  it('an unreachable SMTP server is retryable', async () => {
    const offline = createEmailActivities({
      smtp: { host: '127.0.0.1', port: 1, secure: false, from: 'x@bolig-forst.test' },
      profile,
      caseLink: (id) => id,
    });
    const err = await env
      .run(offline.sendNotification, { municipality: 'stavanger', ...samples.reminder })
      .catch((e) => e);
    expect(err).toMatchObject({ type: 'SmtpUnavailable', nonRetryable: false });
  });
});
