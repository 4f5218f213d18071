/**
 * The one HTTP client every municipal-system adapter uses. It decides, in one place, which
 * failures Temporal retries and which go to a person:
 *
 *   - timeout, connection error, 5xx, 429  → retryable (`ExternalSystemUnavailable`): the
 *     activity's retry policy tries again, and the workflow opens an incident only if it runs out;
 *   - any other 4xx                         → non-retryable (`ExternalSystemRefused`): retrying
 *     the same request cannot help, so the workflow opens an incident at once;
 *   - a 2xx whose body breaks the contract → non-retryable (`ExternalSystemContract`).
 *
 * Error messages name the system, operation and HTTP status only: never the response body or the
 * request, which may echo a name or a national identity number.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { z } from 'zod';

export const FAILURE_TYPES = {
  unavailable: 'ExternalSystemUnavailable',
  refused: 'ExternalSystemRefused',
  contract: 'ExternalSystemContract',
} as const;

/** What the workflow may read from a failure's details to open an incident. */
export interface FailureDetail {
  system: string;
  operation: string;
  status?: number;
}

export interface HttpClientOptions {
  /** Short system name for incidents and logs: "archive", "svarut", "care", "nav", "housing". */
  system: string;
  baseUrl: string;
  timeoutMs?: number;
  basicAuth?: { user: string; pass: string };
  /** For tests: a fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

export interface RequestOptions<T> {
  /** Names the call in incidents, e.g. "sendForsendelse". */
  operation: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  json?: unknown;
  /** A raw body (FormData, string) instead of `json`. */
  body?: FormData | string;
  headers?: Record<string, string>;
  /** Validates the response body; the parsed value is returned. */
  schema: z.ZodType<T>;
  /** How to read the response body. Default json. */
  responseType?: 'json' | 'text';
}

export interface HttpClient {
  readonly system: string;
  request<T>(opts: RequestOptions<T>): Promise<T>;
}

function unavailable(detail: FailureDetail, why: string): ApplicationFailure {
  return ApplicationFailure.retryable(
    `${detail.system} ${detail.operation}: ${why}`,
    FAILURE_TYPES.unavailable,
    detail,
  );
}

export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.baseUrl.replace(/\/$/, '');
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const auth = opts.basicAuth
    ? `Basic ${Buffer.from(`${opts.basicAuth.user}:${opts.basicAuth.pass}`).toString('base64')}`
    : undefined;

  async function request<T>(r: RequestOptions<T>): Promise<T> {
    const detail: FailureDetail = { system: opts.system, operation: r.operation };
    const headers: Record<string, string> = { accept: 'application/json', ...r.headers };
    if (auth) headers.authorization = auth;
    let body: FormData | string | undefined = r.body;
    if (r.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(r.json);
    }
    let res: Response;
    let text: string;
    try {
      res = await doFetch(`${base}${r.path}`, {
        method: r.method ?? 'GET',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      // By name, not instanceof: the abort reason is a DOMException, possibly from another realm.
      const name = (err as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      throw unavailable(detail, timedOut ? `no answer within ${timeoutMs} ms` : 'connection failed');
    }
    if (res.status >= 500 || res.status === 429 || res.status === 408) {
      throw unavailable({ ...detail, status: res.status }, `answered ${res.status}`);
    }
    if (res.status >= 400) {
      throw ApplicationFailure.nonRetryable(
        `${opts.system} ${r.operation}: refused with ${res.status}`,
        FAILURE_TYPES.refused,
        { ...detail, status: res.status },
      );
    }
    let raw: unknown = text;
    if ((r.responseType ?? 'json') === 'json') {
      try {
        raw = text ? JSON.parse(text) : undefined;
      } catch {
        throw ApplicationFailure.nonRetryable(
          `${opts.system} ${r.operation}: answered ${res.status} with a body that is not JSON`,
          FAILURE_TYPES.contract,
          { ...detail, status: res.status },
        );
      }
    }
    const parsed = r.schema.safeParse(raw);
    if (!parsed.success) {
      // Name the fields, never their values.
      const fields = parsed.error.issues.map((i) => i.path.join('.') || '(body)').join(', ');
      throw ApplicationFailure.nonRetryable(
        `${opts.system} ${r.operation}: answer does not match the contract (${fields})`,
        FAILURE_TYPES.contract,
        { ...detail, status: res.status },
      );
    }
    return parsed.data;
  }

  return { system: opts.system, request };
}
