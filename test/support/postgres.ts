/**
 * A throwaway PostgreSQL for the store tests: `AUDIT_TEST_DATABASE_URL` when set, else a cluster
 * made with the local PostgreSQL binaries (Debian's `postgresql` package) in a temp folder, on a
 * free port, removed after. Undefined when neither is there: the suites then run on SQLite only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/ports';

export interface TestPostgres {
  url: string;
  stop(): Promise<void>;
}

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(root, v, 'bin')).find((d) => existsSync(path.join(d, 'initdb')));
}

export function postgresAvailable(): boolean {
  return !!process.env.AUDIT_TEST_DATABASE_URL || !!binDir();
}

export async function startPostgres(): Promise<TestPostgres | undefined> {
  if (process.env.AUDIT_TEST_DATABASE_URL)
    return { url: process.env.AUDIT_TEST_DATABASE_URL, stop: async () => {} };
  const bin = binDir();
  if (!bin) return undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bf-pg-'));
  // PostgreSQL refuses to run as root: as root, run it as the postgres user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), 0);
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]]
      : [path.join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  const port = await freePort();
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '--auth=trust', '-U', 'bf', '--no-sync', '-E', 'UTF8']);
  run('pg_ctl', [
    '-D',
    data,
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    '-w',
    '-l',
    path.join(dir, 'log'),
    'start',
  ]);
  return {
    url: `postgres://bf@127.0.0.1:${port}/postgres`,
    async stop() {
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
