/**
 * The stand-ins' HTTP app (see main.ts). Foundation version: health only; the integrations issue
 * adds the archive, SvarUt, care system, NAV and housing contracts.
 */
import express from 'express';

export interface StandinsOptions {
  dataDir: string;
}

export function createStandinsApp(_opts: StandinsOptions) {
  const app = express();
  app.use(express.json({ limit: '5mb' }));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  return app;
}
