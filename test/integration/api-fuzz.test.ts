/**
 * Whatever a client sends, the API answers with a 4xx it can act on, never a 5xx, and bad input
 * never starts or changes a case. Thousands of random and mutated bodies, query strings, case IDs
 * and headers go to every route (fast-check), from a user holding every role so the body is always
 * what decides.
 */
import fc from 'fast-check';
import { ROLES } from '../../domain/types';
import { EVENT_BODIES, refer, referralBody, routeFor } from '../support/api-bodies';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let token: string;
beforeAll(async () => {
  stack = await startStack();
  token = await stack.token([...ROLES], { office: 'hillevag', sub: 'fuzzer' });
});
afterAll(async () => {
  await stack?.stop();
});

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

function paths(value: Json, prefix: Path = []): Path[] {
  if (value && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    return [prefix, ...entries.flatMap(([k, v]) => paths(v as Json, [...prefix, k]))];
  }
  return [prefix];
}

function edit(value: Json, path: Path, fn: (parent: any, key: string | number) => void): Json {
  const copy = structuredClone(value);
  if (path.length === 0) return copy;
  let node: any = copy;
  for (const k of path.slice(0, -1)) {
    if (!node || typeof node !== 'object') return copy;
    node = node[k];
  }
  if (node && typeof node === 'object') fn(node, path[path.length - 1]);
  return copy;
}

const strangeKeys = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  '',
  ' ',
  'toString',
  '$where',
  '💥',
);
const anyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue() as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(
    '',
    ' ',
    '2026-02-30',
    '9999-12-31',
    '01017012345',
    'x'.repeat(5000),
    -1,
    0,
    1e308,
    -0,
    true,
    null,
    [],
    {},
  ),
);

/** A body derived from a valid one by one to three edits: replace, delete, add a (strange) key. */
function mutated(base: Json): fc.Arbitrary<Json> {
  const one = (v: Json) => {
    const all = paths(v);
    return fc.oneof(
      fc
        .tuple(fc.nat(all.length - 1), anyValue)
        .map(([i, x]) => (all[i].length === 0 ? x : edit(v, all[i], (p, k) => (p[k] = x)))),
      fc
        .nat(all.length - 1)
        .map((i) => edit(v, all[i], (p, k) => (Array.isArray(p) ? p.splice(Number(k), 1) : delete p[k]))),
      fc.tuple(fc.nat(all.length - 1), fc.oneof(strangeKeys, fc.string()), anyValue).map(([i, key, x]) => {
        const target = all[i];
        return edit(v, [...target, key], (p, k) => {
          if (p && typeof p === 'object' && !Array.isArray(p))
            Object.defineProperty(p, k, { value: x, enumerable: true });
        });
      }),
    );
  };
  return fc.integer({ min: 1, max: 3 }).chain((n) => {
    let arb: fc.Arbitrary<Json> = fc.constant(base);
    for (let i = 0; i < n; i++) arb = arb.chain((v) => one(v));
    return arb;
  });
}

/** What goes on the wire: a JSON value, or a raw string that may not be JSON at all. */
const wire = (base: Json) =>
  fc.oneof(
    { weight: 6, arbitrary: mutated(base).map((b) => JSON.stringify(b)) },
    { weight: 2, arbitrary: (fc.jsonValue() as fc.Arbitrary<Json>).map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: fc.string() },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '{', '{"a":', '[', 'null', '"x"', '{"__proto__":{"admin":true}}'),
    },
  );

const headers = fc.record(
  {
    'Idempotency-Key': fc.oneof(fc.constantFrom('k-1', 'k-2', ''), fc.string({ maxLength: 10 })),
    'content-type': fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
        ),
      },
    ),
  },
  { requiredKeys: ['content-type'] },
);

async function send(method: string, route: string, body: string | undefined, h: Record<string, string>) {
  const res = await fetch(`${stack.apiUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...h },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

const count = async () => (await stack.env.client.workflow.count('WorkflowType = "caseWorkflow"')).count;
async function settled(expected: number) {
  let n = await count();
  for (let i = 0; i < 40 && n !== expected; i++) {
    await new Promise((r) => setTimeout(r, 250));
    n = await count();
  }
  return n;
}
/**
 * What people's events leave in a case's history: updates (accepted or completed) and signals.
 * The case's own work (its outbox, timers) goes on meanwhile, so the history's length proves nothing.
 */
const eventTraces = async (id: string) =>
  ((await stack.env.client.workflow.getHandle(id).fetchHistory()).events ?? []).filter(
    (e) =>
      e.workflowExecutionUpdateAcceptedEventAttributes ||
      e.workflowExecutionUpdateCompletedEventAttributes ||
      e.workflowExecutionSignaledEventAttributes,
  ).length;

function postRoutes(caseId: string): [string, Json][] {
  return [
    ['/referrals', referralBody() as Json],
    [
      '/existing-cases',
      {
        ...(referralBody({ consent: { given: true, date: '2025-01-02', scope: ['hf-team'] } }) as Record<
          string,
          Json
        >),
        referredAt: '2025-01-05',
        existing: { stage: 'mapping', stageSince: '2025-02-01' },
      },
    ],
    ...Object.entries(EVENT_BODIES).map(
      ([p, b]) => [routeFor(p, { id: caseId }), b as Json] as [string, Json],
    ),
    ['/codec/decode', { payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'eyJhIjoxfQ==' }] }],
    ['/codec/encode', { payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'eyJhIjoxfQ==' }] }],
  ];
}

test('thousands of random and mutated requests to every route: never a 5xx, and cases start only on 201', async () => {
  const caseId = await refer(stack);
  const before = await settled(await count());
  let created = 0;
  const statuses = new Map<number, number>();
  const seen = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);

  for (const [route, base] of postRoutes(caseId)) {
    await fc.assert(
      fc.asyncProperty(wire(base), headers, async (body, h) => {
        const status = await send('POST', route, body, h);
        seen(status);
        if (status === 201 && (route === '/referrals' || route === '/existing-cases')) created++;
        return status < 500;
      }),
      { numRuns: 150 },
    );
  }

  const query = fc.dictionary(
    fc.oneof(
      fc.constantFrom('stage', 'office', 'overdue', 'assignee', 'from', 'to', 'limit', 'municipality'),
      fc.string(),
    ),
    fc.oneof(
      fc.string(),
      fc.constantFrom('mapping', 'true', 'hillevag', '2026-01-01', '2026-13-01', '0', '99999'),
    ),
  );
  for (const route of ['/referrals', '/tasks', '/reports/outcomes', `/referrals/${caseId}/audit`]) {
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const status = await send('GET', `${route}?${new URLSearchParams(q)}`, undefined, {});
        seen(status);
        return status < 500;
      }),
      { numRuns: 100 },
    );
  }
  await fc.assert(
    fc.asyncProperty(
      fc.string(),
      fc.constantFrom('', '/audit', '/contacts', '/reviews'),
      async (id, tail) => {
        const method = tail === '' || tail === '/audit' ? 'GET' : 'POST';
        const status = await send(
          method,
          `/referrals/${encodeURIComponent(id)}${tail}`,
          method === 'POST' ? '{}' : undefined,
          {
            'content-type': 'application/json',
          },
        );
        seen(status);
        return status < 500;
      },
    ),
    { numRuns: 200 },
  );

  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  expect(total).toBeGreaterThanOrEqual(3000);
  expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
  // The mix reached past validation too: cases started, events refused by the stage, bad input refused.
  console.log(
    `fuzz: ${total} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
  );
  for (const s of [201, 400, 404, 409, 415])
    expect({ status: s, seen: (statuses.get(s) ?? 0) > 0 }).toEqual({ status: s, seen: true });
  expect(await settled(before + created)).toBe(before + created);
}, 600_000);

test('bodies that are certainly invalid never start a case and never change one', async () => {
  const caseId = await refer(stack);
  const tracesBefore = await eventTraces(caseId);
  const before = await settled(await count());
  let requests = 0;
  for (const [route, base] of postRoutes(caseId)) {
    if (route.startsWith('/codec')) continue;
    const invalid = mutated(base).map((b) =>
      // An unknown field guarantees refusal by the strict schema, whatever else changed.
      JSON.stringify(
        b && typeof b === 'object' && !Array.isArray(b) ? { ...b, zz_unknown_field: true } : { zz: b },
      ),
    );
    await fc.assert(
      fc.asyncProperty(invalid, async (body) => {
        requests++;
        const status = await send('POST', route, body, { 'content-type': 'application/json' });
        return status >= 400 && status < 500;
      }),
      { numRuns: 60 },
    );
  }
  expect(requests).toBeGreaterThanOrEqual(1000);
  expect(await eventTraces(caseId)).toBe(tracesBefore);
  await new Promise((r) => setTimeout(r, 1000));
  expect(await count()).toBe(before);
}, 600_000);
