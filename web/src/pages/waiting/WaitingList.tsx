/**
 * The team lead's waiting list: the municipality's places (capacity, held, free) and the people
 * offered a place who wait for one, in the places coordinator's own order (GET /places).
 */
import { Heading, Paragraph, Table } from '@digdir/designsystemet-react';
import { api } from '../../api';
import { Failure, Loading } from '../../components/Status';
import { useLoad } from '../../components/useLoad';
import { date } from '../../format';
import { useTexts } from '../../texts';
import { CaseLink } from '../../components/Cases';

export function WaitingList() {
  const t = useTexts();
  const { data, error } = useLoad(() => api.places(), []);
  return (
    <>
      <Heading level={1}>{t.waiting.title}</Heading>
      <Paragraph>{t.waiting.lead}</Paragraph>
      {error && <Failure error={error} />}
      {!data && !error && <Loading />}
      {data && (
        <>
          <Paragraph>{t.waiting.places(data.capacity, data.held, data.free)}</Paragraph>
          {data.waiting.length === 0 ? (
            <Paragraph>{t.waiting.none}</Paragraph>
          ) : (
            <div className="bf-table-wrap">
              <Table zebra>
                <caption>{t.waiting.count(data.waiting.length)}</caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>{t.waiting.position}</Table.HeaderCell>
                    <Table.HeaderCell>{t.list.case}</Table.HeaderCell>
                    <Table.HeaderCell>{t.list.office}</Table.HeaderCell>
                    <Table.HeaderCell>{t.list.referred}</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {data.waiting.map((w) => (
                    <Table.Row key={w.caseId}>
                      <Table.Cell>{w.position}</Table.Cell>
                      <Table.Cell>
                        <CaseLink caseId={w.caseId} />
                      </Table.Cell>
                      <Table.Cell>{w.office ?? '–'}</Table.Cell>
                      <Table.Cell>{date(w.referredAt, t.lang)}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </div>
          )}
        </>
      )}
    </>
  );
}
