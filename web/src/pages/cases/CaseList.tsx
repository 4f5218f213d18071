/**
 * Cases the person may list (a caseworker: their own office's), with stage, next deadline and
 * status, from one API call; `mine`: the cases the HF team member follows up.
 */
import { Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { api, type Session } from '../../api';
import { Failure, Loading } from '../../components/Status';
import { useLoad } from '../../components/useLoad';
import { date } from '../../format';
import { useTexts } from '../../texts';
import { CaseLink } from '../../components/Cases';

export function CaseList({ session, mine }: { session: Session; mine?: boolean }) {
  const t = useTexts();
  const { data, error } = useLoad(() => (mine ? api.myCases() : api.listCases()), [mine]);
  const title = mine
    ? t.list.mineTitle
    : session.user.roles.includes('caseworker')
      ? t.list.officeTitle
      : t.list.title;
  const items = data?.items;
  return (
    <>
      <Heading level={1}>{title}</Heading>
      {mine && <Paragraph>{t.list.mineLead}</Paragraph>}
      {error && <Failure error={error} />}
      {!data && !error && <Loading />}
      {items && items.length === 0 && <Paragraph>{t.list.none}</Paragraph>}
      {items && items.length > 0 && (
        <div className="bf-table-wrap">
          <Table zebra>
            <caption>{t.list.count(items.length)}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t.list.case}</Table.HeaderCell>
                <Table.HeaderCell>{t.list.office}</Table.HeaderCell>
                <Table.HeaderCell>{t.list.stage}</Table.HeaderCell>
                <Table.HeaderCell>{t.list.referred}</Table.HeaderCell>
                <Table.HeaderCell>{t.list.nextDue}</Table.HeaderCell>
                <Table.HeaderCell>{t.list.status}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {items.map((c) => (
                <Table.Row key={c.caseId}>
                  <Table.Cell>
                    <CaseLink caseId={c.caseId} />
                  </Table.Cell>
                  <Table.Cell>{c.office ?? '–'}</Table.Cell>
                  <Table.Cell>{c.stage ? t.stages[c.stage] : '–'}</Table.Cell>
                  <Table.Cell>{date(c.referredAt, t.lang)}</Table.Cell>
                  <Table.Cell>{date(c.nextDueAt, t.lang)}</Table.Cell>
                  <Table.Cell>
                    {c.overdue && <Tag data-color="danger">{t.list.overdue}</Tag>}{' '}
                    {c.hasIncident && <Tag data-color="warning">{t.list.incident}</Tag>}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </>
  );
}
