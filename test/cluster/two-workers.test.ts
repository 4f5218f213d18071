/**
 * On the cluster (`npm run test:cluster` only): cases referred through both API instances are
 * worked by both workers — each worker's identity shows in the histories of the workflow tasks it
 * completed — and every case reached its first stage and its case file reached the archive,
 * whichever instance took the request.
 */
import { temporal } from '@temporalio/proto';
import { nationalId } from '../support/fixtures';
import { CLUSTER_WORKER_IDENTITIES } from '../support/cluster';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const EventType = temporal.api.enums.v1.EventType;

test('cases referred through both API instances are worked by both workers', async () => {
  const token = await stack.token('caseworker', { office: 'hillevag' });
  const ids: string[] = [];
  // `call` takes turns between the two API instances; 8 referrals, 4 through each.
  for (let i = 0; i < 8; i++) {
    const res = await stack.call('POST', '/referrals', {
      token,
      body: {
        person: { name: 'Per Klynge', nationalId: nationalId() },
        office: 'hillevag',
        criteria: { homeless: true, substanceUse: true, mentalHealth: true, additional: [] },
        consent: { given: true, date: '2026-11-20', scope: ['assessment-team', 'hf-team'] },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.stage).toBe('first-review');
    ids.push(res.body.id);
  }
  // Each referral opens a case file in the archive and journals the referral in it (activities):
  // wait until all 8 cases have both.
  const deadline = Date.now() + 150_000;
  for (;;) {
    const { items } = (await (await fetch(`${stack.standinsUrl}/arkiv/received`)).json()) as {
      items: { kind: string; key?: string }[];
    };
    const filed = ids.filter(
      (id) =>
        items.some((i) => i.kind === 'mappe' && i.key?.includes(id)) &&
        items.some((i) => i.kind === 'registrering' && !!i.key?.includes(id) && i.key.endsWith('/referral')),
    );
    if (filed.length === ids.length) break;
    if (Date.now() > deadline) throw new Error(`only ${filed.length} of ${ids.length} case files archived`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const identities = new Set<string>();
  for (const id of ids) {
    const history = await stack.env.client.workflow.getHandle(id).fetchHistory();
    for (const e of history.events ?? [])
      if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
        identities.add(e.workflowTaskCompletedEventAttributes?.identity ?? '');
  }
  expect([...identities].sort()).toEqual([...CLUSTER_WORKER_IDENTITIES]);
}, 240_000);
