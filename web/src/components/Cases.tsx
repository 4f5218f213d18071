/** Pieces every list of cases and tasks shows the same way. */
import { Tag } from '@digdir/designsystemet-react';
import type { TaskItem } from '../api';
import { date } from '../format';
import { Link, paths } from '../router';
import { useTexts } from '../texts';

/** The case's reference, linking to its page. */
export function CaseLink({ caseId }: { caseId: string }) {
  return (
    <Link href={paths.case(caseId)} className="ds-link">
      {caseId}
    </Link>
  );
}

/** A task's deadline, with "over fristen" and "eskalert" marked. */
export function Due({ task }: { task: Pick<TaskItem, 'dueAt' | 'overdue' | 'escalated'> }) {
  const t = useTexts();
  return (
    <>
      {date(task.dueAt, t.lang)} {task.overdue && <Tag data-color="danger">{t.tasks.overdue}</Tag>}{' '}
      {task.escalated && <Tag data-color="warning">{t.tasks.escalated}</Tag>}
    </>
  );
}
