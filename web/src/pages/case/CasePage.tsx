/**
 * A case as the person's role may see it: where it is (the pathway picture), the person (when the
 * role and the consent allow), open tasks with deadlines, the timeline, incidents (admins retry
 * them), a form for every event the stage allows the person's roles, and the access log.
 */
import { Alert, Button, Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { api, ApiError, type AuditEntry, type CaseView, type Session } from '../../api';
import { Failure, Loading } from '../../components/Status';
import { date } from '../../format';
import { useTexts } from '../../texts';
import { useLoad } from '../../components/useLoad';
import { eventForms } from './events';
import { EventFormView } from './EventFormView';
import { HousingSuggestions } from './HousingSuggestions';
import { PathwayPicture } from './PathwayPicture';

export function CasePage({ id, session }: { id: string; session: Session }) {
  const t = useTexts();
  const { data, error, reload } = useLoad(() => api.getCase(id), [id]);
  const [view, setView] = useState<CaseView>();
  const [saved, setSaved] = useState<string>();
  const [audit, setAudit] = useState<AuditEntry[]>();
  const c = view ?? data;
  const roles = session.user.roles;

  if (error instanceof ApiError && error.status === 404)
    return (
      <>
        <Heading level={1}>{t.notFound}</Heading>
        <Paragraph>{t.notFoundCase}</Paragraph>
      </>
    );
  if (error) return <Failure error={error} />;
  if (!c) return <Loading />;

  const forms = eventForms(c, t).filter((f) => f.roles.some((r) => roles.includes(r)));
  const done = (v: CaseView, message: string) => {
    // Routes that create something (an offer, a risk) answer with its ID, not the case: read it again.
    setView(v.caseId ? v : undefined);
    setSaved(message);
    reload();
  };
  const retry = async (incidentId: string) => {
    const v = await api.event(c.caseId, `incidents/${encodeURIComponent(incidentId)}/retry`, {});
    done(v, t.case.retried);
  };
  const mayAudit = roles.includes('admin') || roles.includes('team-lead');

  return (
    <>
      <Heading level={1}>{t.case.title(c.caseId)}</Heading>
      {saved && (
        <Alert data-color="success" role="status">
          <Paragraph>{saved}</Paragraph>
        </Alert>
      )}
      <PathwayPicture stage={c.stage} nextDueAt={c.nextDueAt} />
      <section aria-labelledby="person">
        <Heading level={2} data-size="sm" id="person">
          {t.case.person}
        </Heading>
        {c.person ? (
          <Paragraph>
            {c.person.name}
            {c.person.nationalId ? ` · ${c.person.nationalId}` : ''}
            {c.person.pseudonym ? ` · ${c.person.pseudonym}` : ''}
          </Paragraph>
        ) : (
          <Paragraph>{t.case.personHidden}</Paragraph>
        )}
        <Paragraph>
          {t.case.office}: {c.office} · {t.case.referredAt}: {date(c.referredAt, t.lang)} · {t.case.consent}:{' '}
          {c.consentScope.map((p) => t.roles[p as keyof typeof t.roles] ?? p).join(', ')}
        </Paragraph>
      </section>
      <section aria-labelledby="tasks">
        <Heading level={2} data-size="sm" id="tasks">
          {t.case.tasks}
        </Heading>
        {c.tasks.length === 0 ? (
          <Paragraph>{t.case.noTasks}</Paragraph>
        ) : (
          <ul>
            {c.tasks.map((task) => (
              <li key={task.id}>
                {task.title} – {t.case.due} {date(task.dueAt, t.lang)}{' '}
                {new Date(task.dueAt) < new Date() && <Tag data-color="danger">{t.tasks.overdue}</Tag>}
              </li>
            ))}
          </ul>
        )}
      </section>
      {c.incidents.some((i) => i.status === 'open') && (
        <section aria-labelledby="incidents">
          <Heading level={2} data-size="sm" id="incidents">
            {t.case.incidents}
          </Heading>
          <ul>
            {c.incidents
              .filter((i) => i.status === 'open')
              .map((i) => (
                <li key={i.id}>
                  {i.system}: {i.operation} ({date(i.openedAt, t.lang)}){' '}
                  {roles.includes('admin') && (
                    <Button data-size="sm" variant="secondary" onClick={() => void retry(i.id)}>
                      {t.case.retry}
                    </Button>
                  )}
                </li>
              ))}
          </ul>
        </section>
      )}
      {(c.stage === 'housing' || (c.stage === 'follow-up' && c.housing.status === 'lost')) &&
        c.housingWishes &&
        (roles.includes('hf-team') || roles.includes('team-lead')) && (
          <HousingSuggestions caseId={c.caseId} />
        )}
      <section aria-labelledby="actions">
        <Heading level={2} data-size="sm" id="actions">
          {t.case.actions}
        </Heading>
        {forms.length === 0 ? (
          <Paragraph>{t.case.noActions}</Paragraph>
        ) : (
          <div className="bf-forms">
            {forms.map((f) => (
              <EventFormView
                key={`${c.stage}:${f.key}`}
                caseId={c.caseId}
                form={f}
                onDone={(v) => done(v, t.case.saved(f.title))}
              />
            ))}
          </div>
        )}
      </section>
      <section aria-labelledby="timeline">
        <Heading level={2} data-size="sm" id="timeline">
          {t.case.timeline}
        </Heading>
        <ol>
          {[...c.timeline].reverse().map((e, i) => (
            <li key={`${e.at}-${i}`}>
              {date(e.date ?? e.at, t.lang)}: {e.summary} (
              {t.roles[e.actor.role as keyof typeof t.roles] ?? e.actor.role})
            </li>
          ))}
        </ol>
      </section>
      {(mayAudit || session.temporalUi) && (
        <section aria-labelledby="audit">
          <Heading level={2} data-size="sm" id="audit">
            {t.case.audit}
          </Heading>
          {roles.includes('admin') && session.temporalUi && (
            <Paragraph>
              <a className="ds-link" href={`${session.temporalUi}/${encodeURIComponent(c.caseId)}`}>
                {t.case.temporal}
              </a>
            </Paragraph>
          )}
          {mayAudit && !audit && (
            <Button
              variant="secondary"
              onClick={() => void api.audit(c.caseId).then((a) => setAudit(a.entries))}
            >
              {t.case.showAudit}
            </Button>
          )}
          {audit && (
            <div className="bf-table-wrap">
              <Table>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>{t.case.auditWhen}</Table.HeaderCell>
                    <Table.HeaderCell>{t.case.auditWho}</Table.HeaderCell>
                    <Table.HeaderCell>{t.case.auditWhat}</Table.HeaderCell>
                    <Table.HeaderCell>{t.case.auditPersonal}</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {audit.map((a) => (
                    <Table.Row key={a.seq}>
                      <Table.Cell>
                        {new Date(a.at).toLocaleString(t.lang === 'nb' ? 'nb-NO' : 'en-GB')}
                      </Table.Cell>
                      <Table.Cell>
                        {a.actorId} ({a.actorRole})
                      </Table.Cell>
                      <Table.Cell>
                        {a.method} {a.route} → {a.status}
                      </Table.Cell>
                      <Table.Cell>{a.personalData ? t.case.yes : t.case.no}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
