/** Cases where an outside system failed and that wait for an administrator (retry on the case page). */
import { Heading, Paragraph } from '@digdir/designsystemet-react';
import { api } from '../../api';
import { Failure, Loading } from '../../components/Status';
import { useLoad } from '../../components/useLoad';
import { Link, paths } from '../../router';
import { useTexts } from '../../texts';

export function Incidents() {
  const t = useTexts();
  const { data, error } = useLoad(() => api.listCases({ incident: true }), []);
  return (
    <>
      <Heading level={1}>{t.incidents.title}</Heading>
      <Paragraph>{t.incidents.lead}</Paragraph>
      {error && <Failure error={error} />}
      {!data && !error && <Loading />}
      {data && data.items.length === 0 && <Paragraph>{t.incidents.none}</Paragraph>}
      {data && data.items.length > 0 && (
        <ul>
          {data.items.map((c) => (
            <li key={c.caseId}>
              <Link href={paths.case(c.caseId)} className="ds-link">
                {c.caseId}
              </Link>{' '}
              – {c.stage ? t.stages[c.stage] : ''}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
