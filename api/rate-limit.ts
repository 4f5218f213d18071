/**
 * The rate limits' counters in the database that holds the access log (store/), so every API
 * instance counts against the same limit: with counters in each process's memory, two instances
 * behind a load balancer would let a caller send twice the limit. Keys are hashed with the API's
 * secret before they are stored: the database holds no address and no user ID in clear.
 */
import { createHmac } from 'node:crypto';
import type { Request } from 'express';
import { rateLimit, type Options, type Store } from 'express-rate-limit';
import { ProblemError } from './problem';
import type { RateLimitCounters } from './store';

/** An express-rate-limit store over the shared counters, one per limiter (its own prefix). */
export class SharedCounterStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly counters: RateLimitCounters,
    private readonly secret: Uint8Array,
    readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private hashed(key: string): string {
    return createHmac('sha256', this.secret).update(`rate-limit\n${this.prefix}\n${key}`).digest('base64url');
  }

  async increment(key: string) {
    const now = this.now();
    let totalHits: number;
    try {
      totalHits = await this.counters.hit(this.hashed(key), this.windowMs, now);
    } catch {
      // The counters' database away: a clear 503 with Retry-After, never an unlimited API.
      throw new ProblemError(
        503,
        'Service unavailable',
        'the request counters cannot be reached; try again shortly',
      );
    }
    const resetTime = new Date((Math.floor(now / this.windowMs) + 1) * this.windowMs);
    return { totalHits, resetTime };
  }

  async decrement(key: string) {
    await this.counters.unhit(this.hashed(key), this.windowMs, this.now());
  }

  async resetKey(key: string) {
    await this.counters.reset(this.hashed(key), this.windowMs, this.now());
  }
}

export function limiter(opts: {
  counters: RateLimitCounters;
  secret: Uint8Array;
  name: string;
  windowMs: number;
  limit: number;
  key: (req: Request) => string;
  what: string;
  clock?: () => number;
}) {
  return rateLimit({
    windowMs: opts.windowMs,
    limit: opts.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: opts.key,
    store: new SharedCounterStore(opts.counters, opts.secret, opts.name, opts.clock),
    passOnStoreError: false,
    handler: (_req, _res, next) =>
      next(
        new ProblemError(
          429,
          'Too many requests',
          `more than ${opts.limit} requests a minute ${opts.what}; slow down`,
        ),
      ),
  });
}
