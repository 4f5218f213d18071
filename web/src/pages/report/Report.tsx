/** The outcome report for a period (default: the last 12 months), as figures and bar charts. */
import { Button, Card, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { Failure, Loading } from '../../components/Status';
import { useLoad } from '../../components/useLoad';
import { today } from '../../format';
import { useTexts } from '../../texts';

function yearAgo(): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() - 1);
  return d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' });
}

function Bars({ label, rows }: { label: string; rows: { name: string; value: number }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <figure aria-label={label} style={{ margin: 0 }}>
      {rows.map((r) => (
        <div className="bf-bar" key={r.name}>
          <span>{r.name}</span>
          <div className="bf-bar-fill" style={{ width: `${(r.value / max) * 100}%` }} aria-hidden="true" />
          <strong>{r.value}</strong>
        </div>
      ))}
    </figure>
  );
}

export function Report() {
  const t = useTexts();
  const [period, setPeriod] = useState({ from: yearAgo(), to: today() });
  const [form, setForm] = useState(period);
  const { data, error } = useLoad(() => api.outcomes(period.from, period.to), [period.from, period.to]);
  const show = (e: FormEvent) => {
    e.preventDefault();
    setPeriod(form);
  };
  const exits = Object.entries(data?.exitsByReason ?? {});
  const destinations = Object.entries(data?.exitsByDestination ?? {});
  const stageDays = Object.entries(data?.medianDaysInStage ?? {});
  const mansa = data?.mansa;
  return (
    <>
      <Heading level={1}>{t.report.title}</Heading>
      <form onSubmit={show} className="bf-header-user">
        <Textfield
          type="date"
          label={t.report.from}
          value={form.from}
          onChange={(e) => setForm({ ...form, from: e.target.value })}
        />
        <Textfield
          type="date"
          label={t.report.to}
          value={form.to}
          onChange={(e) => setForm({ ...form, to: e.target.value })}
        />
        <Button type="submit">{t.report.show}</Button>
      </form>
      {error && <Failure error={error} />}
      {!data && !error && <Loading />}
      {data && (
        <>
          <div className="bf-figures">
            <Card>
              <Paragraph>{t.report.stability}</Paragraph>
              <Heading level={2}>
                {data.housingStability12m === null ? '–' : `${Math.round(data.housingStability12m * 100)} %`}
              </Heading>
            </Card>
            <Card>
              <Paragraph>{t.report.medianDays}</Paragraph>
              <Heading level={2}>{data.medianDaysReferralToMoveIn ?? '–'}</Heading>
            </Card>
            <Card>
              <Paragraph>{t.report.mansa}</Paragraph>
              <Heading level={2}>
                {mansa?.medianChange == null
                  ? '–'
                  : `${mansa.medianChange > 0 ? '+' : ''}${mansa.medianChange.toLocaleString(t.lang === 'nb' ? 'nb-NO' : 'en-GB')}`}
              </Heading>
              {mansa && <Paragraph data-size="sm">{t.report.mansaPeople(mansa.people)}</Paragraph>}
            </Card>
          </div>
          <Heading level={2} data-size="sm">
            {t.report.housed}
          </Heading>
          <Bars
            label={t.report.chartLabel(t.report.housed)}
            rows={[
              { name: t.report.referred, value: data.referred },
              { name: t.report.housed, value: data.housed },
              { name: t.report.inFollowUp, value: data.inFollowUp },
            ]}
          />
          <Heading level={2} data-size="sm">
            {t.report.exits}
          </Heading>
          {exits.length === 0 ? (
            <Paragraph>{t.report.noData}</Paragraph>
          ) : (
            <Bars
              label={t.report.chartLabel(t.report.exits)}
              rows={exits.map(([k, v]) => ({
                name: t.exitReasons[k as keyof typeof t.exitReasons] ?? k,
                value: v,
              }))}
            />
          )}
          {destinations.length > 0 && (
            <>
              <Heading level={3} data-size="xs">
                {t.report.transferredTo}
              </Heading>
              <Bars
                label={t.report.chartLabel(t.report.transferredTo)}
                rows={destinations.map(([k, v]) => ({
                  name:
                    t.exitDestinations[k as keyof typeof t.exitDestinations] ?? t.report.unknownDestination,
                  value: v,
                }))}
              />
            </>
          )}
          <Heading level={2} data-size="sm">
            {t.report.endings}
          </Heading>
          <Bars
            label={t.report.chartLabel(t.report.endings)}
            rows={[
              { name: t.report.notRelevant, value: data.notRelevant ?? 0 },
              { name: t.report.noPlace, value: data.noPlace ?? 0 },
              { name: t.report.withdrawn, value: data.withdrawn ?? 0 },
            ]}
          />
          <Heading level={2} data-size="sm">
            {t.report.stageDays}
          </Heading>
          {stageDays.length === 0 ? (
            <Paragraph>{t.report.noData}</Paragraph>
          ) : (
            <table className="ds-table" data-size="sm">
              <thead>
                <tr>
                  <th scope="col">{t.report.stage}</th>
                  <th scope="col">{t.report.days}</th>
                </tr>
              </thead>
              <tbody>
                {stageDays.map(([stage, days]) => (
                  <tr key={stage}>
                    <td>{t.stages[stage as keyof typeof t.stages] ?? stage}</td>
                    <td>{days.toLocaleString(t.lang === 'nb' ? 'nb-NO' : 'en-GB')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}
