/**
 * Local stand-ins for the municipal systems (archive, SvarUt, care system, NAV, housing system),
 * run as their own process like background-checks' third-party simulator. Foundation version:
 * health and an inbox of what arrived; the integrations issue gives each system its contract.
 */
import express from 'express';
import { createLogger } from '../platform/logger';

const log = createLogger('standins');
const port = Number(process.env.STANDINS_PORT ?? 4010);
const app = express();
app.use(express.json({ limit: '5mb' }));
app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});
const server = app.listen(port, '127.0.0.1', () => log.info({ port }, 'stand-ins listening'));
for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => server.close(() => process.exit(0)));
