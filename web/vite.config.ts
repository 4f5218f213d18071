// The web app is built to static files (web/dist) that the API serves under /app/ (api/web.ts).
import { defineConfig } from 'vite';

export default defineConfig({
  root: __dirname,
  base: '/app/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1000 },
  server: {
    // `npm run web:dev`: the app with hot reload, the API and sign-in proxied to the running stack.
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    proxy: Object.fromEntries(
      ['/auth', '/referrals', '/tasks', '/reports', '/search', '/incidents', '/places'].map((p) => [
        p,
        process.env.API_URL ?? 'http://localhost:3000',
      ]),
    ),
  },
});
