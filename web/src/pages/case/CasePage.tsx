/**
 * A case as the person's role may see it: where it is (the pathway picture), the person (when the
 * role and the consent allow), open tasks with deadlines, the timeline, incidents (admins retry
 * them), a form for every event the stage allows the person's roles, and the access log.
 *
 * The page holds still under the pointer: everything shown above the forms (the housing
 * suggestions too) is loaded before the case is drawn, and after an event the case is read again
 * and drawn once, with the confirmation, in one go. Nothing arrives later above a form to push it
 * down as someone clicks (test/browser/case-page.test.ts measures it).
 */
import { Alert, Button, Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type AuditEntry, type CaseView, type Session } from '../../api';
import { Failure, Loading } from '../../components/Status';
import { date } from '../../format';
import { useTexts } from '../../texts';
import type { Role } from '../../../../domain/types';
import { eventForms } from './events';
import { EventFormView } from './EventFormView';
import { HousingSuggestions, type Suggestions } from './HousingSuggestions';
import { PathwayPicture } from './PathwayPicture';

interface Loaded {
  c: CaseView;
  /** Proposed units, while the case looks for housing and the reader may propose them. */
  suggestions?: Suggestions;
  /** The confirmation of the event just recorded. */
  saved?: string;
}

const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/** The case and, when the page shows them, the housing suggestions: both before the first paint. */
async function loadCasePage(id: string, roles: Role[]): Promise<Loaded> {
  const c = await api.getCase(id);
  const procuring = c.stage === 'housing' || (c.stage === 'follow-up' && c.housing.status === 'lost');
  const mayPropose = roles.includes('hf-team') || roles.includes('team-lead');
  if (!procuring || !c.housingWishes || !mayPropose) return { c };
  const suggestions = await api.housingSuggestions(id).catch((e: unknown) => ({ error: asError(e) }));
  return { c, suggestions };
}

export function CasePage({ id, session }: { id: string; session: Session }) {
  const t = useTexts();
  const roles = session.user.roles;
  const [page, setPage] = useState<Loaded>();
  const [error, setError] = useState<Error>();
  const [audit, setAudit] = useState<AuditEntry[]>();

  useEffect(() => {
    let current = true;
    setPage(undefined);
    setError(undefined);
    loadCasePage(id, roles).then(
      (p) => current && setPage(p),
      (e: unknown) => current && setError(asError(e)),
    );
    return () => {
      current = false;
    };
    // The roles are the session's: they do not change while the page is open.
  }, [id]);

  /** After an event: read the case again and show it with the confirmation in one render. */
  const refresh = useCallback(
    async (saved: string) => {
      try {
        const p = await loadCasePage(id, roles);
        setPage({ ...p, saved });
      } catch {
        // The event was recorded; the case could not be read again just now.
        setPage((prev) => prev && { ...prev, saved });
      }
    },
    [id],
  );

  if (error instanceof ApiError && error.status === 404)
    return (
      <>
        <Heading level={1}>{t.notFound}</Heading>
        <Paragraph>{t.notFoundCase}</Paragraph>
      </>
    );
  if (error) return <Failure error={error} />;
  if (!page) return <Loading />;

  const { c, suggestions, saved } = page;
  const forms = eventForms(c, t).filter((f) => f.roles.some((r) => roles.includes(r)));
  const retry = async (incidentId: string) => {
    await api.event(c.caseId, `incidents/${encodeURIComponent(incidentId)}/retry`, {});
    await refresh(t.case.retried);
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
      {(c.waitingCalls ?? []).length > 0 && (
        <section aria-labelledby="waiting">
          <Heading level={2} data-size="sm" id="waiting">
            {t.case.waiting}
          </Heading>
          <ul>
            {c.waitingCalls.map((w, i) => (
              <li key={`${w.system}-${w.queuedAt}-${i}`}>
                {t.case.systems[w.system] ?? w.system}:{' '}
                {w.operation === 'awaitLetterDelivery'
                  ? t.case.waitingLetter
                  : w.incidentId
                    ? t.case.waitingHeld
                    : `${t.case.waitingSince} ${date(w.queuedAt, t.lang)}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      {suggestions && <HousingSuggestions suggestions={suggestions} />}
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
                onDone={() => refresh(t.case.saved(f.title))}
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
