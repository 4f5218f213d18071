/**
 * Free ports for the processes a test or a script starts and tells its port to (the Temporal
 * dev server, the stack, the identity provider, PostgreSQL).
 *
 * A port is drawn below the kernel's range for ephemeral ports (32768–60999 here), never with
 * `listen(0)`: a port found free with `listen(0)` and closed again is in the range the kernel
 * hands to outgoing connections, and a running Temporal server opens many of those, so the port
 * may be taken before the child binds it. Found twice: a chaos run's API that could not start
 * again (114 times), and a CI run whose dev server could not bind its Web UI port ("bind: address
 * already in use") while another stack started beside it.
 *
 * Each jest worker draws from its own slice of the range (by `JEST_WORKER_ID`), so two test files
 * running side by side never draw the same port; this process never hands out a port twice.
 */
import net from 'node:net';

const FIRST = 20_000;
const SLICES = 8;
const SLICE = 1_500;

const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  const slice = Number(process.env.JEST_WORKER_ID ?? 0) % SLICES;
  for (;;) {
    const port = FIRST + slice * SLICE + Math.floor(Math.random() * SLICE);
    if (handedOut.has(port) || !(await portFree(port))) continue;
    handedOut.add(port);
    return port;
  }
}

/** Whether a server could listen on the port on 127.0.0.1 now. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
