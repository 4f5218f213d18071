/**
 * Temporal as production runs it, on this machine: PostgreSQL (Debian's binaries, `initdb` into
 * the data folder, run as an unprivileged user, its own port), the `temporal` and
 * `temporal_visibility` databases created and migrated with Temporal's schema tool, the Temporal
 * server built from its Go module with SQL advanced visibility, the namespace with every search
 * attribute, and the Web UI server (the same `ui-server` module and config template the
 * temporalio/ui image runs, with the codec endpoint). Used by `npm run start:cluster`,
 * `npm run test:cluster` and `npm run bench`.
 *
 * Everything it writes lives in `dataDir`, so a second start finds the cases again (the schema
 * tool only applies versions not yet applied).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import YAML from 'yaml';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { Processes, waitForPort } from './processes';
import { CLUSTER, clusterPorts, type ClusterPorts } from './settings';
import { indexedType } from '../search-attributes';

export interface TemporalClusterOptions {
  /** Where PostgreSQL's data, the server's config and logs live. */
  dataDir: string;
  portBase: number;
  /** Output of scripts/ensure-temporal-server.sh. */
  serverDir: string;
  /** PostgreSQL's bin folder (scripts/lib.sh ensure_postgres). */
  pgBin: string;
  /** The codec endpoint the Web UI decodes through (the API's /codec). */
  codecEndpoint?: string;
  /** Start the Web UI too (not needed by tests and benchmarks). */
  ui?: boolean;
  /** Prefix children's output on stdout (the interactive stack) or only keep logs in dataDir. */
  prefixOutput?: boolean;
  /** Server log level: warn by default. */
  logLevel?: string;
}

export interface TemporalCluster {
  ports: ClusterPorts;
  address: string;
  namespace: string;
  /** postgres://… for the API's access log and idempotency records. */
  auditDatabaseUrl: string;
  uiUrl?: string;
  processes: Processes;
  stop(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;
/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user. */
function pgRun(pgBin: string, cmd: string, args: string[], opts: { allowFail?: boolean } = {}) {
  const [file, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', path.join(pgBin, cmd), ...args]]
    : [path.join(pgBin, cmd), args];
  const r = spawnSync(file, argv, { encoding: 'utf8' });
  if (r.status !== 0 && !opts.allowFail)
    throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r;
}

function chownToPostgres(dir: string) {
  if (!asRoot) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(dir, uid, gid);
}

/**
 * Makes `dir` and every folder above it passable by other users (o+x: passage, not listing),
 * where it is not: PostgreSQL runs as the `postgres` user and must reach its data folder, also
 * in a clone under /root or in a `mktemp -d` folder (both 0700). Returns the folders changed.
 */
export function letOthersPass(dir: string): string[] {
  const changed: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const mode = statSync(d).mode & 0o7777;
    if (!(mode & 0o001)) {
      chmodSync(d, mode | 0o001);
      changed.push(d);
    }
    if (d === path.dirname(d)) return changed;
  }
}

/** initdb (first time) and start PostgreSQL on its own port, listening on 127.0.0.1 only. */
function startPostgres(opts: TemporalClusterOptions, ports: ClusterPorts) {
  const root = path.join(opts.dataDir, 'postgres');
  const data = path.join(root, 'data');
  const socketDir = path.join(root, 'socket');
  mkdirSync(socketDir, { recursive: true });
  // The postgres user must be able to pass through to the data folder (mkdtemp makes it 0700).
  if (asRoot) {
    const opened = letOthersPass(opts.dataDir);
    if (opened.length)
      process.stdout.write(
        `[bolig-forst] PostgreSQL runs as the postgres user: passage (o+x, no listing) opened through ${opened.join(', ')}\n`,
      );
  }
  chownToPostgres(root);
  chownToPostgres(socketDir);
  if (!existsSync(path.join(data, 'PG_VERSION'))) {
    // Trust on 127.0.0.1 and the socket only: a development machine. Compose uses a password.
    pgRun(opts.pgBin, 'initdb', [
      '-D',
      data,
      '--auth=trust',
      '-U',
      CLUSTER.dbUser,
      '-E',
      'UTF8',
      '--locale=C',
    ]);
  }
  // Temporal's services each keep a connection pool: room for them and four app processes.
  pgRun(opts.pgBin, 'pg_ctl', [
    '-D',
    data,
    '-o',
    `-p ${ports.postgres} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=300`,
    '-w',
    '-t',
    '60',
    '-l',
    path.join(root, 'postgres.log'),
    'start',
  ]);
  return {
    stop() {
      pgRun(opts.pgBin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'], { allowFail: true });
    },
  };
}

function databaseExists(opts: TemporalClusterOptions, ports: ClusterPorts, db: string): boolean {
  const r = pgRun(opts.pgBin, 'psql', [
    '-h',
    '127.0.0.1',
    '-p',
    String(ports.postgres),
    '-U',
    CLUSTER.dbUser,
    '-d',
    'postgres',
    '-tAc',
    `SELECT 1 FROM pg_database WHERE datname = '${db}'`,
  ]);
  return r.stdout.trim() === '1';
}

/** The schema tool: create the database and the base schema once, then apply every newer version. */
function migrate(opts: TemporalClusterOptions, ports: ClusterPorts) {
  const tool = path.join(opts.serverDir, 'bin', 'temporal-sql-tool');
  const schemaRoot = path.join(opts.serverDir, CLUSTER.schemaDir);
  const sql = (db: string, ...args: string[]) => {
    const r = spawnSync(
      tool,
      [
        '--plugin',
        CLUSTER.sqlPlugin,
        '--ep',
        '127.0.0.1',
        '-p',
        String(ports.postgres),
        '-u',
        CLUSTER.dbUser,
        '--db',
        db,
        ...args,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`temporal-sql-tool ${db} ${args[0]} failed: ${r.stderr || r.stdout}`);
  };
  for (const [db, schema] of [
    [CLUSTER.databases.temporal, 'temporal'],
    [CLUSTER.databases.visibility, 'visibility'],
  ] as const) {
    if (!databaseExists(opts, ports, db)) {
      sql(db, 'create-database');
      sql(db, 'setup-schema', '-v', '0.0');
    }
    sql(db, 'update-schema', '-d', path.join(schemaRoot, schema, 'versioned'));
  }
  if (!databaseExists(opts, ports, CLUSTER.databases.audit)) {
    pgRun(opts.pgBin, 'createdb', [
      '-h',
      '127.0.0.1',
      '-p',
      String(ports.postgres),
      '-U',
      CLUSTER.dbUser,
      CLUSTER.databases.audit,
    ]);
  }
}

/** The sample development-postgres12 config with our ports, database role and log level. */
function writeServerConfig(opts: TemporalClusterOptions, ports: ClusterPorts): string {
  const root = path.join(opts.dataDir, 'temporal');
  mkdirSync(path.join(root, 'config', 'dynamicconfig'), { recursive: true });
  const cfg = YAML.parse(
    readFileSync(path.join(opts.serverDir, 'config', 'development-postgres12.yaml'), 'utf8'),
  );
  cfg.log = { stdout: true, level: opts.logLevel ?? 'warn' };
  for (const store of Object.values(cfg.persistence.datastores) as { sql: Record<string, unknown> }[]) {
    store.sql.connectAddr = `127.0.0.1:${ports.postgres}`;
    store.sql.user = CLUSTER.dbUser;
    store.sql.password = '';
  }
  // Visibility serves every list, count and the Web UI: the sample's two connections queue them.
  cfg.persistence.datastores['postgres-visibility'].sql.maxConns = 10;
  cfg.persistence.datastores['postgres-visibility'].sql.maxIdleConns = 10;
  cfg.global.pprof.port = ports.pprof;
  cfg.global.metrics.prometheus.listenAddress = `127.0.0.1:${ports.serverMetrics}`;
  const svc = cfg.services;
  svc.frontend.rpc = {
    ...svc.frontend.rpc,
    grpcPort: ports.frontend,
    httpPort: ports.frontendHttp,
    membershipPort: ports.frontendMembership,
  };
  svc.history.rpc = { ...svc.history.rpc, grpcPort: ports.history, membershipPort: ports.historyMembership };
  svc.matching.rpc = {
    ...svc.matching.rpc,
    grpcPort: ports.matching,
    membershipPort: ports.matchingMembership,
  };
  svc.worker.rpc = {
    ...svc.worker.rpc,
    grpcPort: ports.internalWorker,
    membershipPort: ports.internalWorkerMembership,
  };
  cfg.clusterMetadata.clusterInformation.active.rpcAddress = `127.0.0.1:${ports.frontend}`;
  // Archival is off in our namespaces; the sample's filestore provider would write to /tmp.
  cfg.archival = { history: { state: 'disabled' }, visibility: { state: 'disabled' } };
  delete cfg.namespaceDefaults;
  const dynamic = YAML.parse(
    readFileSync(path.join(opts.serverDir, 'config', 'dynamicconfig', 'development-sql.yaml'), 'utf8'),
  );
  dynamic['component.nexusoperations.callback.endpoint.template'] = [
    { value: `http://localhost:${ports.frontendHttp}/namespaces/{{.NamespaceName}}/nexus/callback` },
  ];
  // New search attributes are usable at once (the dev server sets the same).
  dynamic['system.forceSearchAttributesCacheRefreshOnRead'] = [{ value: true }];
  const dynamicFile = path.join(root, 'config', 'dynamicconfig', 'cluster.yaml');
  writeFileSync(dynamicFile, YAML.stringify(dynamic));
  cfg.dynamicConfigClient = { filepath: dynamicFile, pollInterval: '10s' };
  writeFileSync(path.join(root, 'config', 'cluster.yaml'), YAML.stringify(cfg));
  return root;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The namespace and every search attribute the dev server is started with; both idempotent. */
export async function ensureNamespace(
  address: string,
  namespace: string = CLUSTER.namespace,
  retentionDays: number = CLUSTER.retentionDays,
) {
  const connection = await Connection.connect({ address });
  try {
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
      });
    } catch (err) {
      if (!/already exists|AlreadyExists/i.test(String(err))) throw err;
    }
    // The namespace registry refreshes every few seconds: wait until the frontend knows it.
    for (let i = 0; ; i++) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        break;
      } catch (err) {
        if (i > 150) throw err;
        await sleep(200);
      }
    }
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = ALL_SEARCH_ATTRIBUTES.filter((k) => !customAttributes?.[k.name]);
    if (missing.length > 0) {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map((k) => [k.name, indexedType[k.type]])),
      });
    }
    // A visibility query proves the namespace and the attributes are usable.
    for (let i = 0; ; i++) {
      try {
        await connection.workflowService.countWorkflowExecutions({
          namespace,
          query: ALL_SEARCH_ATTRIBUTES.map((k) => `${k.name} IS NULL`).join(' AND '),
        });
        break;
      } catch (err) {
        if (i > 150) throw err;
        await sleep(200);
      }
    }
  } finally {
    await connection.close();
  }
}

/** The ui-server's own `docker` config template: the one the temporalio/ui image runs. */
export const UI_SERVER_ARGS = (serverDir: string) => [
  '--root',
  serverDir,
  '--config',
  'ui-config',
  '--env',
  'docker',
  'start',
];

/** The variables that template reads, as docker-compose.yml sets them for the temporalio/ui image. */
export function uiServerEnv(opts: {
  address: string;
  uiPort: number;
  codecEndpoint?: string;
}): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: opts.address,
    TEMPORAL_UI_PORT: String(opts.uiPort),
    TEMPORAL_DEFAULT_NAMESPACE: CLUSTER.namespace,
    TEMPORAL_CODEC_ENDPOINT: opts.codecEndpoint ?? '',
    // Plain http on this machine: production passes the access token to an https codec instead.
    TEMPORAL_CORS_ORIGINS: `http://localhost:${opts.uiPort},http://127.0.0.1:${opts.uiPort}`,
    TEMPORAL_CSRF_COOKIE_INSECURE: 'true',
    TEMPORAL_NOTIFY_ON_NEW_VERSION: 'false',
  };
}

export async function startTemporalCluster(opts: TemporalClusterOptions): Promise<TemporalCluster> {
  const ports = clusterPorts(opts.portBase);
  mkdirSync(opts.dataDir, { recursive: true });
  const processes = new Processes({
    prefix: opts.prefixOutput ?? false,
    logFile: path.join(opts.dataDir, 'cluster.log'),
  });
  const pg = startPostgres(opts, ports);
  let serverStarted = false;
  let died = '';
  processes.onUnexpectedExit = (child, code, signal) => {
    died = `${child.name} exited (${signal ?? code}) while starting: see ${path.join(opts.dataDir, 'cluster.log')}`;
  };
  const abort = () => {
    if (died) throw new Error(died);
    return processes.stopping;
  };
  const stop = async () => {
    await processes.stopAll();
    pg.stop();
  };
  try {
    migrate(opts, ports);
    const root = writeServerConfig(opts, ports);
    processes.run('temporal', path.join(opts.serverDir, 'bin', 'temporal-server'), [
      '--root',
      root,
      '--config',
      'config',
      '--env',
      'cluster',
      '--allow-no-auth',
      'start',
    ]);
    serverStarted = true;
    await waitForPort(ports.frontend, 'Temporal frontend', { abort });
    const address = `127.0.0.1:${ports.frontend}`;
    await ensureNamespace(address);
    let uiUrl: string | undefined;
    if (opts.ui) {
      uiUrl = `http://localhost:${ports.ui}`;
      // The same config template and variables as the temporalio/ui image in docker-compose.yml.
      processes.run(
        'web-ui',
        path.join(opts.serverDir, 'bin', 'temporal-ui-server'),
        UI_SERVER_ARGS(opts.serverDir),
        {
          env: {
            ...process.env,
            ...uiServerEnv({ address, uiPort: ports.ui, codecEndpoint: opts.codecEndpoint }),
          },
        },
      );
      await waitForPort(ports.ui, 'Temporal Web UI', { abort });
    }
    return {
      ports,
      address,
      namespace: CLUSTER.namespace,
      auditDatabaseUrl: `postgres://${CLUSTER.dbUser}@127.0.0.1:${ports.postgres}/${CLUSTER.databases.audit}`,
      uiUrl,
      processes,
      stop,
    };
  } catch (err) {
    if (serverStarted) await processes.stopAll();
    pg.stop();
    throw err;
  }
}
