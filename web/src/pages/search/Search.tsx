/**
 * Find a person: by national ID or name, for the roles that read persons. The term goes to the API
 * in the body (never in this page's address, so it is not in the browser's history or any log);
 * the API matches it through the blind index and shows only cases the person may read.
 */
import { Button, Heading, Paragraph, Table, Textfield } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { api, ApiError, type PersonHit } from '../../api';
import { Failure, Loading } from '../../components/Status';
import { date } from '../../format';
import { useTexts } from '../../texts';
import { CaseLink } from '../../components/Cases';

export function Search() {
  const t = useTexts();
  const [term, setTerm] = useState('');
  const [busy, setBusy] = useState(false);
  const [hits, setHits] = useState<PersonHit[]>();
  const [error, setError] = useState<Error>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setHits((await api.searchPerson(term)).items);
    } catch (err) {
      setHits(undefined);
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };
  const fieldError =
    error instanceof ApiError ? error.errors.find((x) => x.path === 'term')?.message : undefined;

  return (
    <>
      <Heading level={1}>{t.search.title}</Heading>
      <Paragraph>{t.search.lead}</Paragraph>
      <form role="search" className="bf-search" onSubmit={(e) => void submit(e)}>
        <Textfield
          label={t.search.label}
          description={t.search.hint}
          value={term}
          autoComplete="off"
          onChange={(e) => setTerm(e.target.value)}
          error={fieldError}
        />
        <div>
          <Button type="submit" disabled={busy}>
            {t.search.submit}
          </Button>
        </div>
      </form>
      {busy && <Loading />}
      {error && !fieldError && <Failure error={error} />}
      {hits && hits.length === 0 && <Paragraph role="status">{t.search.none}</Paragraph>}
      {hits && hits.length > 0 && (
        <div className="bf-table-wrap">
          <Table zebra>
            <caption role="status">{t.search.count(hits.length)}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t.search.name}</Table.HeaderCell>
                <Table.HeaderCell>{t.list.case}</Table.HeaderCell>
                <Table.HeaderCell>{t.list.office}</Table.HeaderCell>
                <Table.HeaderCell>{t.list.stage}</Table.HeaderCell>
                <Table.HeaderCell>{t.list.referred}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {hits.map((h) => (
                <Table.Row key={h.caseId}>
                  <Table.Cell>{h.name ?? '–'}</Table.Cell>
                  <Table.Cell>
                    <CaseLink caseId={h.caseId} />
                  </Table.Cell>
                  <Table.Cell>{h.office}</Table.Cell>
                  <Table.Cell>{t.stages[h.stage]}</Table.Cell>
                  <Table.Cell>{date(h.referredAt, t.lang)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </>
  );
}
