/** Cases where an outside system failed and that wait for an administrator (retry on the case page). */
import { Heading, Paragraph } from '@digdir/designsystemet-react';
import { api } from '../../api';
import { Failure, Loading } from '../../components/Status';
import { useLoad } from '../../components/useLoad';
import { useTexts } from '../../texts';
import { CaseLink } from '../../components/Cases';

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
              <CaseLink caseId={c.caseId} /> – {c.stage ? t.stages[c.stage] : ''}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
