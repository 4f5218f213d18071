/**
 * The chaos run's clients: caseworkers, the assessment team, the HF team, the team lead, the
 * housing provider and an administrator, walking cases through the API as careful clients do.
 * Every POST carries an `Idempotency-Key`; a request that got no answer, a 5xx or a 429 is sent
 * again with the same key and body after a backoff (or after `Retry-After` when given).
 */
import { STEP_LIST } from '../../domain/steps';
import { signDevToken } from '../../platform/dev-tokens';
import type { Role } from '../../domain/types';

export interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

/** One HTTP exchange as the client saw it (for the 503 and latency figures). */
export interface Exchange {
  method: string;
  route: string;
  at: number;
  ms: number;
  /** HTTP status, or 0 when no answer came (connection refused or reset, client time-out). */
  status: number;
  retryAfter?: string;
}

export interface ClientOptions {
  apiUrl: string;
  jwtSecret: Uint8Array;
  /** A request with no answer after this long is abandoned and sent again. */
  requestTimeoutMs: number;
  /** A request still failing after this long is given up (counted, never silently). */
  giveUpAfterMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The steps whose route names an ID of its own (an offer's answer, a risk's action plan). */
const ROUTES_WITH_IDS = STEP_LIST.filter((s) => s.route.params).map(({ route }) => ({
  pattern: route.path,
  re: new RegExp(`^${route.path.replace(/:\w+/g, '[^/?]+')}$`),
}));

/** Normalised route for the figures: case IDs and offer/risk/incident IDs replaced. */
export function routePattern(route: string): string {
  const r = route
    .replace(/\/referrals\/[^/?]+/, '/referrals/:id')
    .replace(/incidents\/[^/]+\/retry/, 'incidents/:incidentId/retry');
  return ROUTES_WITH_IDS.find((s) => s.re.test(r))?.pattern ?? r;
}

export class CarefulClient {
  readonly exchanges: Exchange[] = [];
  private tokens = new Map<string, Promise<string>>();
  givenUp = 0;
  retries = 0;

  constructor(private readonly opts: ClientOptions) {}

  token(role: Role, sub: string, office?: string): Promise<string> {
    const k = `${role}/${sub}/${office ?? ''}`;
    let t = this.tokens.get(k);
    if (!t) {
      t = signDevToken(
        this.opts.jwtSecret,
        { sub, name: sub, roles: [role], municipality: 'stavanger', office },
        { issuer: 'bolig-forst-dev', audience: 'bolig-forst', expiresIn: '12h' },
      );
      this.tokens.set(k, t);
    }
    return t;
  }

  private async once(
    method: string,
    route: string,
    token: string,
    body: unknown,
    key: string | undefined,
    extra: Record<string, string>,
  ) {
    const headers: Record<string, string> = { ...extra, authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key) headers['idempotency-key'] = key;
    const at = Date.now();
    try {
      const res = await fetch(`${this.opts.apiUrl}${route}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.requestTimeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* keep the text */
      }
      this.exchanges.push({
        method,
        route: routePattern(route),
        at,
        ms: Date.now() - at,
        status: res.status,
        retryAfter: res.headers.get('retry-after') ?? undefined,
      });
      return { status: res.status, body: parsed, headers: res.headers } as Answer;
    } catch {
      this.exchanges.push({ method, route: routePattern(route), at, ms: Date.now() - at, status: 0 });
      return undefined;
    }
  }

  /**
   * Sends until there is an answer that is not 5xx or 429; the same key and body every time.
   * Returns undefined when it gave up (counted in `givenUp`).
   */
  async sendWithHeaders(
    method: string,
    route: string,
    token: string,
    body?: unknown,
    key?: string,
    extra: Record<string, string> = {},
  ): Promise<Answer | undefined> {
    const started = Date.now();
    let backoff = 500;
    for (let attempt = 0; ; attempt++) {
      const answer = await this.once(method, route, token, body, key, extra);
      if (answer && answer.status < 500 && answer.status !== 429) return answer;
      if (Date.now() - started > this.opts.giveUpAfterMs) {
        this.givenUp++;
        return undefined;
      }
      this.retries++;
      const retryAfter = Number(answer?.headers.get('retry-after'));
      const wait =
        Number.isFinite(retryAfter) && retryAfter > 0
          ? retryAfter * 1000 + Math.random() * 500
          : backoff / 2 + Math.random() * backoff;
      backoff = Math.min(backoff * 2, 8_000);
      await sleep(wait);
    }
  }
}
