/**
 * Units from the housing system that fit the person's wishes, best fit first: a proposal to the HF
 * team while the case looks for housing. The person chooses; declining an offer costs nothing.
 */
import { Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { api } from '../../api';
import { Failure, Loading } from '../../components/Status';
import { useLoad } from '../../components/useLoad';
import { date } from '../../format';
import { useTexts } from '../../texts';

export function HousingSuggestions({ caseId }: { caseId: string }) {
  const t = useTexts();
  const s = t.suggestions;
  const { data, error } = useLoad(() => api.housingSuggestions(caseId), [caseId]);
  return (
    <section aria-labelledby="suggestions">
      <Heading level={2} data-size="sm" id="suggestions">
        {s.title}
      </Heading>
      <Paragraph data-size="sm">{s.lead}</Paragraph>
      {error && <Failure error={error} />}
      {!data && !error && <Loading />}
      {data && data.items.length === 0 && <Paragraph>{s.none}</Paragraph>}
      {data && data.items.length > 0 && (
        <Table data-size="sm">
          <caption className="ds-sr-only">{s.title}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{s.unit}</Table.HeaderCell>
              <Table.HeaderCell>{s.address}</Table.HeaderCell>
              <Table.HeaderCell>{s.fit}</Table.HeaderCell>
              <Table.HeaderCell>{s.availableFrom}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {data.items.map((u) => (
              <Table.Row key={u.unitId}>
                <Table.Cell>
                  {u.unitId}
                  {u.offeredBefore && (
                    <>
                      {' '}
                      <Tag data-color="neutral">{s.offeredBefore}</Tag>
                    </>
                  )}
                </Table.Cell>
                <Table.Cell>
                  {u.address} ({u.area}, {s.types[u.type] ?? u.type}, {s.sources[u.source]})
                </Table.Cell>
                <Table.Cell>
                  {u.fit
                    ? [
                        ...u.fit.needsMet.map((n) => s.met(s.features[n] ?? n)),
                        ...u.fit.needsMissing.map((n) => s.missing(s.features[n] ?? n)),
                        u.fit.inWishedArea ? s.inArea : s.otherArea,
                      ].join(' · ')
                    : '–'}
                </Table.Cell>
                <Table.Cell>{date(u.availableFrom, t.lang)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </section>
  );
}
