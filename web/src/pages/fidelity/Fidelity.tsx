/**
 * The programme's yearly fidelity self-assessment: this year beside last year, domain by domain,
 * and the form the programme group fills in (every item of the scale scored 1–4).
 */
import { Alert, Button, Heading, Paragraph, Select, Table } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { FIDELITY_DOMAINS, FIDELITY_ITEMS, type FidelityItem } from '../../../../domain/fidelity';
import { api, ApiError, type FieldError } from '../../api';
import { ErrorList, fieldId } from '../../components/Errors';
import { Failure, Loading } from '../../components/Status';
import { useLoad } from '../../components/useLoad';
import { today } from '../../format';
import { useTexts } from '../../texts';

const num = (n: number, lang: string) => n.toLocaleString(lang === 'nb' ? 'nb-NO' : 'en-GB');

export function Fidelity({ mayRecord }: { mayRecord: boolean }) {
  const t = useTexts();
  const f = t.fidelity;
  const year = Number(today().slice(0, 4));
  const { data, error, reload } = useLoad(() => api.fidelity(year), [year]);
  const [scores, setScores] = useState<Partial<Record<FidelityItem, number>>>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    try {
      await api.recordFidelity({ year, assessedAt: today(), scores });
      // The comparison with the new scores first, then the confirmation: never "saved" beside
      // the old table (a browser story read the table at the confirmation and found it empty).
      await reload();
      setErrors([]);
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) setErrors(err.errors);
      else setErrors([{ path: '(body)', message: err instanceof Error ? err.message : t.error }]);
    }
  };

  return (
    <>
      <Heading level={1}>{f.title}</Heading>
      <Paragraph>{f.lead}</Paragraph>
      {error && <Failure error={error} />}
      {!data && !error && <Loading />}
      {data && (
        <div className="bf-table-wrap">
          <Table zebra>
            <caption>{f.compare(year)}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{f.domain}</Table.HeaderCell>
                <Table.HeaderCell>{year - 1}</Table.HeaderCell>
                <Table.HeaderCell>{year}</Table.HeaderCell>
                <Table.HeaderCell>{f.change}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {FIDELITY_DOMAINS.map((d, i) => (
                <Table.Row key={d}>
                  <Table.Cell>{f.domains[d]}</Table.Cell>
                  <Table.Cell>{data.previous ? num(data.previous.domains[i].mean, t.lang) : '–'}</Table.Cell>
                  <Table.Cell>{data.current ? num(data.current.domains[i].mean, t.lang) : '–'}</Table.Cell>
                  <Table.Cell>{data.change ? num(data.change.domains[d], t.lang) : '–'}</Table.Cell>
                </Table.Row>
              ))}
              <Table.Row>
                <Table.Cell>{f.total}</Table.Cell>
                <Table.Cell>{data.previous ? num(data.previous.total, t.lang) : '–'}</Table.Cell>
                <Table.Cell>{data.current ? num(data.current.total, t.lang) : '–'}</Table.Cell>
                <Table.Cell>{data.change ? num(data.change.total, t.lang) : '–'}</Table.Cell>
              </Table.Row>
            </Table.Body>
          </Table>
        </div>
      )}
      {mayRecord && (
        <form onSubmit={submit} noValidate>
          <Heading level={2} data-size="sm">
            {f.record(year)}
          </Heading>
          <Paragraph data-size="sm">{f.scale}</Paragraph>
          {errors.length > 0 && <ErrorList heading={t.referral.errorSummary} errors={errors} />}
          {saved && (
            <Alert data-color="success" role="status">
              <Paragraph>{f.saved}</Paragraph>
            </Alert>
          )}
          {FIDELITY_DOMAINS.map((d) => (
            <fieldset key={d} className="ds-fieldset">
              <legend className="ds-label">{f.domains[d]}</legend>
              {FIDELITY_ITEMS.filter(([, dd]) => dd === d).map(([id]) => (
                <div key={id} className="ds-field">
                  <label htmlFor={fieldId(`scores.${id}`)} className="ds-label" data-weight="regular">
                    {f.items[id]}
                  </label>
                  <Select
                    id={fieldId(`scores.${id}`)}
                    value={String(scores[id] ?? '')}
                    onChange={(e) =>
                      setScores({ ...scores, [id]: e.target.value ? Number(e.target.value) : undefined })
                    }
                  >
                    <Select.Option value="">{f.choose}</Select.Option>
                    {[1, 2, 3, 4].map((n) => (
                      <Select.Option key={n} value={String(n)}>
                        {f.score(n)}
                      </Select.Option>
                    ))}
                  </Select>
                </div>
              ))}
            </fieldset>
          ))}
          <Button type="submit">{f.submit}</Button>
        </form>
      )}
    </>
  );
}
