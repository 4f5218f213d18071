/** Open tasks across the cases the person may see, soonest due first, overdue marked (the digest, live). */
import { Heading, Paragraph, Table } from '@digdir/designsystemet-react';
import { api } from '../../api';
import { Failure, Loading } from '../../components/Status';
import { useLoad } from '../../components/useLoad';
import { useTexts } from '../../texts';
import { CaseLink, Due } from '../../components/Cases';

export function Tasks() {
  const t = useTexts();
  const { data, error } = useLoad(() => api.listTasks(), []);
  return (
    <>
      <Heading level={1}>{t.tasks.title}</Heading>
      <Paragraph>{t.tasks.lead}</Paragraph>
      {error && <Failure error={error} />}
      {!data && !error && <Loading />}
      {data && data.items.length === 0 && <Paragraph>{t.tasks.none}</Paragraph>}
      {data && data.items.length > 0 && (
        <div className="bf-table-wrap">
          <Table zebra>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t.tasks.due}</Table.HeaderCell>
                <Table.HeaderCell>{t.tasks.task}</Table.HeaderCell>
                <Table.HeaderCell>{t.tasks.assignee}</Table.HeaderCell>
                <Table.HeaderCell>{t.tasks.case}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {data.items.map((task) => (
                <Table.Row key={`${task.caseId}:${task.id}`}>
                  <Table.Cell>
                    <Due task={task} />
                  </Table.Cell>
                  <Table.Cell>{task.title}</Table.Cell>
                  <Table.Cell>{t.roles[task.assignee]}</Table.Cell>
                  <Table.Cell>
                    <CaseLink caseId={task.caseId} />
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
