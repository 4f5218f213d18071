/**
 * Units from the housing system that fit the person's wishes, best fit first: a proposal to the HF
 * team while the case looks for housing. The person chooses; declining an offer costs nothing.
 * Loaded with the case (CasePage), never after it: a table arriving late above the forms would
 * move them under the pointer.
 */
import { Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import type { HousingSuggestion } from '../../api';
import { Failure } from '../../components/Status';
import { date } from '../../format';
import { useTexts } from '../../texts';

export type Suggestions = { items: HousingSuggestion[] } | { error: Error };

export function HousingSuggestions({ suggestions }: { suggestions: Suggestions }) {
  const t = useTexts();
  const s = t.suggestions;
  const data = 'items' in suggestions ? suggestions : undefined;
  const error = 'error' in suggestions ? suggestions.error : undefined;
  return (
    <section aria-labelledby="suggestions">
      <Heading level={2} data-size="sm" id="suggestions">
        {s.title}
      </Heading>
      <Paragraph data-size="sm">{s.lead}</Paragraph>
      {error && <Failure error={error} />}
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
