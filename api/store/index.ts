/** Opens the API's stores: PostgreSQL when a URL is configured, else SQLite in the data folder. */
import path from 'node:path';
import { openPostgresStores } from './postgres';
import { openSqliteStores } from './sqlite';
import type { Stores } from './types';

export * from './types';

export async function openStores(opts: { dataDir: string; databaseUrl?: string }): Promise<Stores> {
  if (opts.databaseUrl) return openPostgresStores(opts.databaseUrl);
  return openSqliteStores(path.join(opts.dataDir, 'audit.sqlite'));
}
