/** What the API's routes work with: the process's dependencies and what the app builds from them. */
import type { Client } from '@temporalio/client';
import type { CodecKeys } from '../platform/codec';
import type { CaseDirectory } from '../read-model/case-directory';
import type { Logger } from '../platform/logger';
import type { Municipalities } from '../platform/municipalities';
import type { Verifier } from './auth';
import type { HousingDirectory } from './housing';
import type { SessionOptions } from './session';
import type { ApiMetrics } from './metrics';
import type { Stores } from './store';

export interface RateLimits {
  windowMs: number;
  /** Requests per window for one user (token `sub`). */
  perUser: number;
  /** Requests per window from one address, before and without a token. */
  perAddress: number;
  /**
   * The counters' clock (default `Date.now`). Windows are whole minutes of it: a test that counts
   * to a limit fixes it, so no minute can turn in the middle of the count.
   */
  clock?: () => number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { windowMs: 60_000, perUser: 300, perAddress: 1200 };

export interface ApiDeps {
  client: Client;
  taskQueue: string;
  municipalities: Municipalities;
  verifyToken: Verifier;
  /** Key for idempotent case IDs, update IDs and body fingerprints (HMAC). */
  idempotencySecret: Uint8Array;
  /** Key of the person search's blind index (HMAC, platform/person-index.ts): the worker's too. */
  personIndexKey: Uint8Array;
  log: Logger;
  publicUrl: string;
  /** The access log and the idempotency records. */
  stores: Stores;
  /** The housing system, asked whether an offered unit exists (api/housing.ts). */
  housing: HousingDirectory;
  /** The payload codec's keys, for the codec server. */
  codecKeys: CodecKeys;
  /** Origins of the Temporal Web UI allowed to call the codec server from a browser. */
  uiOrigins: string[];
  rateLimits?: RateLimits;
  /** The web app's sign-in (backend-for-frontend session); without it /auth answers 404. */
  session?: SessionOptions;
  /** The built web app, served under /app/ (absent: /app answers 404). */
  webDir?: string;
  /**
   * Addresses of the reverse proxies in front of the API (`TRUSTED_PROXIES`, comma-separated: IPs,
   * CIDR ranges or express's names such as `loopback`). Only from these is `X-Forwarded-For`
   * believed; by default from nobody, so a client cannot pick its own rate-limit bucket.
   */
  trustedProxies?: string[];
}

export interface ApiContext extends ApiDeps {
  directory: CaseDirectory;
  metrics: ApiMetrics;
}
