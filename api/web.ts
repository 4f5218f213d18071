/**
 * The web app's static files under /app/ (built by Vite into web/dist). The app lives under its
 * own prefix so every API path of the contract (/referrals/:id, /tasks, …) stays the API's: a
 * page address and an API address can never collide. `/` leads to the app.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

export function webApp(dir: string): Router {
  const router = Router();
  const index = path.join(dir, 'index.html');
  router.get('/', (_req, res) => res.redirect(302, '/app/'));
  // Hashed assets never change; index.html must always be fresh so a new build is picked up.
  router.use(
    '/app/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
  );
  router.use('/app', express.static(dir, { index: false }));
  // Every page of the app is the same document; the app's router picks the page.
  router.get(/^\/app(\/.*)?$/, (req, res, next) => {
    if (req.path === '/app') return res.redirect(302, '/app/');
    if (!existsSync(index)) return next();
    res.set('cache-control', 'no-cache').sendFile(index);
  });
  return router;
}
