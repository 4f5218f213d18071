/**
 * Rules every piece of input obeys before a case takes it, written once and called from both sides:
 * the API's schemas (domain/schemas/common.ts) and the case workflow's update validators, which
 * must refuse what would otherwise make the workflow throw on its own state for ever (a move-in in
 * the year 9999 broke the calendar arithmetic of every later workflow task). Plain functions, no
 * zod: the workflow bundle stays small.
 */

/** The earliest and latest date any input may carry. */
export const DATE_MIN = '1900-01-01';
export const DATE_MAX = '2100-12-31';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Anything that starts like a date or a timestamp, also with a five-digit or signed year. */
const DATE_LIKE = /^[+-]?\d{4,}-\d{2}-\d{2}(?:$|T)/;

/** Why a date (YYYY-MM-DD) is not acceptable, or undefined when it is. */
export function dateProblem(value: string): string | undefined {
  const m = DATE.exec(value);
  if (!m) return 'expected a date as YYYY-MM-DD';
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return 'expected a date that exists';
  if (value < DATE_MIN || value > DATE_MAX) return `expected a date from ${DATE_MIN} to ${DATE_MAX}`;
  return undefined;
}

/**
 * Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. Newline and tab
 * are allowed only in multi-line notes.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;

/** Why a text is not acceptable, or undefined when it is. */
export function textProblem(value: string, opts: { multiline?: boolean } = {}): string | undefined {
  if (CONTROL.test(value)) return 'contains a control character';
  if (!opts.multiline && LINE_BREAK_OR_TAB.test(value)) return 'must be one line (no line breaks or tabs)';
  return undefined;
}

/**
 * Characters that show nothing on their own: spaces and separators of every width, format
 * characters (zero-width, joiners, direction marks, soft hyphen, byte-order mark), combining marks
 * with nothing to combine with, Hangul fillers.
 */
const INVISIBLE = /[\s\p{Z}\p{Cf}\p{M}\u115f\u1160\u3164\uffa0]/gu;

/** Why a person's name is not acceptable, or undefined when it is (after NFC normalisation). */
export function nameProblem(value: string): string | undefined {
  const text = textProblem(value);
  if (text) return text;
  if (value.replace(INVISIBLE, '') === '') return 'must contain a visible character';
  return undefined;
}

/** A name as it is stored: NFC-normalised and trimmed. */
export function normaliseName(value: string): string {
  return value.normalize('NFC').trim();
}

export interface InputProblem {
  path: string;
  message: string;
}

/**
 * The first problem in any input the workflow is handed: every string that looks like a date must
 * be a date within bounds, and no string may carry control characters (newline and tab only in
 * members called `notes`, `note`, `summary`, `feedback`, `detail` or `reason`, which are multi-line).
 * Walks objects and arrays to a bounded depth; refuses deeper nesting outright.
 */
export function inputProblem(value: unknown, path = '', depth = 0): InputProblem | undefined {
  if (depth > 8) return { path: path || '(body)', message: 'nested too deeply' };
  if (typeof value === 'string') {
    if (DATE_LIKE.test(value)) {
      const problem = dateProblem(value.slice(0, value.indexOf('T') > 0 ? value.indexOf('T') : undefined));
      if (problem) return { path: path || '(body)', message: problem };
    }
    const key = path.split('.').pop() ?? '';
    const problem = textProblem(value, { multiline: MULTILINE.has(key) });
    return problem ? { path: path || '(body)', message: problem } : undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const p = inputProblem(item, path ? `${path}.${i}` : String(i), depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const p = inputProblem(v, path ? `${path}.${k}` : k, depth + 1);
      if (p) return p;
    }
  }
  return undefined;
}

const MULTILINE = new Set(['notes', 'note', 'summary', 'feedback', 'detail', 'reason', 'reasons']);
