/**
 * The team lead's decisions (vedtak): cases waiting for an individual decision and decisions due
 * for review, each with its deadline, soonest first, overdue marked; the case page holds the form.
 * One API call (the team lead's open tasks).
 */
import { Heading, Paragraph, Table } from '@digdir/designsystemet-react';
import { api, type TaskItem } from '../../api';
import { Failure, Loading } from '../../components/Status';
import { useLoad } from '../../components/useLoad';
import { useTexts } from '../../texts';
import { CaseLink, Due } from '../../components/Cases';

export function Decisions() {
  const t = useTexts();
  const { data, error } = useLoad(() => api.listTasks({ assignee: 'team-lead' }), []);
  const table = (items: TaskItem[], caption: string) =>
    items.length === 0 ? (
      <Paragraph>{t.decisions.none}</Paragraph>
    ) : (
      <div className="bf-table-wrap">
        <Table zebra>
          <caption>{caption}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t.tasks.due}</Table.HeaderCell>
              <Table.HeaderCell>{t.list.case}</Table.HeaderCell>
              <Table.HeaderCell>{t.list.office}</Table.HeaderCell>
              <Table.HeaderCell>{t.list.stage}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {items.map((task) => (
              <Table.Row key={`${task.caseId}:${task.id}`}>
                <Table.Cell>
                  <Due task={task} />
                </Table.Cell>
                <Table.Cell>
                  <CaseLink caseId={task.caseId} />
                </Table.Cell>
                <Table.Cell>{task.office}</Table.Cell>
                <Table.Cell>{t.stages[task.stage as keyof typeof t.stages] ?? task.stage}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
    );
  const toDecide = data?.items.filter((x) => x.kind === 'decision') ?? [];
  const toReview = data?.items.filter((x) => x.kind === 'decision-review') ?? [];
  return (
    <>
      <Heading level={1}>{t.decisions.title}</Heading>
      <Paragraph>{t.decisions.lead}</Paragraph>
      {error && <Failure error={error} />}
      {!data && !error && <Loading />}
      {data && (
        <>
          <Heading level={2} data-size="sm">
            {t.decisions.toDecide}
          </Heading>
          {table(toDecide, t.decisions.toDecideCount(toDecide.length))}
          <Heading level={2} data-size="sm">
            {t.decisions.toReview}
          </Heading>
          {table(toReview, t.decisions.toReviewCount(toReview.length))}
        </>
      )}
    </>
  );
}
