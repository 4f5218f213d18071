/**
 * Norwegian national identity numbers (fødselsnummer, and D-numbers for people without one):
 * 11 digits, a date of birth (D-numbers add 4 to the first digit), an individual number and two
 * control digits computed modulo 11. A number whose control digit would be 10 is never issued.
 */
const K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function control(digits: number[], weights: number[]): number | undefined {
  const sum = weights.reduce((acc, w, i) => acc + w * digits[i], 0);
  const c = 11 - (sum % 11);
  if (c === 11) return 0;
  if (c === 10) return undefined;
  return c;
}

export function nationalIdProblem(value: string): string | undefined {
  if (!/^\d{11}$/.test(value)) return 'must be exactly 11 digits';
  const d = value.split('').map(Number);
  const c1 = control(d, K1);
  if (c1 === undefined || c1 !== d[9]) return 'first control digit does not match';
  const c2 = control(d, K2);
  if (c2 === undefined || c2 !== d[10]) return 'second control digit does not match';
  let day = d[0] * 10 + d[1];
  if (day > 40) day -= 40; // D-number
  let month = d[2] * 10 + d[3];
  if (month > 40) month -= 40; // synthetic test numbers (Skatteetaten's test population) add 80 or 40
  if (month > 40) month -= 40;
  if (day < 1 || day > 31 || month < 1 || month > 12) return 'does not start with a valid date of birth';
  return undefined;
}

export function isValidNationalId(value: string): boolean {
  return nationalIdProblem(value) === undefined;
}

/** Makes a valid number from the first nine digits (for tests and the demo data only). */
export function withControlDigits(nineDigits: string): string | undefined {
  const d = nineDigits.split('').map(Number);
  const c1 = control(d, K1);
  if (c1 === undefined) return undefined;
  const c2 = control([...d, c1], K2);
  if (c2 === undefined) return undefined;
  return `${nineDigits}${c1}${c2}`;
}
