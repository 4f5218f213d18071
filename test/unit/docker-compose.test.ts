/**
 * No Docker engine runs here, so the production topology is checked by reading it: every service
 * it names exists, the app's variables are ones the code reads, and ports agree with the code.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ENV_KEYS, loadConfig } from '../../platform/config';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

const root = path.resolve(__dirname, '..', '..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const services: Record<string, any> = compose.services;

test('the production topology has Temporal on PostgreSQL, the Web UI, SMTP, the API and the worker', () => {
  expect(Object.keys(services).sort()).toEqual(
    ['api', 'postgresql', 'smtp', 'temporal', 'temporal-setup', 'temporal-ui', 'worker'].sort(),
  );
  expect(services.temporal.environment.DB).toMatch(/^postgres/);
  expect(services.temporal.environment.POSTGRES_SEEDS).toBe('postgresql');
  for (const name of ['api', 'worker']) expect(services[name].build).toBe('.');
  expect(existsSync(path.join(root, 'Dockerfile'))).toBe(true);
});

test('every dependency names a service that exists', () => {
  for (const [name, svc] of Object.entries(services)) {
    const deps = Array.isArray(svc.depends_on) ? svc.depends_on : Object.keys(svc.depends_on ?? {});
    for (const dep of deps)
      expect({ service: name, dependsOn: dep, exists: dep in services }).toMatchObject({ exists: true });
  }
});

test('the API and worker read exactly the variables the code knows, and their commands exist', () => {
  for (const name of ['api', 'worker']) {
    const env = services[name].environment as Record<string, string>;
    const unknown = Object.keys(env).filter((k) => !ENV_KEYS.includes(k));
    expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    const entry = services[name].command.at(-1) as string; // dist/api/main.js
    const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    expect(existsSync(path.join(root, source))).toBe(true);
  }
});

test('ports agree with the code: API, worker metrics, Temporal, Web UI and SMTP', () => {
  const hostPort = (svc: string, container: number) =>
    (services[svc].ports as string[]).map((p) => p.split(':')).find(([, c]) => Number(c) === container)?.[0];
  const defaults = loadConfig({
    BF_CODEC_KEYS: `k:${Buffer.alloc(32).toString('base64')}`,
    BF_IDEMPOTENCY_SECRET: Buffer.alloc(32).toString('base64'),
  });
  expect(Number(services.api.environment.API_PORT)).toBe(defaults.api.port);
  expect(hostPort('api', defaults.api.port)).toBe(String(defaults.api.port));
  expect(hostPort('worker', Number(services.worker.environment.WORKER_METRICS_PORT))).toBe(
    String(defaults.workerMetricsPort),
  );
  expect(services.api.environment.TEMPORAL_ADDRESS).toBe('temporal:7233');
  expect(hostPort('temporal', 7233)).toBe('7233');
  expect(hostPort('temporal-ui', 8080)).toBe(new URL(defaults.temporal.uiUrl).port);
  // The Web UI decodes through the API's codec endpoint at the API's public (https) address.
  expect(services['temporal-ui'].environment.TEMPORAL_CODEC_ENDPOINT).toBe(
    '${PUBLIC_URL:?set PUBLIC_URL (https://…)}/codec',
  );
  expect(services.api.environment.PUBLIC_URL).toBe('${PUBLIC_URL:?set PUBLIC_URL (https://…)}');
  expect(services.api.environment.SMTP_HOST).toBe('smtp');
  expect(hostPort('smtp', Number(services.api.environment.SMTP_PORT))).toBe(String(defaults.smtp.port));
  expect(services.api.environment.TEMPORAL_NAMESPACE).toBe(defaults.temporal.namespace);
});

test('the setup job registers every search attribute the workflows use', () => {
  const command = (services['temporal-setup'].command as string[]).join(' ');
  for (const key of ALL_SEARCH_ATTRIBUTES) expect(command).toContain(`--name ${key.name} --type`);
});
