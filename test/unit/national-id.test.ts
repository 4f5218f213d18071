import { isValidNationalId, nationalIdProblem, withControlDigits } from '../../domain/national-id';

test('valid national identity numbers pass both control digits', () => {
  expect(isValidNationalId('01017012343')).toBe(true);
  expect(isValidNationalId(withControlDigits('150385123')!)).toBe(true);
});

test('a wrong control digit, a wrong length or an impossible date is refused with the reason', () => {
  expect(nationalIdProblem('01017012345')).toMatch(/control digit/);
  expect(nationalIdProblem('0101701234')).toBe('must be exactly 11 digits');
  expect(nationalIdProblem('abcdefghijk')).toBe('must be exactly 11 digits');
  expect(nationalIdProblem(withControlDigits('320170123') ?? withControlDigits('320170124')!)).toMatch(
    /date of birth/,
  );
});

test('D-numbers (first digit + 4) are accepted', () => {
  const d = withControlDigits('410170123') ?? withControlDigits('410170124')!;
  expect(isValidNationalId(d)).toBe(true);
});
