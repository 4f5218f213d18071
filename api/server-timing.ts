/**
 * `Server-Timing` (W3C) on the event routes and on intake (`POST /referrals`, `/existing-cases`:
 * `claim`, `start`, `log`, `total`): where a request's time went on the server, phase by
 * phase — finding the case (its description), the idempotency record, the update, reading the
 * case back, the access log — and `total`, from the request's arrival (the first middleware) to
 * the answer: what is in `total` and in no phase is the middleware (authentication, rate limit,
 * body parsing, validation); what the client waited beyond `total` is HTTP. As browser developer
 * tools show it and as the benchmark adds it up (bench/api.ts). Names and durations only: nothing
 * of the case.
 */
import type { Response } from 'express';

export class ServerTiming {
  private readonly parts: [string, number][] = [];

  /** Runs `fn` and adds its time under `name` (also when it throws). */
  async time<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      this.add(name, performance.now() - t);
    }
  }

  add(name: string, ms: number): void {
    const same = this.parts.find(([n]) => n === name);
    if (same) same[1] += ms;
    else this.parts.push([name, ms]);
  }

  /** Adds `total`: from the request's arrival (set by the first middleware) until now. */
  finish(res: Response): void {
    const at: unknown = res.locals.receivedAt;
    if (typeof at === 'number') this.add('total', performance.now() - at);
  }

  header(): string {
    return this.parts.map(([n, ms]) => `${n};dur=${ms.toFixed(1)}`).join(', ');
  }
}

/** Starts the timing of this response; `reply` (api/audit.ts) adds the access log and sends it. */
export function startTiming(res: Response): ServerTiming {
  const timing = new ServerTiming();
  res.locals.serverTiming = timing;
  return timing;
}

export function timingOf(res: Response): ServerTiming | undefined {
  const t: unknown = res.locals.serverTiming;
  return t instanceof ServerTiming ? t : undefined;
}

/** Reads a `Server-Timing` header back into name → milliseconds. */
export function parseServerTiming(header: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    const dur = params.find((p) => p.startsWith('dur='));
    if (name && dur) out[name] = Number(dur.slice(4));
  }
  return out;
}
