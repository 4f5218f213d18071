/**
 * `npm run bench:national`: the service at the scale of a whole country, on the CLI's dev server
 * and on the cluster (Temporal server on PostgreSQL), each stack as separate OS processes so the
 * worker's and Temporal's CPU and memory can be read from /proc.
 *
 *   national  BENCH_NATIONAL_N (default 50,000) open cases spread over every stage, created
 *             through the API as a municipality would: `POST /referrals` for the first review,
 *             `POST /existing-cases` for the six stages after it (the route a municipality uses
 *             to enter people already in the programme). Every case carries live timers (the
 *             stage's reminder and escalation, days away; decision reviews and evaluations in
 *             follow-up). Reported: cases/s accepted by the API, cases/s until each case's first
 *             workflow task is done (its NextDueAt search attribute is set), the worker's RSS
 *             sampled throughout and after, and the CPU of the worker, Temporal and the API.
 *   lag       BENCH_LAG_N (default 1,000) cases whose reminders all fall due in the same minute:
 *             registered in mapping since yesterday under a test profile (working hours around
 *             the clock, every ladder's reminder set so that yesterday's start of day plus the
 *             ladder is one whole minute a little after the cohort is created). Lag per case =
 *             the SMTP server's acceptance of the reminder's Message-ID − the due time the case
 *             itself carries (its task's `remindAt`, read through the API). Target p99 < 60 s.
 *   scaling   cluster only: BENCH_SCALING_N (default 1,000) referrals with one worker polling,
 *             then the same with two, cases/s and cases per second per core of the workers.
 *
 * BENCH_TARGETS (default dev,cluster), BENCH_CONCURRENCY (default 16 requests in flight),
 * WORKER_MAX_CACHED_WORKFLOWS (the worker's cache, default the SDK's), BENCH_XSD_EVERY (the
 * archive stand-in checks every n-th message against the XSD, default 50; 1 checks all: xmllint
 * costs ~0.4 s of CPU per message, load of a system that in production runs on other machines). Results go to
 * bench/results/national-<timestamp>.json. No test asserts a time.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { Connection } from '@temporalio/client';
import { messageIdFor } from '../activities/email';
import { fromLocal, localDate, parseIsoDate } from '../domain/calendar';
import { withControlDigits } from '../domain/national-id';
import type { Role } from '../domain/types';
import { DEV_JWT_SECRET_FILE, devSecret } from '../platform/dev-secrets';
import { DEV_TOKEN_ISSUER, signDevToken } from '../platform/dev-tokens';
import { writeCaseBundle } from '../platform/temporal';
import { Proc, standinsAndSmtp } from '../scripts/chaos/processes';
import { freePort, portFree } from '../scripts/ports';
import { CLUSTER, clusterPorts } from '../scripts/cluster/settings';
import { startTemporalCluster, type TemporalCluster } from '../scripts/cluster/temporal-cluster';
import { searchAttributeFlags } from '../scripts/search-attributes';
import {
  coresUsed,
  cpuTicksOf,
  percentile,
  reminderLag,
  rssOf,
  type Accepted,
  type DueReminder,
  type LagSummary,
  type ProcSample,
} from './national-stats';

const ROOT = path.resolve(__dirname, '..');
const env = process.env;
const N = Number(env.BENCH_NATIONAL_N ?? 50_000);
const LAG_N = Number(env.BENCH_LAG_N ?? 1_000);
const SCALING_N = Number(env.BENCH_SCALING_N ?? 1_000);
const CONCURRENCY = Number(env.BENCH_CONCURRENCY ?? 16);
/** How long the archive may take to drain before the lag cohort (the stand-in checks 1 message in XSD_EVERY against its XSD). */
const DRAIN_MAX_MS = Number(env.BENCH_DRAIN_MAX_SECONDS ?? 300) * 1000;
/** The archive stand-in's XSD check on every n-th message (standins/app.ts `xsdEvery`). */
const XSD_EVERY = Number(env.BENCH_XSD_EVERY ?? 50);
const TARGETS = (env.BENCH_TARGETS ?? 'dev,cluster').split(',').filter(Boolean) as ('dev' | 'cluster')[];
const NAMESPACE = 'bolig-forst';
const TZ = 'Europe/Oslo';
const TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
/** Users and client addresses the load is spread over, as many people behind one proxy (rate limits). */
const PEOPLE = 128;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`);

// --- Dates ------------------------------------------------------------------------------------

function osloDate(offsetDays = 0): string {
  return localDate(new Date(Date.now() + offsetDays * 86_400_000), TZ);
}

// --- Profiles ---------------------------------------------------------------------------------

interface Office {
  id: string;
  municipality: string;
}

/**
 * The municipalities' profiles, copied: places enough for every case (a national programme's
 * sum), otherwise as shipped. With `lagMinutes`, the test profile of the lag cohort: working
 * hours around the clock and every ladder's reminder `lagMinutes` after its anchor.
 */
function writeProfiles(dir: string, opts: { places: number; lagMinutes?: number }): Office[] {
  mkdirSync(dir, { recursive: true });
  const offices: Office[] = [];
  const src = path.join(ROOT, 'config', 'municipalities');
  for (const f of readdirSync(src).filter((f) => f.endsWith('.json'))) {
    const profile = JSON.parse(readFileSync(path.join(src, f), 'utf8'));
    profile.places = Math.max(profile.places, opts.places);
    if (opts.lagMinutes !== undefined) {
      profile.policy.workingHours = { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' };
      for (const ladder of Object.values(profile.policy.ladders) as {
        remindAfter: string;
        escalateAfter: string;
      }[]) {
        ladder.remindAfter = `${opts.lagMinutes} minutes`;
        ladder.escalateAfter = `${2 * opts.lagMinutes} minutes`;
      }
    }
    writeFileSync(path.join(dir, f), JSON.stringify(profile, null, 2));
    for (const o of profile.offices as { id: string }[]) offices.push({ id: o.id, municipality: profile.id });
  }
  return offices;
}

// --- Case bodies ------------------------------------------------------------------------------

const STAGES = [
  'first-review',
  'mapping',
  'second-review',
  'decision',
  'housing',
  'move-in',
  'follow-up',
] as const;
type Stage = (typeof STAGES)[number];

let serial = 0;
function person() {
  serial++;
  return { name: `Nasjonal Person ${serial}`, nationalId: withControlDigits('010170123')! };
}

/** A case at `stage` since `since` (dates as the API takes them); every timer days away. */
function caseBody(stage: Stage, office: string, since: string): { route: string; body: object } {
  const referral = {
    person: person(),
    office,
    // Both problems: inside every municipality's target group (Stavanger asks for both).
    criteria: { homeless: true, substanceUse: true, mentalHealth: true, additional: [] },
    consent: { given: true, date: since, scope: ['assessment-team', 'hf-team'] },
  };
  if (stage === 'first-review') return { route: '/referrals', body: referral };
  const mapping = {
    followUpWorker: 'Ola Oppfølger',
    housingWishes: { areas: ['Sentrum'], type: 'leilighet', needs: [] },
    forms: { mapping: since, baseline1: since },
    mansaBaseline: 3.4,
  };
  const decision = { services: [{ kind: 'oppfølging i hjemmet', hoursPerWeek: 6 }], date: since };
  const after = (s: Stage) => STAGES.indexOf(stage) >= STAGES.indexOf(s);
  const existing: Record<string, unknown> = { stage, stageSince: since };
  if (after('second-review')) existing.mapping = mapping;
  if (after('housing')) existing.decision = decision;
  if (stage === 'move-in')
    existing.lease = { unitId: `NAT-${serial}`, signedDate: since, moveInDate: osloDate(7) };
  if (stage === 'follow-up') {
    existing.movedInAt = since;
    existing.lastContactAt = since;
  }
  return { route: '/existing-cases', body: { ...referral, referredAt: since, existing } };
}

// --- The load ---------------------------------------------------------------------------------

class Load {
  private tokens = new Map<string, Promise<string>>();
  readonly latencies: number[] = [];
  failures = 0;
  retries = 0;
  firstError?: string;

  constructor(
    private readonly apis: string[],
    private readonly secret: Uint8Array,
  ) {}

  token(role: Role, municipality: string, office: string | undefined, who: number) {
    const k = `${role}/${municipality}/${office}/${who}`;
    let t = this.tokens.get(k);
    if (!t) {
      t = signDevToken(
        this.secret,
        { sub: `bench-${role}-${who}`, name: `Bench ${who}`, roles: [role], municipality, office },
        { issuer: DEV_TOKEN_ISSUER, audience: 'bolig-forst', expiresIn: '12h' },
      );
      this.tokens.set(k, t);
    }
    return t;
  }

  /** One request, sent again with the same Idempotency-Key on 5xx, 429 or no answer. */
  async send(
    i: number,
    method: string,
    route: string,
    token: string,
    body?: object,
  ): Promise<Record<string, unknown> | undefined> {
    const key = body ? randomBytes(12).toString('hex') : undefined;
    const t0 = performance.now();
    for (let attempt = 0; ; attempt++) {
      const api = this.apis[i % this.apis.length];
      try {
        const res = await fetch(`${api}${route}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            'x-forwarded-for': `10.77.${(i % PEOPLE) >> 8}.${i % PEOPLE}`,
            ...(body ? { 'content-type': 'application/json', 'idempotency-key': key! } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(120_000),
        });
        const json = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
        if (res.status < 300) {
          this.latencies.push(performance.now() - t0);
          return json;
        }
        if (res.status < 500 && res.status !== 429)
          throw new Error(`${method} ${route} → ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
        this.firstError ??= `${res.status} ${JSON.stringify(json).slice(0, 200)}`;
      } catch (err) {
        if ((err as Error).message.includes('→')) {
          this.failures++;
          this.firstError ??= (err as Error).message;
          return undefined;
        }
        this.firstError ??= (err as Error).message;
      }
      if (attempt >= 8) {
        this.failures++;
        return undefined;
      }
      this.retries++;
      await sleep(500 * 2 ** Math.min(attempt, 4) * (0.5 + Math.random()));
    }
  }
}

async function inParallel(n: number, limit: number, fn: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

interface Created {
  caseId: string;
  stage: Stage;
  municipality: string;
  createdAt: string;
}

/** Creates `n` cases through the API, stages round-robin (or the one given), offices spread. */
async function createCases(
  load: Load,
  offices: Office[],
  n: number,
  opts: { stage?: Stage; since: string; firstIndex?: number },
): Promise<{ created: Created[]; seconds: number }> {
  const created: Created[] = [];
  const t0 = performance.now();
  let done = 0;
  const progress = setInterval(() => log(`  ${done}/${n} accepted`), 15_000);
  try {
    await inParallel(n, CONCURRENCY, async (k) => {
      const i = (opts.firstIndex ?? 0) + k;
      const stage = opts.stage ?? STAGES[i % STAGES.length];
      const office = offices[Math.floor(i / STAGES.length) % offices.length];
      const { route, body } = caseBody(stage, office.id, opts.since);
      const role: Role = stage === 'first-review' ? 'caseworker' : 'team-lead';
      const token = await load.token(
        role,
        office.municipality,
        role === 'caseworker' ? office.id : undefined,
        i % PEOPLE,
      );
      const res = await load.send(i, 'POST', route, token, body);
      done++;
      if (typeof res?.id === 'string')
        created.push({
          caseId: res.id,
          stage,
          municipality: office.municipality,
          createdAt: new Date().toISOString(),
        });
    });
  } finally {
    clearInterval(progress);
  }
  return { created, seconds: (performance.now() - t0) / 1000 };
}

// --- Sampling /proc ---------------------------------------------------------------------------

interface Sample {
  at: number;
  phase: string;
  groups: Record<string, ProcSample>;
}

function readProc(pid: number): { cpuTicks: number; rssBytes: number } | undefined {
  try {
    return {
      cpuTicks: cpuTicksOf(readFileSync(`/proc/${pid}/stat`, 'utf8')),
      rssBytes: rssOf(readFileSync(`/proc/${pid}/status`, 'utf8')),
    };
  } catch {
    return undefined;
  }
}

/** The PIDs of a process and its children (PostgreSQL's backends are children of the postmaster). */
function withChildren(pid: number): number[] {
  const out = [pid];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

class Sampler {
  readonly samples: Sample[] = [];
  phase = 'start';
  private timer?: NodeJS.Timeout;
  constructor(private readonly groups: () => Record<string, number[]>) {}

  take() {
    const groups: Record<string, ProcSample> = {};
    for (const [name, pids] of Object.entries(this.groups())) {
      let cpuTicks = 0;
      let rssBytes = 0;
      for (const pid of pids) {
        const r = readProc(pid);
        if (r) {
          cpuTicks += r.cpuTicks;
          rssBytes += r.rssBytes;
        }
      }
      groups[name] = { at: Date.now(), cpuTicks, rssBytes };
    }
    this.samples.push({ at: Date.now(), phase: this.phase, groups });
  }
  start(everyMs = 2_000) {
    this.take();
    this.timer = setInterval(() => this.take(), everyMs);
  }
  stop() {
    clearInterval(this.timer);
    this.take();
  }
  /** A mark: a sample now, labelled with the phase that begins. */
  mark(phase: string) {
    this.phase = phase;
    this.take();
    return this.samples.length - 1;
  }
}

interface PhaseFigures {
  seconds: number;
  /** Cores used on average by each group (CPU seconds ÷ wall seconds). */
  cores: Record<string, number>;
  cpuSeconds: Record<string, number>;
  rssMiB: Record<string, { first: number; max: number; last: number }>;
}

function phaseFigures(sampler: Sampler, from: number, to: number): PhaseFigures {
  const a = sampler.samples[from];
  const b = sampler.samples[to];
  const slice = sampler.samples.slice(from, to + 1);
  const cores: Record<string, number> = {};
  const cpuSeconds: Record<string, number> = {};
  const rssMiB: PhaseFigures['rssMiB'] = {};
  for (const g of Object.keys(b.groups)) {
    if (!a.groups[g]) continue;
    cores[g] = round(coresUsed(a.groups[g], b.groups[g], TICKS), 2);
    cpuSeconds[g] = round((b.groups[g].cpuTicks - a.groups[g].cpuTicks) / TICKS, 1);
    const rss = slice.map((s) => (s.groups[g]?.rssBytes ?? 0) / 2 ** 20);
    rssMiB[g] = { first: round(rss[0], 0), max: round(Math.max(...rss), 0), last: round(rss.at(-1)!, 0) };
  }
  return { seconds: round((b.at - a.at) / 1000, 1), cores, cpuSeconds, rssMiB };
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

// --- Waiting for the workers ------------------------------------------------------------------

/** Cases whose first workflow task is done: the worker sets NextDueAt there (the API does not). */
async function countProcessed(connection: Connection): Promise<number> {
  const res = await connection.workflowService.countWorkflowExecutions({
    namespace: NAMESPACE,
    query: `WorkflowType = 'caseWorkflow' AND NextDueAt IS NOT NULL`,
  });
  return Number(res.count ?? 0);
}

/** Waits until `target` cases are processed, or no progress for `stallMs`; returns when it happened. */
async function waitProcessed(connection: Connection, target: number, stallMs = 180_000): Promise<number> {
  let last = -1;
  let lastChange = Date.now();
  let reported = Date.now();
  for (;;) {
    const n = await countProcessed(connection).catch(() => last);
    if (n >= target) return Date.now();
    if (n !== last) {
      last = n;
      lastChange = Date.now();
    }
    if (Date.now() - reported > 15_000) {
      log(`  ${n}/${target} processed by the worker`);
      reported = Date.now();
    }
    if (Date.now() - lastChange > stallMs) {
      log(`  stalled at ${n}/${target} processed; going on`);
      return Date.now();
    }
    await sleep(1_000);
  }
}

/** Messages the archive stand-in has taken (two per case: the case file and the referral's entry). */
function archived(dataDir: string): number {
  try {
    return readdirSync(path.join(dataDir, 'standins', 'archive')).filter((f) => f.endsWith('.json')).length;
  } catch {
    return 0;
  }
}

/** Waits until the archive has `target` messages or `maxMs` passed; returns the count reached. */
async function waitArchived(dataDir: string, target: number, maxMs: number): Promise<number> {
  const until = Date.now() + maxMs;
  let reported = Date.now();
  for (;;) {
    const n = archived(dataDir);
    if (n >= target || Date.now() > until) return n;
    if (Date.now() - reported > 15_000) {
      log(`  ${n}/${target} archive messages taken`);
      reported = Date.now();
    }
    await sleep(2_000);
  }
}

// --- The reminder-lag cohort ------------------------------------------------------------------

function readMail(file: string): Accepted[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Accepted);
}

/** Minutes from yesterday's start of day (the anchor of a mapping registered yesterday) to `at`. */
function minutesFromYesterday(at: Date): { minutes: number; yesterday: string } {
  const yesterday = localDate(new Date(Date.now() - 86_400_000), TZ);
  const { year, month, day } = parseIsoDate(yesterday);
  const anchor = fromLocal(TZ, year, month, day, 0, 0);
  return { minutes: Math.ceil((at.getTime() - anchor.getTime()) / 60_000), yesterday };
}

// --- The stacks -------------------------------------------------------------------------------

interface Stack {
  target: 'dev' | 'cluster';
  dataDir: string;
  address: string;
  apis: Proc[];
  apiUrls: string[];
  workers: Proc[];
  mailLog: string;
  secret: Uint8Array;
  offices: Office[];
  profilesDir: string;
  /** Starts another API process reading `profilesDir` (the lag cohort's test profile). */
  extraApi(profilesDir: string): Promise<{ proc: Proc; url: string }>;
  groups(): Record<string, number[]>;
  stop(): Promise<void>;
}

async function waitReady(url: string) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) })).ok) return;
    } catch {
      /* not yet */
    }
    await sleep(500);
  }
  throw new Error(`the API at ${url} never became ready`);
}

async function freeClusterBase(): Promise<number> {
  const first = Number(env.CLUSTER_BENCH_PORT_BASE ?? 47100);
  for (let base = first; base < first + 800; base += 50)
    if ((await Promise.all(Object.values(clusterPorts(base)).map(portFree))).every(Boolean)) return base;
  throw new Error('no free block of ports for the cluster');
}

async function startStack(target: 'dev' | 'cluster', workers: number, apis: number): Promise<Stack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `bf-national-${target}-`));
  const logDir = path.join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const profilesDir = path.join(dataDir, 'municipalities');
  const offices = writeProfiles(profilesDir, { places: N + LAG_N + 2 * SCALING_N + 10 });
  const mailLog = path.join(dataDir, 'mail.jsonl');
  writeFileSync(mailLog, '');
  const node = process.execPath;
  const ts = (file: string, ...rest: string[]) => ['--import', 'tsx', file, ...rest];
  const procs: Proc[] = [];
  let cluster: TemporalCluster | undefined;
  let temporal: Proc | undefined;
  let address: string;
  if (target === 'dev') {
    const port = await freePort();
    temporal = new Proc(
      {
        name: 'temporal',
        cmd: env.TEMPORAL_CLI ?? path.join(ROOT, '.tools', 'bin', 'temporal'),
        args: [
          'server',
          'start-dev',
          '--db-filename',
          path.join(dataDir, 'temporal.db'),
          '--namespace',
          NAMESPACE,
          '--port',
          String(port),
          '--http-port',
          String(await freePort()),
          '--metrics-port',
          String(await freePort()),
          '--headless',
          '--ip',
          '127.0.0.1',
          '--log-level',
          'error',
          ...searchAttributeFlags(),
        ],
        cwd: ROOT,
        port,
      },
      logDir,
    );
    await temporal.start();
    address = `127.0.0.1:${port}`;
  } else {
    if (!env.TEMPORAL_SERVER_DIR || !env.PG_BIN)
      throw new Error('the cluster target needs TEMPORAL_SERVER_DIR and PG_BIN (npm run bench:national)');
    cluster = await startTemporalCluster({
      dataDir,
      portBase: await freeClusterBase(),
      serverDir: env.TEMPORAL_SERVER_DIR,
      pgBin: env.PG_BIN,
    });
    address = cluster.address;
  }
  const ports = { smtp: await freePort(), standins: await freePort() };
  const secret = devSecret(dataDir, DEV_JWT_SECRET_FILE);
  const bundlePath = await writeCaseBundle(path.join(dataDir, 'workflow-bundle.js'));
  const appEnv: Record<string, string> = {
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: NAMESPACE,
    TEMPORAL_TASK_QUEUE: CLUSTER.taskQueue,
    API_HOST: '127.0.0.1',
    TRUSTED_PROXIES: 'loopback',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(ports.smtp),
    STANDINS_URL: `http://127.0.0.1:${ports.standins}`,
    STANDINS_PORT: String(ports.standins),
    STANDINS_XSD_EVERY: String(XSD_EVERY),
    BF_DATA_DIR: dataDir,
    BF_MUNICIPALITIES_DIR: profilesDir,
    BF_WORKFLOW_BUNDLE: bundlePath,
    // The doctor's visibility scans are load of their own; production runs it, so does this.
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    ...(cluster ? { AUDIT_DATABASE_URL: cluster.auditDatabaseUrl } : {}),
  };
  const { standins, smtp } = standinsAndSmtp({ root: ROOT, env: appEnv, ports, mailLog, logDir });
  procs.push(standins, smtp);
  await Promise.all([standins.start(), smtp.start()]);
  const workerProcs: Proc[] = [];
  for (let i = 0; i < workers; i++) {
    const metrics = await freePort();
    const w = new Proc(
      {
        name: `worker-${i + 1}`,
        cmd: node,
        args: ts('worker/main.ts'),
        env: { ...appEnv, WORKER_METRICS_PORT: String(metrics) },
        cwd: ROOT,
        port: metrics,
      },
      logDir,
    );
    workerProcs.push(w);
    procs.push(w);
  }
  // The first worker creates the schedules and coordinators; the others follow.
  if (workerProcs[0]) await workerProcs[0].start();
  const apiProcs: Proc[] = [];
  const apiUrls: string[] = [];
  const startApi = async (name: string, extra: Record<string, string> = {}) => {
    const port = await freePort();
    const p = new Proc(
      {
        name,
        cmd: node,
        args: ts('api/main.ts'),
        env: { ...appEnv, API_PORT: String(port), ...extra },
        cwd: ROOT,
        port,
      },
      logDir,
    );
    procs.push(p);
    await p.start();
    const url = `http://127.0.0.1:${port}`;
    await waitReady(url);
    return { proc: p, url };
  };
  for (let i = 0; i < apis; i++) {
    const { proc, url } = await startApi(`api-${i + 1}`);
    apiProcs.push(proc);
    apiUrls.push(url);
  }
  const pgPid = () => {
    if (!cluster) return [];
    try {
      const pid = Number(
        readFileSync(path.join(dataDir, 'postgres', 'data', 'postmaster.pid'), 'utf8').split('\n')[0],
      );
      return withChildren(pid);
    } catch {
      return [];
    }
  };
  const serverPid = () => {
    if (temporal?.pid) return [temporal.pid];
    const child = cluster?.processes.children.find((c) => c.name === 'temporal');
    return child?.proc.pid ? [child.proc.pid] : [];
  };
  return {
    target,
    dataDir,
    address,
    apis: apiProcs,
    apiUrls,
    workers: workerProcs,
    mailLog,
    secret,
    offices,
    profilesDir,
    extraApi: (dir) => startApi(`api-lag`, { BF_MUNICIPALITIES_DIR: dir }),
    groups() {
      const g: Record<string, number[]> = {
        temporal: serverPid(),
        workers: workerProcs.flatMap((w) => (w.running && w.pid ? [w.pid] : [])),
        apis: procs.filter((p) => p.spec.name.startsWith('api') && p.running && p.pid).map((p) => p.pid!),
        standins: standins.pid ? [standins.pid] : [],
      };
      workerProcs.forEach((w, i) => {
        g[`worker-${i + 1}`] = w.running && w.pid ? [w.pid] : [];
      });
      if (cluster) g.postgres = pgPid();
      return g;
    },
    async stop() {
      for (const p of [...procs].reverse()) await p.kill('SIGTERM');
      for (const p of procs) p.close();
      if (temporal) {
        await temporal.kill('SIGTERM');
        temporal.close();
      }
      await cluster?.stop();
      if (!env.BENCH_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
      else log(`data kept in ${dataDir}`);
    },
  };
}

// --- One target -------------------------------------------------------------------------------

interface ScalingFigures {
  workers: number;
  cases: number;
  casesPerSecond: number;
  workerCores: number;
  /** Cases per second for each core the workers kept busy. */
  casesPerSecondPerWorkerCore: number;
  /** Cases per CPU second of the whole stack (Temporal, PostgreSQL, APIs, workers). */
  casesPerStackCpuSecond: number;
  phase: PhaseFigures;
}

async function scaling(stack: Stack, sampler: Sampler, connection: Connection, load: Load) {
  const out: ScalingFigures[] = [];
  let processedBefore = await countProcessed(connection);
  for (const workers of [1, 2]) {
    // The second worker starts for the second half only (the first half runs on one).
    if (workers === 2 && stack.workers[1]) await stack.workers[1].start();
    await sleep(3_000);
    log(`[${stack.target}] scaling: ${SCALING_N} referrals with ${workers} worker(s)`);
    const from = sampler.mark(`scaling-${workers}`);
    const t0 = Date.now();
    const { created } = await createCases(load, stack.offices, SCALING_N, {
      stage: 'first-review',
      since: osloDate(0),
      firstIndex: 10_000_000 * workers,
    });
    const doneAt = await waitProcessed(connection, processedBefore + created.length);
    const to = sampler.mark(`scaling-${workers}-done`);
    processedBefore = await countProcessed(connection);
    const phase = phaseFigures(sampler, from, to);
    const seconds = (doneAt - t0) / 1000;
    const casesPerSecond = created.length / seconds;
    const workerCores = phase.cores.workers ?? 0;
    const stackCpu = Object.entries(phase.cpuSeconds)
      .filter(([g]) => !g.startsWith('worker-'))
      .reduce((s, [, v]) => s + v, 0);
    log(
      `[${stack.target}] scaling: ${workers} worker(s): ${round(casesPerSecond, 2)} cases/s, workers ${workerCores} cores`,
    );
    out.push({
      workers,
      cases: created.length,
      casesPerSecond: round(casesPerSecond, 2),
      workerCores,
      casesPerSecondPerWorkerCore: round(workerCores > 0 ? casesPerSecond / workerCores : NaN, 2),
      casesPerStackCpuSecond: round(stackCpu > 0 ? created.length / stackCpu : NaN, 2),
      phase,
    });
  }
  return out;
}

/** The stack running now, stopped on Ctrl-C or SIGTERM so no process is left behind. */
let current: Stack | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log(`${signal}: stopping the stack`);
    void (current?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });

async function runTarget(target: 'dev' | 'cluster') {
  const workers = target === 'cluster' ? CLUSTER.workers : 1;
  const apis = target === 'cluster' ? CLUSTER.apis : 1;
  log(`[${target}] starting the stack (${workers} worker(s), ${apis} API(s))`);
  const stack = await startStack(target, workers, apis);
  current = stack;
  const sampler = new Sampler(() => stack.groups());
  const connection = await Connection.connect({ address: stack.address });
  try {
    const load = new Load(stack.apiUrls, stack.secret);
    sampler.start();
    await sleep(5_000); // the coordinators and schedules the workers create at start
    const scalingFigures = target === 'cluster' ? await scaling(stack, sampler, connection, load) : undefined;
    for (const w of stack.workers) if (!w.running) await w.start();
    const processedBefore = await countProcessed(connection);

    // National scale.
    log(`[${target}] national: ${N} cases over ${STAGES.length} stages, ${CONCURRENCY} in flight`);
    const nFrom = sampler.mark('national');
    const t0 = Date.now();
    const national = await createCases(load, stack.offices, N, { since: osloDate(0) });
    const acceptedAt = Date.now();
    const nAccepted = sampler.mark('national-accepted');
    log(`[${target}] national: ${national.created.length} accepted in ${national.seconds.toFixed(0)} s`);
    const processedAt = await waitProcessed(connection, processedBefore + national.created.length);
    const nProcessed = sampler.mark('national-processed');
    const apiLatency = {
      p50Ms: round(percentile(load.latencies, 50) ?? NaN, 1),
      p99Ms: round(percentile(load.latencies, 99) ?? NaN, 1),
    };
    // Idle with every case open: the worker's memory after the load.
    log(`[${target}] idle 60 s with ${national.created.length} cases open`);
    await sleep(60_000);
    const nIdle = sampler.mark('national-idle');
    // The outside calls the cases made (archive: two per case) drain before the reminders fall
    // due: 1,000 reminders due in one minute come from cases registered long before, not from
    // cases whose archive calls still fill the worker's activity slots.
    const archiveBefore = archived(stack.dataDir);
    const archiveTarget = 2 * (processedBefore + national.created.length);
    log(`[${target}] waiting for the archive to take ${archiveTarget} messages (has ${archiveBefore})`);
    const drainedCount = await waitArchived(stack.dataDir, archiveTarget, DRAIN_MAX_MS);
    const drainedAt = Date.now();
    const nDrained = sampler.mark('national-drained');
    const archivePerSecond = drainedCount / Math.max(1, (drainedAt - t0) / 1000);
    const byStage = Object.fromEntries(
      STAGES.map((s) => [s, national.created.filter((c) => c.stage === s).length]),
    );

    // Reminder lag: LAG_N reminders due in the same minute.
    const rate = national.created.length / Math.max(1, national.seconds);
    // Time to register the cohort, and for the archive to take its 2 × LAG_N messages.
    // (The archive's part at most DRAIN_MAX_MS: a slower archive leaves a backlog, reported.)
    const budgetMs =
      (LAG_N / Math.max(rate, 0.5)) * 1.5 * 1000 +
      Math.min(DRAIN_MAX_MS, ((2 * LAG_N) / Math.max(archivePerSecond, 0.1)) * 1.3 * 1000) +
      60_000;
    const dueTarget = new Date(Math.ceil((Date.now() + budgetMs) / 60_000) * 60_000);
    const { minutes, yesterday } = minutesFromYesterday(dueTarget);
    const lagProfiles = path.join(stack.dataDir, 'municipalities-lag');
    writeProfiles(lagProfiles, { places: N + LAG_N + 2 * SCALING_N + 10, lagMinutes: minutes });
    const lagApi = await stack.extraApi(lagProfiles);
    log(
      `[${target}] lag: ${LAG_N} cases in mapping since ${yesterday}, reminders due ${dueTarget.toISOString()}`,
    );
    const lFrom = sampler.mark('lag-create');
    const lagLoad = new Load([lagApi.url], stack.secret);
    const cohort = await createCases(lagLoad, stack.offices, LAG_N, {
      stage: 'mapping',
      since: yesterday,
      firstIndex: 20_000_000,
    });
    log(`[${target}] lag: ${cohort.created.length} created in ${cohort.seconds.toFixed(0)} s; waiting`);
    const lDue = sampler.mark('lag-wait');
    while (Date.now() < dueTarget.getTime()) await sleep(1_000);
    // What the worker still had to do for the cohort when its reminders fell due.
    const archiveBacklogAtDue = Math.max(
      0,
      archiveTarget + 2 * cohort.created.length - archived(stack.dataDir),
    );
    const expected = new Set(cohort.created.map((c) => messageIdFor(`${c.caseId}/mapping:reminder`)));
    const giveUp = dueTarget.getTime() + 10 * 60_000;
    for (;;) {
      const got = readMail(stack.mailLog).filter((m) => expected.has(m.messageId));
      if (new Set(got.map((m) => m.messageId)).size >= expected.size || Date.now() > giveUp) break;
      await sleep(2_000);
    }
    const lDone = sampler.mark('lag-done');
    // The due time each case carries (its mapping task's remindAt), read as the team lead.
    const due: DueReminder[] = [];
    await inParallel(cohort.created.length, CONCURRENCY, async (i) => {
      const c = cohort.created[i];
      const token = await lagLoad.token('team-lead', c.municipality, undefined, i % PEOPLE);
      const view = await lagLoad.send(i, 'GET', `/referrals/${c.caseId}`, token);
      const task = (view?.tasks as { id: string; remindAt?: string }[] | undefined)?.find(
        (t) => t.id === 'mapping',
      );
      if (task?.remindAt)
        due.push({
          caseId: c.caseId,
          messageId: messageIdFor(`${c.caseId}/mapping:reminder`),
          dueAt: task.remindAt,
          createdAt: c.createdAt,
        });
    });
    const dueMinutes = new Set(due.map((d) => d.dueAt.slice(0, 16)));
    const lag: LagSummary = reminderLag(due, readMail(stack.mailLog));
    await lagApi.proc.kill('SIGTERM');
    lagApi.proc.close();
    sampler.stop();

    const cacheDefault = Math.max(
      Math.floor((Math.max(v8.getHeapStatistics().heap_size_limit / 2 ** 20 - 200, 0) * 600) / 1024),
      10,
    );
    return {
      target,
      workers,
      apis,
      workerCache: env.WORKER_MAX_CACHED_WORKFLOWS
        ? Number(env.WORKER_MAX_CACHED_WORKFLOWS)
        : `SDK default (reuseV8Context): ${cacheDefault} for a ${Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20)} MiB heap limit`,
      national: {
        requested: N,
        created: national.created.length,
        byStage,
        failures: load.failures,
        retries: load.retries,
        firstError: load.firstError,
        acceptedPerSecond: round(national.created.length / national.seconds, 2),
        processedPerSecond: round(national.created.length / ((processedAt - t0) / 1000), 2),
        secondsToAccept: round((acceptedAt - t0) / 1000, 1),
        secondsToProcess: round((processedAt - t0) / 1000, 1),
        api: apiLatency,
        whileCreating: phaseFigures(sampler, nFrom, nAccepted),
        untilProcessed: phaseFigures(sampler, nFrom, nProcessed),
        idle: phaseFigures(sampler, nProcessed, nIdle),
        archiveMessages: drainedCount,
        archiveMessagesExpected: archiveTarget,
        archivePerSecond: round(archivePerSecond, 2),
        secondsUntilArchived: round((drainedAt - t0) / 1000, 1),
        draining: phaseFigures(sampler, nIdle, nDrained),
      },
      lag: {
        cases: cohort.created.length,
        dueAt: dueTarget.toISOString(),
        dueMinutes: [...dueMinutes],
        secondsToCreate: round(cohort.seconds, 1),
        archiveBacklogAtDue,
        ...lag,
        creating: phaseFigures(sampler, lFrom, lDue),
        waiting: phaseFigures(sampler, lDue, lDone),
      },
      scaling: scalingFigures,
      rssTimeline: sampler.samples.map((s) => ({
        t: round((s.at - sampler.samples[0].at) / 1000, 0),
        phase: s.phase,
        workersMiB: round((s.groups.workers?.rssBytes ?? 0) / 2 ** 20, 0),
        temporalMiB: round((s.groups.temporal?.rssBytes ?? 0) / 2 ** 20, 0),
      })),
    };
  } finally {
    sampler.stop();
    await connection.close();
    await stack.stop();
  }
}

// --- Report -----------------------------------------------------------------------------------

type Result = Awaited<ReturnType<typeof runTarget>>;

function table(results: Result[]): string {
  const rows: string[][] = [];
  const s = (x: number | undefined, unit = '') => (x === undefined || Number.isNaN(x) ? '–' : `${x}${unit}`);
  for (const r of results) {
    const t = r.target === 'dev' ? 'dev server' : 'cluster';
    const n = r.national;
    rows.push([t, `national: cases created through the API (of ${n.requested})`, `${n.created}`]);
    rows.push([t, 'national: accepted by the API', `${s(n.acceptedPerSecond)} cases/s`]);
    rows.push([t, 'national: first workflow task done', `${s(n.processedPerSecond)} cases/s`]);
    rows.push([t, 'national: API p50 / p99 per request', `${n.api.p50Ms} / ${n.api.p99Ms} ms`]);
    const w = n.untilProcessed;
    rows.push([
      t,
      'national: CPU until every first task is done (cores: worker / Temporal / API' +
        (w.cores.postgres !== undefined ? ' / PostgreSQL)' : ')'),
      [w.cores.workers, w.cores.temporal, w.cores.apis, w.cores.postgres]
        .filter((x) => x !== undefined)
        .join(' / '),
    ]);
    rows.push([
      t,
      'national: worker RSS (start → max → after 60 s idle)',
      `${n.whileCreating.rssMiB.workers.first} → ${n.untilProcessed.rssMiB.workers.max} → ${n.idle.rssMiB.workers.last} MiB`,
    ]);
    rows.push([
      t,
      'national: Temporal RSS (start → after)',
      `${n.whileCreating.rssMiB.temporal.first} → ${n.idle.rssMiB.temporal.last} MiB`,
    ]);
    rows.push([
      t,
      'national: archive messages taken (2 per case), until all taken',
      `${n.archiveMessages}/${n.archiveMessagesExpected}, ${n.archivePerSecond}/s, ${n.secondsUntilArchived} s`,
    ]);
    const l = r.lag;
    rows.push([
      t,
      `reminder lag: ${l.cases} reminders due ${l.dueMinutes.join(', ')} (p50 / p99 / max)`,
      `${s(l.p50Ms && round(l.p50Ms / 1000, 1))} / ${s(l.p99Ms && round(l.p99Ms / 1000, 1))} / ${s(l.maxMs && round(l.maxMs / 1000, 1))} s`,
    ]);
    rows.push([
      t,
      'reminder lag: delivered / missing / duplicates / created after due / archive calls still queued at due time',
      `${l.delivered} / ${l.missing} / ${l.duplicates} / ${l.createdAfterDue} / ${l.archiveBacklogAtDue}`,
    ]);
    for (const sc of r.scaling ?? []) {
      rows.push([
        t,
        `scaling: ${sc.workers} worker(s), ${sc.cases} referrals`,
        `${sc.casesPerSecond} cases/s; ${sc.casesPerSecondPerWorkerCore} cases/s per worker core (${sc.workerCores} cores)`,
      ]);
    }
    if (r.scaling?.length === 2) {
      const [one, two] = r.scaling;
      rows.push([
        t,
        'scaling: two workers ÷ one (cases/s; per worker core)',
        `${round(two.casesPerSecond / one.casesPerSecond, 2)}; ${round(two.casesPerSecondPerWorkerCore / one.casesPerSecondPerWorkerCore, 2)}`,
      ]);
    }
  }
  return [
    '| target | metric | value |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

async function main() {
  const results: Result[] = [];
  const started = Date.now();
  for (const target of TARGETS) results.push(await runTarget(target));
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(
    `\nBolig først at national scale — N=${N}, lag cohort ${LAG_N}, scaling ${SCALING_N} per side, ${CONCURRENCY} requests in flight, archive XSD check on 1 in ${XSD_EVERY} messages; ${machine}; ${((Date.now() - started) / 60_000).toFixed(1)} min\n`,
  );
  console.log(table(results));
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `national-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        n: N,
        lagN: LAG_N,
        scalingN: SCALING_N,
        xsdEvery: XSD_EVERY,
        concurrency: CONCURRENCY,
        machine,
        cluster: CLUSTER,
        results,
      },
      null,
      2,
    ),
  );
  console.log(`\nresults: ${path.relative(ROOT, file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
