/**
 * The production-like cluster's versions and settings in one place. `docker-compose.yml` is the
 * deployment description; `test/unit/cluster-stack.test.ts` checks that it and this stack (and
 * `scripts/lib.sh`, which builds the binaries) agree.
 */
export const CLUSTER = {
  /** go.temporal.io/server, and the temporalio/auto-setup and admin-tools images. */
  temporalServerVersion: '1.29.1',
  /** github.com/temporalio/ui-server/v2, and the temporalio/ui image. */
  temporalUiVersion: '2.42.1',
  /** The persistence plugin and the schema folder the schema tool applies. */
  sqlPlugin: 'postgres12',
  schemaDir: 'schema/postgresql/v12',
  databases: { temporal: 'temporal', visibility: 'temporal_visibility', audit: 'bolig_forst_audit' },
  /** The database role every process uses (compose: POSTGRES_USER). */
  dbUser: 'bolig_forst',
  namespace: 'bolig-forst',
  /** Closed cases stay in Temporal for ten years (compose: DEFAULT_NAMESPACE_RETENTION). */
  retentionDays: 3650,
  taskQueue: 'pathway',
  /** How many of each app process the cluster runs. */
  workers: 2,
  apis: 2,
} as const;

/**
 * Every port the cluster uses, as an offset from one base, so the whole cluster moves with one
 * variable (`CLUSTER_PORT_BASE`) and a test can find a free block.
 */
export const PORT_OFFSETS = {
  postgres: 0,
  frontend: 1,
  frontendHttp: 2,
  history: 3,
  matching: 4,
  internalWorker: 5,
  frontendMembership: 6,
  historyMembership: 7,
  matchingMembership: 8,
  internalWorkerMembership: 9,
  serverMetrics: 10,
  pprof: 11,
  ui: 12,
  smtp: 13,
  inbox: 14,
  standins: 15,
  api1: 20,
  api2: 21,
  workerMetrics1: 30,
  workerMetrics2: 31,
} as const;

export type ClusterPorts = { [K in keyof typeof PORT_OFFSETS]: number };

/**
 * The server stores its membership ports in a PostgreSQL `smallint` (cluster_membership.rpc_port):
 * above 32767 it fails to start ("value … is out of range for type smallint"). So membership
 * ports of a high block move down by 20,000 (46006 → 26006).
 */
const MEMBERSHIP = new Set<string>([
  'frontendMembership',
  'historyMembership',
  'matchingMembership',
  'internalWorkerMembership',
]);
export const MAX_MEMBERSHIP_PORT = 32767;

export function clusterPorts(base: number): ClusterPorts {
  return Object.fromEntries(
    Object.entries(PORT_OFFSETS).map(([k, offset]) => {
      const port = base + offset;
      return [k, MEMBERSHIP.has(k) && port > MAX_MEMBERSHIP_PORT ? port - 20_000 : port];
    }),
  ) as ClusterPorts;
}

/** Ports a block needs: every offset above. */
export const PORT_BLOCK = Math.max(...Object.values(PORT_OFFSETS)) + 1;
