/**
 * The assessment team's meeting: cases waiting for review 1 and 2, longest waiting first; one
 * meeting date for all, an outcome chosen per case discussed, all recorded with one button.
 */
import { Alert, Button, Heading, Paragraph, Select, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { api, ApiError, type CaseListItem } from '../../api';
import { Failure, Loading } from '../../components/Status';
import { useLoad } from '../../components/useLoad';
import { date, today } from '../../format';
import { useTexts } from '../../texts';
import { CaseLink } from '../../components/Cases';

export function Meeting() {
  const t = useTexts();
  const { data, error, reload } = useLoad(async () => {
    const [first, second] = await Promise.all([
      api.listCases({ stage: 'first-review' }),
      api.listCases({ stage: 'second-review' }),
    ]);
    const byAge = (a: CaseListItem, b: CaseListItem) =>
      (a.referredAt ?? '').localeCompare(b.referredAt ?? '');
    return { first: first.items.sort(byAge), second: second.items.sort(byAge) };
  }, []);
  const [meetingDate, setMeetingDate] = useState(today());
  const [outcomes, setOutcomes] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ ok: number; failed: string[] }>();

  const save = async () => {
    let ok = 0;
    const failed: string[] = [];
    for (const [caseId, outcome] of Object.entries(outcomes)) {
      if (!outcome) continue;
      const round = data?.first.some((c) => c.caseId === caseId) ? 1 : 2;
      try {
        await api.event(caseId, 'reviews', { round, outcome, meetingDate });
        ok++;
      } catch (err) {
        failed.push(`${caseId}: ${err instanceof ApiError ? (err.detail ?? err.title) : String(err)}`);
      }
    }
    // The refreshed lists first, then the result beside them.
    await reload();
    setResult({ ok, failed });
    setOutcomes({});
  };

  const rows = (items: CaseListItem[], options: [string, string][]) => (
    <ul className="bf-forms" style={{ listStyle: 'none', padding: 0 }}>
      {items.map((c) => (
        <li key={c.caseId}>
          <CaseLink caseId={c.caseId} /> ({t.meeting.waitingSince} {date(c.referredAt, t.lang)})
          <div>
            <Select
              aria-label={t.meeting.outcomeFor(c.caseId)}
              value={outcomes[c.caseId] ?? ''}
              onChange={(e) => setOutcomes({ ...outcomes, [c.caseId]: e.target.value })}
            >
              <Select.Option value="">{t.meeting.notTreated}</Select.Option>
              {options.map(([v, l]) => (
                <Select.Option key={v} value={v}>
                  {l}
                </Select.Option>
              ))}
            </Select>
          </div>
        </li>
      ))}
    </ul>
  );

  return (
    <>
      <Heading level={1}>{t.meeting.title}</Heading>
      <Paragraph>{t.meeting.lead}</Paragraph>
      {result && (
        <Alert data-color={result.failed.length ? 'warning' : 'success'}>
          <Paragraph>{t.meeting.saved(result.ok)}</Paragraph>
          {result.failed.map((f) => (
            <Paragraph key={f}>{f}</Paragraph>
          ))}
        </Alert>
      )}
      {error && <Failure error={error} />}
      {!data && !error && <Loading />}
      {data && (
        <>
          <div className="bf-stack">
            <Textfield
              type="date"
              label={t.meeting.date}
              value={meetingDate}
              onChange={(e) => setMeetingDate(e.target.value)}
            />
          </div>
          <Heading level={2} data-size="sm">
            {t.meeting.first}
          </Heading>
          {data.first.length === 0 ? (
            <Paragraph>{t.meeting.none}</Paragraph>
          ) : (
            rows(data.first, [
              ['relevant', t.events.relevant],
              ['not-relevant', t.events.notRelevant],
            ])
          )}
          <Heading level={2} data-size="sm">
            {t.meeting.second}
          </Heading>
          {data.second.length === 0 ? (
            <Paragraph>{t.meeting.none}</Paragraph>
          ) : (
            rows(data.second, [['place-offered', t.events.placeOffered]])
          )}
          {data.second.length > 0 && <Paragraph>{t.meeting.noPlaceOnCase}</Paragraph>}
          <div>
            <Button onClick={() => void save()} disabled={!Object.values(outcomes).some(Boolean)}>
              {t.meeting.save}
            </Button>
          </div>
        </>
      )}
    </>
  );
}
