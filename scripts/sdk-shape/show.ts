import { temporal } from '@temporalio/proto';
import { Client, Connection } from '@temporalio/client';
async function main() {
  const client = new Client({ connection: await Connection.connect({ address: '127.0.0.1:7299' }) });
  const id = process.argv[2];
  const h = client.workflow.getHandle(id);
  console.log((await h.result()).join('\n'));
  const hist = await h.fetchHistory();
  for (const e of hist.events ?? []) {
    const t = new Date(
      Number(e.eventTime!.seconds) * 1000 + Math.floor((e.eventTime!.nanos ?? 0) / 1e6),
    ).toISOString();
    console.log(String(e.eventId), t, temporal.api.enums.v1.EventType[e.eventType!]);
  }
}
void main().then(() => process.exit(0));
