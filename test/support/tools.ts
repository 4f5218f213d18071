/**
 * Where the test servers are. `npm test` (scripts/test.sh) builds or finds them first and passes
 * their paths in the environment; running jest directly falls back to the cached tools folder.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const TOOLS = process.env.BF_TOOLS_DIR ?? path.join(ROOT, '.tools');

export function temporalCliPath(): string {
  const p = process.env.TEMPORAL_CLI ?? path.join(TOOLS, 'bin', 'temporal');
  if (!existsSync(p))
    throw new Error(`no Temporal CLI at ${p}: run "npm test" (it builds one) or set TEMPORAL_CLI`);
  return p;
}

export function testServerPath(): string {
  if (process.env.TEMPORAL_TEST_SERVER) return process.env.TEMPORAL_TEST_SERVER;
  const dir = existsSync(TOOLS) ? readdirSync(TOOLS).find((d) => d.startsWith('test-server-')) : undefined;
  const p = dir && path.join(TOOLS, dir, 'temporal-test-server');
  if (!p || !existsSync(p))
    throw new Error(
      'no time-skipping test server: run "npm test" (it fetches one) or set TEMPORAL_TEST_SERVER',
    );
  return p;
}
