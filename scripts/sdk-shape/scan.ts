import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
const ET = temporal.api.enums.v1.EventType;
async function main() {
  const client = new Client({ connection: await Connection.connect({ address: '127.0.0.1:7299' }) });
  const [tq, n] = [process.argv[2], Number(process.argv[3])];
  for (let i = 0; i < n; i++) {
    const id = `${tq}-${i}`;
    const h = client.workflow.getHandle(id);
    const log: string[] = await h.result();
    const hist = await h.fetchHistory();
    const started = new Set<number>();
    for (const e of hist.events ?? [])
      if (e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_STARTED) started.add(Number(e.eventId));
    const sigIds = hist
      .events!.filter((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
      .map((e) => Number(e.eventId));
    let k = 0;
    for (const l of log) {
      if (l.startsWith('sig')) {
        const hl0 = Number(/hl=(\d+)/.exec(l)![1]);
        if (sigIds[k] > hl0) console.log(id, 'STALE signal activation', l, 'signal event', sigIds[k]);
        k++;
      }
      const hl = Number(/hl=(\d+)/.exec(l)![1]);
      // historyLength in an activation = the WFTStarted event id it came with; check the event before hl is signal, else stale
      const ev = hist.events!.find((e) => Number(e.eventId) === hl);
      if (
        l.startsWith('sig') &&
        !(
          ev &&
          ev.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_STARTED &&
          hist.events!.slice(0, hl).some((x, k) => k > 0)
        )
      )
        console.log(id, 'odd', l);
    }
  }
}
void main().then(() => process.exit(0));
