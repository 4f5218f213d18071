/** The person search's blind index: how names are normalised and what is hashed. */
import { nameTokens, personIndex, searchHashes } from '../../platform/person-index';

const key = Buffer.alloc(32, 1);
const other = Buffer.alloc(32, 2);

test('a name is split into lower-case tokens at spaces, hyphens and apostrophes', () => {
  expect(nameTokens("  Anne-Lise O'Brien  Hansen ")).toEqual(['anne', 'lise', 'o', 'brien', 'hansen']);
});

test('æ, ø and å are letters of their own; other diacritics are folded', () => {
  expect(nameTokens('Åse Ødegård Bæk')).toEqual(['åse', 'ødegård', 'bæk']);
  expect(nameTokens('Åse')).not.toEqual(nameTokens('Ase'));
  expect(nameTokens('José Müller')).toEqual(nameTokens('Jose Muller'));
  // The same name typed as composed or decomposed characters is the same token.
  expect(nameTokens('A\u030Ase')).toEqual(nameTokens('\u00C5se'));
});

test('a search for one name, for the whole name in any order, or for the number finds what the case holds', () => {
  const person = { name: 'Ola Nordmann', nationalId: '01017012343' };
  const index = personIndex(key, person);
  for (const term of ['ola', 'NORDMANN', 'Nordmann Ola', '010170 12343']) {
    const wanted = searchHashes(key, term)!;
    expect(wanted.hashes.every((h) => index.includes(h))).toBe(true);
  }
  expect(searchHashes(key, '01017012343')!.kind).toBe('national-id');
  expect(searchHashes(key, 'Ola')!.kind).toBe('name');
  expect(searchHashes(key, 'Kari')!.hashes.some((h) => index.includes(h))).toBe(false);
  expect(searchHashes(key, ' - ')).toBeUndefined();
});

test('the hashes hold nothing in clear and change with the key', () => {
  const person = { name: 'Ola Nordmann', nationalId: '01017012343' };
  const index = personIndex(key, person);
  expect(index).toHaveLength(3);
  expect(index.join(' ')).not.toMatch(/ola|nordmann|01017012343/i);
  expect(personIndex(other, person).some((h) => index.includes(h))).toBe(false);
  // A name token never collides with a national ID's hash (each kind has its own prefix).
  expect(searchHashes(key, '01017012343')!.hashes[0]).not.toBe(personIndex(key, { name: '01017012343' })[0]);
});
