/**
 * `npm run start:cluster` (and the cluster tests and benchmarks) must run what `docker-compose.yml`
 * deploys: the same Temporal server and Web UI versions, the same persistence plugin and schema,
 * the same namespace, retention, database role and access-log database, the same task queue, and
 * as many search attributes. The binaries are built by scripts/lib.sh's versions.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../platform/config';
import { CLUSTER, clusterPorts, MAX_MEMBERSHIP_PORT, PORT_BLOCK } from '../../scripts/cluster/settings';
import { letOthersPass, UI_SERVER_ARGS, uiServerEnv } from '../../scripts/cluster/temporal-cluster';

const root = path.resolve(__dirname, '..', '..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const services: Record<string, any> = compose.services;
const libSh = readFileSync(path.join(root, 'scripts', 'lib.sh'), 'utf8');

function imageTag(service: string): string {
  return (services[service].image as string).split(':')[1];
}

function libVersion(name: string): string | undefined {
  return libSh.match(new RegExp(`${name}="\\$\\{${name}:-([^}]+)\\}"`))?.[1];
}

test('the cluster builds and runs the Temporal server and Web UI versions compose deploys', () => {
  expect(imageTag('temporal')).toBe(CLUSTER.temporalServerVersion);
  expect(imageTag('temporal-setup')).toBe(CLUSTER.temporalServerVersion);
  expect(imageTag('temporal-ui')).toBe(CLUSTER.temporalUiVersion);
  expect(libVersion('TEMPORAL_SERVER_VERSION')).toBe(CLUSTER.temporalServerVersion);
  expect(libVersion('TEMPORAL_UI_VERSION')).toBe(CLUSTER.temporalUiVersion);
});

test('the same persistence: the postgres12 plugin (schema v12) on a PostgreSQL the schema supports', () => {
  expect(services.temporal.environment.DB).toBe(CLUSTER.sqlPlugin);
  expect(CLUSTER.schemaDir).toBe(`schema/postgresql/v12`);
  const major = Number(imageTag('postgresql').split('.')[0]);
  expect(major).toBeGreaterThanOrEqual(12);
});

test('the same namespace, retention, database role, access-log database and task queue', () => {
  const temporal = services.temporal.environment;
  expect(temporal.DEFAULT_NAMESPACE).toBe(CLUSTER.namespace);
  expect(temporal.DEFAULT_NAMESPACE_RETENTION).toBe(`${CLUSTER.retentionDays}d`);
  expect(temporal.POSTGRES_USER).toBe(CLUSTER.dbUser);
  expect(services.postgresql.environment.POSTGRES_USER).toBe(CLUSTER.dbUser);
  expect(services.postgresql.environment.POSTGRES_DB).toBe(CLUSTER.databases.audit);
  for (const name of ['api', 'worker']) {
    const env = services[name].environment;
    expect(env.TEMPORAL_NAMESPACE).toBe(CLUSTER.namespace);
    expect(env.TEMPORAL_TASK_QUEUE).toBe(CLUSTER.taskQueue);
    expect(new URL(env.AUDIT_DATABASE_URL.replace(/\$\{[^}]+\}/g, 'x')).pathname).toBe(
      `/${CLUSTER.databases.audit}`,
    );
  }
  // The processes' own default is the same queue, so a worker started without it still polls it.
  expect(loadConfig({}).temporal.taskQueue).toBe(CLUSTER.taskQueue);
});

test('the Web UI is configured through the same variables the temporalio/ui image reads', () => {
  const ui = services['temporal-ui'].environment;
  for (const key of ['TEMPORAL_ADDRESS', 'TEMPORAL_DEFAULT_NAMESPACE', 'TEMPORAL_CODEC_ENDPOINT'])
    expect(Object.keys(ui)).toContain(key);
  expect(ui.TEMPORAL_DEFAULT_NAMESPACE).toBe(CLUSTER.namespace);
  // The cluster runs the same ui-server with its own docker.yaml template and these variables.
  expect(UI_SERVER_ARGS('/x')).toEqual(expect.arrayContaining(['--env', 'docker', 'start']));
  const local = uiServerEnv({
    address: '127.0.0.1:46001',
    uiPort: 46012,
    codecEndpoint: 'http://localhost:46020/codec',
  });
  for (const key of Object.keys(ui))
    if (key !== 'TEMPORAL_CODEC_PASS_ACCESS_TOKEN') expect(Object.keys(local)).toContain(key);
  expect(local.TEMPORAL_DEFAULT_NAMESPACE).toBe(ui.TEMPORAL_DEFAULT_NAMESPACE);
  expect(local.TEMPORAL_CODEC_ENDPOINT).toMatch(/\/codec$/);
  expect(ui.TEMPORAL_CODEC_ENDPOINT).toMatch(/\/codec$/);
});

test('two of each app process, each on a port of its own inside one block', () => {
  expect(CLUSTER.workers).toBe(2);
  expect(CLUSTER.apis).toBe(2);
  const ports = Object.values(clusterPorts(46000));
  expect(new Set(ports).size).toBe(ports.length);
  expect(Math.max(...ports)).toBeLessThan(46000 + PORT_BLOCK);
  // The server keeps membership ports in a smallint column: they must stay below 32768.
  const p = clusterPorts(46000);
  for (const k of [
    'frontendMembership',
    'historyMembership',
    'matchingMembership',
    'internalWorkerMembership',
  ] as const)
    expect(p[k]).toBeLessThanOrEqual(MAX_MEMBERSHIP_PORT);
});

test('PostgreSQL (run as the postgres user) can reach a data folder in a clone made with mktemp -d: every closed folder above it is opened for passage only', () => {
  const clone = mkdtempSync(path.join(os.tmpdir(), 'bf-clone-')); // 0700, as `mktemp -d` makes it
  try {
    const data = path.join(clone, '.data-cluster');
    mkdirSync(data, { mode: 0o700 });
    chmodSync(clone, 0o700);
    const mode = (d: string) => statSync(d).mode & 0o777;
    expect(letOthersPass(data)).toEqual([data, clone]);
    expect([mode(clone), mode(data)]).toEqual([0o701, 0o701]); // passage, no listing, nothing else
    expect(letOthersPass(data)).toEqual([]); // once open, left as it is
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
});
