/**
 * The whole stack exactly as `npm start` runs it (scripts/stack.ts: Temporal dev server, worker,
 * API serving the built web app, identity provider, MailDev, stand-ins), on free ports and a
 * fresh data folder, for the browser stories. And Debian's Chromium driven by playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { temporalCliPath } from './tools';
import { freePort } from '../../scripts/ports';

const ROOT = path.resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface WebStack {
  appUrl: string;
  /** The stack's data folder (its development token secret is there, for API calls a story needs). */
  dataDir: string;
  inboxUrl: string;
  standinsUrl: string;
  stop(): Promise<void>;
}

export async function startWebStack(extraEnv: Record<string, string> = {}): Promise<WebStack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bf-web-'));
  const ports: Record<string, number> = {};
  for (const k of [
    'TEMPORAL_PORT',
    'TEMPORAL_UI_PORT',
    'API_PORT',
    'SMTP_PORT',
    'MAILDEV_WEB_PORT',
    'STANDINS_PORT',
    'WORKER_METRICS_PORT',
    'IDP_PORT',
  ])
    ports[k] = await freePort();
  const env = {
    ...process.env,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    BF_DATA_DIR: dataDir,
    TEMPORAL_CLI: temporalCliPath(),
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const child: ChildProcess = spawn(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(ROOT, 'scripts', 'stack.ts')],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the stack did not start in 150 s:\n${output.slice(-3000)}`)),
      150_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Bolig først is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the stack exited (${code}):\n${output.slice(-3000)}`));
    });
  });
  return {
    appUrl: `http://localhost:${ports.API_PORT}`,
    dataDir,
    inboxUrl: `http://127.0.0.1:${ports.MAILDEV_WEB_PORT}`,
    standinsUrl: `http://127.0.0.1:${ports.STANDINS_PORT}`,
    async stop() {
      child.removeAllListeners('exit');
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
