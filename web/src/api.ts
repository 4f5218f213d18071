/**
 * The one client for the API. Same origin, so the session cookie (HttpOnly: this code never sees
 * a token) goes along; every change carries the session's CSRF token. Answers are typed with the
 * domain's own types (a type-only import: nothing of the domain runs here twice). A 401 sends the
 * person to sign in and back to the same page; forms keep their drafts in sessionStorage.
 */
import type { CaseView } from '../../domain/case';
import type { OutcomeFigures } from '../../domain/programme';
import type { Role } from '../../domain/types';

export interface SessionUser {
  id: string;
  name: string;
  roles: Role[];
  office?: string;
  municipality?: string;
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
  expiresAt: string;
  /** The Temporal Web UI's workflow list for this namespace (a case's page is /<caseId>). */
  temporalUi?: string;
}

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldError[] = [],
    readonly stage?: string | null,
    readonly expects?: string,
  ) {
    super(detail ?? title);
  }
}

export interface CaseListItem {
  caseId: string;
  municipality?: string;
  office?: string;
  stage?: CaseView['stage'];
  nextDueAt?: string;
  overdue: boolean;
  hasIncident: boolean;
  referredAt?: string;
  movedInAt?: string;
  status: string;
}

export interface TaskItem {
  id: string;
  kind: string;
  title: string;
  assignee: Role;
  dueAt: string;
  escalated?: string;
  caseId: string;
  office: string;
  stage: string;
  overdue: boolean;
}

export interface Places {
  municipality: string;
  capacity: number;
  held: number;
  free: number;
  waiting: { position: number; caseId: string; referredAt?: string; office?: string }[];
}

export interface PersonHit {
  caseId: string;
  name?: string;
  office: string;
  stage: CaseView['stage'];
  referredAt: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  method: string;
  route: string;
  status: number;
  personalData: boolean;
}

/** A year's fidelity self-assessment beside the year before (GET /programme/fidelity). */
export interface FidelityYear {
  year: number;
  assessedAt: string;
  domains: { domain: string; mean: number }[];
  total: number;
}
export interface FidelityView {
  year: number;
  current: FidelityYear | null;
  previous: FidelityYear | null;
  change: { domains: Record<string, number>; total: number } | null;
}
export type Outcomes = OutcomeFigures & { from: string; to: string; definitions: Record<string, string> };
export type { CaseView };

/** A unit the housing system has that may fit the person (GET /referrals/:id/housing-suggestions). */
export interface HousingSuggestion {
  unitId: string;
  address: string;
  area: string;
  type: string;
  features: string[];
  source: 'municipal' | 'private';
  availableFrom: string;
  offeredBefore: boolean;
  /** How the unit meets the wishes; absent without the person's consent to share with the caller. */
  fit?: { needsMet: string[]; needsMissing: string[]; inWishedArea: boolean; wishedType: boolean };
}

let csrfToken = '';

/** Sends the person to sign in, to come back to the page they are on. */
export function signIn(returnTo = location.pathname + location.search): void {
  location.assign(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extra };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (res.status === 401 && path !== '/auth/session') {
    // The session ended (expired, or signed out in another tab): sign in and come back here.
    signIn();
  }
  const text = await res.text();
  const data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!res.ok) {
    throw new ApiError(
      res.status,
      String(data.title ?? res.statusText),
      data.detail as string | undefined,
      (data.errors as FieldError[] | undefined) ?? [],
      data.stage as string | null | undefined,
      data.expects as string | undefined,
    );
  }
  return data as T;
}

const q = (params: Record<string, string | number | boolean | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') s.set(k, String(v));
  const str = s.toString();
  return str ? `?${str}` : '';
};

export const api = {
  async session(): Promise<Session> {
    const s = await request<Session>('GET', '/auth/session');
    csrfToken = s.csrfToken;
    return s;
  },
  async signOut(): Promise<void> {
    const { logoutUrl } = await request<{ logoutUrl: string }>('POST', '/auth/logout', {});
    location.assign(logoutUrl);
  },
  createReferral: (body: unknown, idempotencyKey: string) =>
    fetchWithKey<{ id: string; stage: string }>('/referrals', body, idempotencyKey),
  getCase: (id: string) => request<CaseView>('GET', `/referrals/${encodeURIComponent(id)}`),
  listCases: (params: { stage?: string; incident?: boolean; closed?: boolean; limit?: number } = {}) =>
    // Every case the person may list, in one answer (the API's most: 2,000).
    request<{ items: CaseListItem[]; count: number }>('GET', `/referrals${q({ limit: 2000, ...params })}`),
  myCases: () => request<{ items: CaseListItem[]; count: number }>('GET', '/my-cases'),
  listTasks: (params: { assignee?: string; overdue?: boolean } = {}) =>
    request<{ items: TaskItem[]; count: number }>('GET', `/tasks${q(params)}`),
  places: () => request<Places>('GET', '/places'),
  fidelity: (year: number) => request<FidelityView>('GET', `/programme/fidelity${q({ year })}`),
  recordFidelity: (body: unknown) => request<FidelityView>('POST', '/programme/fidelity', body),
  outcomes: (from: string, to: string) => request<Outcomes>('GET', `/reports/outcomes${q({ from, to })}`),
  /** The term in the body, never in a URL (POST /search). */
  searchPerson: (term: string) => request<{ items: PersonHit[]; count: number }>('POST', '/search', { term }),
  housingSuggestions: (id: string) =>
    request<{ items: HousingSuggestion[] }>(
      'GET',
      `/referrals/${encodeURIComponent(id)}/housing-suggestions`,
    ),
  audit: (id: string) =>
    request<{ entries: AuditEntry[] }>('GET', `/referrals/${encodeURIComponent(id)}/audit`),
  /**
   * Any event route of the contract: `/referrals/:id/<path>`. The pages read the case again after
   * an event, so the answer is the receipt alone (`Prefer: return=minimal`: one read fewer).
   */
  event: (id: string, path: string, body: unknown) =>
    request<{ caseId: string; accepted: true }>(
      'POST',
      `/referrals/${encodeURIComponent(id)}/${path}`,
      body,
      {
        prefer: 'return=minimal',
      },
    ),
};

async function fetchWithKey<T>(path: string, body: unknown, key: string): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-csrf-token': csrfToken,
      'idempotency-key': key,
    },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (res.status === 401) signIn();
  const data = (await res.json()) as Record<string, unknown>;
  if (!res.ok)
    throw new ApiError(
      res.status,
      String(data.title ?? res.statusText),
      data.detail as string | undefined,
      (data.errors as FieldError[] | undefined) ?? [],
    );
  return data as T;
}
