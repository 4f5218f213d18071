/** Dates as staff read them (dd.mm.yyyy, Norwegian time). */
export function date(value: string | undefined, lang: string): string {
  if (!value) return '–';
  const d = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
  return d.toLocaleDateString(lang === 'nb' ? 'nb-NO' : 'en-GB', { timeZone: 'Europe/Oslo' });
}

export function today(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' });
}
