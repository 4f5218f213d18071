/**
 * Local stand-ins for the municipal systems (archive, SvarUt, care system, NAV, housing system),
 * run as their own process like background-checks' third-party simulator. What they receive is
 * kept under $BF_DATA_DIR/standins.
 */
import path from 'node:path';
import { createLogger } from '../platform/logger';
import { createStandinsApp } from './app';

const log = createLogger('standins');
const port = Number(process.env.STANDINS_PORT ?? 4010);
const dataDir = path.join(process.env.BF_DATA_DIR ?? path.resolve(__dirname, '..', '.data'), 'standins');
// STANDINS_XSD_EVERY: only the national benchmark sets it (standins/app.ts, `xsdEvery`).
const xsdEvery = Number(process.env.STANDINS_XSD_EVERY ?? 1);
const server = createStandinsApp({ dataDir, xsdEvery }).listen(port, '127.0.0.1', () =>
  log.info({ port, dataDir, xsdEvery }, 'stand-ins listening'),
);
for (const s of ['SIGINT', 'SIGTERM'] as const)
  process.once(s, () => {
    server.close(() => process.exit(0));
    // Requests held by a "hang" fault would keep close() waiting.
    server.closeAllConnections();
  });
