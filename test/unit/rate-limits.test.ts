/**
 * Rate limits that hold: `X-Forwarded-For` is believed only from configured proxies, so a client
 * cannot start a fresh per-address bucket by sending another made-up address with every request.
 */
import { startFakeApi, type FakeApi } from '../support/fake-api';

// The counters' clock stands still mid-minute: no window can turn during the count.
const LIMITS = {
  windowMs: 60_000,
  perUser: 1_000_000,
  perAddress: 5,
  clock: () => Date.UTC(2026, 11, 1, 12, 0, 30),
};

async function statuses(api: FakeApi, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${api.url}/tasks`, { headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } });
    out.push(res.status);
  }
  return out;
}

test('without a configured proxy, spoofed X-Forwarded-For values share the caller’s own bucket', async () => {
  const api = await startFakeApi([], { rateLimits: LIMITS });
  try {
    const got = await statuses(api, 8);
    expect(got.slice(0, 5).every((s) => s === 401)).toBe(true); // no token: through the limiter, then refused
    expect(got.slice(5)).toEqual([429, 429, 429]);
  } finally {
    await api.stop();
  }
});

test('behind a configured proxy, each forwarded client has its own bucket', async () => {
  const api = await startFakeApi([], { rateLimits: LIMITS, trustedProxies: ['loopback'] });
  try {
    expect(await statuses(api, 8)).toEqual(Array(8).fill(401));
  } finally {
    await api.stop();
  }
});
