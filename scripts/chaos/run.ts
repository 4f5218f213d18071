/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies from the API, read loosely as a client does */
/**
 * `npm run chaos`: proves that nothing is lost. Starts a stack of its own as separate OS
 * processes (Temporal dev server with its SQLite file on disk, stand-ins, an SMTP recorder, the
 * worker, the API) on free ports in a fresh data folder, walks N cases through the API
 * concurrently as careful clients, and meanwhile SIGKILLs the worker, the Temporal server and the
 * API, stops the SMTP server for a stretch while reminders fall due, and makes the municipal
 * stand-ins fail (500, hang, lost answers) and refuse (400). Then it lets everything settle and
 * counts: cases lost, events applied twice, emails delivered twice, reminders delayed by the
 * outage, duplicates at the stand-ins, incidents, the API's answers while Temporal was away.
 * Prints a table, writes the figures as JSON (`--json FILE`), exits 1 when a count that must be
 * zero is not.
 *
 * Reminders fall due within the run because the run gives the worker and the API a test profile
 * (`BF_MUNICIPALITIES_DIR`): the real Stavanger profile with every ladder shortened to
 * `--remind-after` minutes (escalation at twice that), working hours every day around the clock,
 * and room for every case in the programme.
 *
 *   npm run chaos -- --cases 200 --worker-kills 100 --server-kills 3 --api-kills 3 --smtp-outage 600
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseCodecKeys } from '../../platform/codec';
import { ROOT } from '../../platform/config';
import { writeCaseBundle } from '../../platform/temporal';
import { OPEN_AFTER_FIRST_REVIEW } from '../../domain/pathway/checks';
import type { Role } from '../../domain/types';
import { DEV_JWT_SECRET_FILE, devSecret } from '../../platform/dev-secrets';
import { searchAttributeFlags } from '../search-attributes';
import { CarefulClient, type Answer } from './driver';
import { Proc, standinsAndSmtp } from './processes';
import { freePort } from '../ports';
import { EARLY, MISFITS, pathOf, today, WALK, type Step } from './walk';
import { replayEveryCase } from './replay-check';
import { emptyRunRecord, noteView, verify, type RunRecord } from './verify';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '20' },
    'worker-kills': { type: 'string', default: '5' },
    'server-kills': { type: 'string', default: '1' },
    'server-down': { type: 'string', default: '20' },
    'api-kills': { type: 'string', default: '1' },
    'smtp-outage': { type: 'string', default: '60' },
    refusals: { type: 'string', default: '2' },
    minutes: { type: 'string', default: '3' },
    'remind-after': { type: 'string', default: '1' },
    settle: { type: 'string', default: '600' },
    json: { type: 'string' },
    'data-dir': { type: 'string' },
    seed: { type: 'string' },
  },
});

export interface ChaosOptions {
  cases: number;
  workerKills: number;
  serverKills: number;
  serverDownSec: number;
  apiKills: number;
  smtpOutageSec: number;
  refusals: number;
  /** Length of the chaos phase: walks and kills are spread over it. */
  minutes: number;
  remindAfterMin: number;
  /** How long the settle phase may wait for every case to reach its stage (seconds). */
  settleSec: number;
}

const opts: ChaosOptions = {
  cases: Number(args.cases),
  workerKills: Number(args['worker-kills']),
  serverKills: Number(args['server-kills']),
  serverDownSec: Number(args['server-down']),
  apiKills: Number(args['api-kills']),
  smtpOutageSec: Number(args['smtp-outage']),
  refusals: Number(args.refusals),
  minutes: Number(args.minutes),
  remindAfterMin: Number(args['remind-after']),
  settleSec: Number(args.settle),
};

// A small seeded generator, so a run can be repeated (`--seed`).
let seed = Number(args.seed ?? Date.now() % 2 ** 31);
const runSeed = seed;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${msg}`);

const OFFICES = ['hillevag', 'madla', 'eiganes-tasta', 'storhaug-hundvag'];

/** The Stavanger profile with short ladders, around-the-clock working hours and room for all. */
function writeTestProfile(dir: string, remindAfterMin: number, places: number) {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(path.join(ROOT, 'config', 'municipalities')).filter((f) =>
    f.endsWith('.json'),
  )) {
    const profile = JSON.parse(readFileSync(path.join(ROOT, 'config', 'municipalities', f), 'utf8'));
    profile.places = Math.max(profile.places, places);
    const policy = profile.policy;
    policy.workingHours = { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' };
    for (const ladder of Object.values(policy.ladders) as { remindAfter: string; escalateAfter: string }[]) {
      ladder.remindAfter = `${remindAfterMin} minutes`;
      ladder.escalateAfter = `${2 * remindAfterMin} minutes`;
    }
    writeFileSync(path.join(dir, f), JSON.stringify(profile, null, 2));
  }
}

/** One flat per case in the housing stand-in, so offers never compete for a unit. */
function seedUnits(standinsDir: string, cases: number) {
  const dir = path.join(standinsDir, 'housing-units');
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < cases; i++) {
    const unitId = `CHAOS-${String(i).padStart(4, '0')}`;
    writeFileSync(
      path.join(dir, `${unitId}.json`),
      JSON.stringify({
        id: unitId,
        unitId,
        municipality: 'stavanger',
        address: `Kaosveien ${i + 1}, 4016 Stavanger`,
        area: 'Hillevåg',
        type: 'flat',
        features: [],
        source: 'municipal',
        availableFrom: today(),
      }),
    );
  }
}

/** The workflow bundle the run's workers load: one handed in by BF_WORKFLOW_BUNDLE (the test suite's), else built here. */
async function bundle(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'workflow-bundle.js');
  if (process.env.BF_WORKFLOW_BUNDLE && existsSync(process.env.BF_WORKFLOW_BUNDLE)) {
    copyFileSync(process.env.BF_WORKFLOW_BUNDLE, file);
    return file;
  }
  return writeCaseBundle(file);
}

async function main() {
  const started = Date.now();
  const dataDir = args['data-dir'] ?? mkdtempSync(path.join(os.tmpdir(), 'bf-chaos-'));
  mkdirSync(dataDir, { recursive: true });
  const logDir = path.join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  log(`seed ${runSeed}; data and logs in ${dataDir}`);
  log(`options ${JSON.stringify(opts)}`);

  const ports = {
    temporal: await freePort(),
    temporalHttp: await freePort(),
    temporalMetrics: await freePort(),
    api: await freePort(),
    smtp: await freePort(),
    standins: await freePort(),
    workerMetrics: await freePort(),
  };
  const profilesDir = path.join(dataDir, 'municipalities');
  writeTestProfile(profilesDir, opts.remindAfterMin, opts.cases + 10);
  seedUnits(path.join(dataDir, 'standins'), opts.cases);
  const bundlePath = await bundle(dataDir);
  const mailLog = path.join(dataDir, 'mail.jsonl');
  writeFileSync(mailLog, '');

  const temporalCli = process.env.TEMPORAL_CLI ?? path.join(ROOT, '.tools', 'bin', 'temporal');
  // `node --import tsx`, not the tsx binary: tsx runs the script in a child process, and a SIGKILL
  // of the parent would leave the real worker running.
  const node = process.execPath;
  const ts = (file: string, ...rest: string[]) => ['--import', 'tsx', file, ...rest];
  const appEnv: Record<string, string> = {
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
    TEMPORAL_NAMESPACE: 'bolig-forst',
    TEMPORAL_TASK_QUEUE: 'pathway',
    API_PORT: String(ports.api),
    API_HOST: '127.0.0.1',
    // The driver plays many people behind one proxy: each X-Forwarded-For is a person's address.
    TRUSTED_PROXIES: 'loopback',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(ports.smtp),
    STANDINS_URL: `http://127.0.0.1:${ports.standins}`,
    STANDINS_PORT: String(ports.standins),
    WORKER_METRICS_PORT: String(ports.workerMetrics),
    // The doctor looks for cases stuck on the SDK's cold-start nondeterminism every 15 s.
    BF_DOCTOR_INTERVAL_SECONDS: '15',
    BF_DATA_DIR: dataDir,
    BF_MUNICIPALITIES_DIR: profilesDir,
    BF_WORKFLOW_BUNDLE: bundlePath,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  };
  const temporal = new Proc(
    {
      name: 'temporal',
      cmd: temporalCli,
      args: [
        'server',
        'start-dev',
        '--db-filename',
        path.join(dataDir, 'temporal.db'),
        '--namespace',
        'bolig-forst',
        '--port',
        String(ports.temporal),
        '--http-port',
        String(ports.temporalHttp),
        '--metrics-port',
        String(ports.temporalMetrics),
        '--headless',
        '--ip',
        '127.0.0.1',
        '--log-level',
        'warn',
        ...searchAttributeFlags(),
      ],
      cwd: ROOT,
      port: ports.temporal,
    },
    logDir,
  );
  const { standins, smtp } = standinsAndSmtp({ root: ROOT, env: appEnv, ports, mailLog, logDir });
  const worker = new Proc(
    { name: 'worker', cmd: node, args: ts('worker/main.ts'), env: appEnv, cwd: ROOT },
    logDir,
  );
  const api = new Proc(
    { name: 'api', cmd: node, args: ts('api/main.ts'), env: appEnv, cwd: ROOT, port: ports.api },
    logDir,
  );
  const all = [api, worker, smtp, standins, temporal];
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    for (const p of all) await p.kill('SIGTERM');
    for (const p of all) p.close();
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(143)));

  try {
    await temporal.start();
    await Promise.all([standins.start(), smtp.start()]);
    // The API secret for dev tokens lives in the data folder; created here so the driver can sign.
    const jwtSecret = devSecret(dataDir, DEV_JWT_SECRET_FILE);
    await worker.start(false);
    await api.start();
    await waitReady(`http://127.0.0.1:${ports.api}`);
    log(
      `stack up in ${((Date.now() - started) / 1000).toFixed(0)} s (API :${ports.api}, Temporal :${ports.temporal})`,
    );

    const client = new CarefulClient({
      apiUrl: `http://127.0.0.1:${ports.api}`,
      jwtSecret,
      requestTimeoutMs: 90_000,
      giveUpAfterMs: Math.max(15 * 60_000, (opts.smtpOutageSec + 300) * 1000),
    });
    const record = emptyRunRecord();
    const standinsUrl = `http://127.0.0.1:${ports.standins}`;

    const chaosStart = Date.now();
    const chaosMs = opts.minutes * 60_000;
    let walking = true;
    const walks = Array.from({ length: opts.cases }, (_, i) => walkCase(i, client, record, chaosMs));
    let settleUntil = Number.MAX_SAFE_INTEGER;
    const admin = adminLoop(client, record, () => walking || Date.now() < settleUntil);
    const monkey = chaosMonkey(
      { client, temporal, worker, api, smtp, standinsUrl },
      record,
      chaosStart,
      chaosMs,
    );
    await Promise.all([
      ...walks.map((w) => w.catch((e) => record.unexpected.push(`walk crashed: ${e}`))),
      monkey,
    ]);
    walking = false;
    log(`walks and chaos done after ${((Date.now() - chaosStart) / 1000).toFixed(0)} s; settling`);

    // Settle: every process up, faults cleared; the admin loop keeps retrying incidents while
    // the outbox lanes and the reminders catch up.
    await fetch(`${standinsUrl}/admin/faults`, { method: 'DELETE' });
    for (const p of [temporal, smtp, worker, api]) if (!p.running) await p.start(p !== worker);
    settleUntil = Date.now() + opts.settleSec * 1000;
    const report = await verify({
      client,
      record,
      opts,
      mailLog,
      standinsUrl,
      settleUntil,
      log,
      messageIdFor,
    });
    settleUntil = 0;
    await admin;
    report.run = {
      seed: runSeed,
      machine: `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
      durationSec: Math.round((Date.now() - started) / 1000),
      processStarts: Object.fromEntries(all.map((p) => [p.spec.name, p.starts])),
      unexpectedExits: Object.fromEntries(all.map((p) => [p.spec.name, p.unexpectedExits])),
      dataDir,
    };
    // Cases the worker's doctor set back (worker/doctor.ts): the SDK's cold-start nondeterminism.
    const setBack = readFileSync(path.join(logDir, 'worker.log'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('workflow set back after nondeterminism')).length;
    report.figures.casesSetBack = setBack;
    report.rows.push(['cases set back by the doctor (SDK nondeterminism)', setBack, '', undefined]);
    // Cases a fresh worker cannot replay: they answered above from a worker's cache (see
    // replay-check.ts), and would stand still on the next worker that has to rebuild them.
    const replay = await replayEveryCase({
      address: appEnv.TEMPORAL_ADDRESS,
      namespace: appEnv.TEMPORAL_NAMESPACE,
      bundlePath,
      keys: parseCodecKeys(readFileSync(path.join(dataDir, 'dev-codec-keys'), 'utf8').trim()),
    });
    report.figures.casesNotReplayable = replay.failed.length;
    report.figures.casesReplayed = replay.replayed;
    const replayOk = replay.failed.length === 0 && replay.replayed > 0;
    report.rows.push([
      'case runs a fresh worker cannot replay (of runs replayed)',
      `${replay.failed.length} (${replay.replayed})`,
      '0',
      replayOk,
    ]);
    if (!replayOk) {
      report.ok = false;
      report.problems.push(`${replay.failed.length} of ${replay.replayed} case runs cannot be replayed`);
    }
    for (const f of replay.failed) log(`does not replay: ${f}`);
    printTable(report);
    if (args.json) writeFileSync(args.json, JSON.stringify(report, null, 2));
    await stopAll();
    process.exit(report.ok ? 0 : 1);
  } catch (err) {
    console.error(err);
    await stopAll();
    process.exit(2);
  }
}

function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@bolig-forst.kommune.test>`;
}

async function waitReady(apiUrl: string) {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`${apiUrl}/readyz`, { signal: AbortSignal.timeout(10_000) });
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    await sleep(500);
  }
  throw new Error('the API never became ready');
}

// ---------------------------------------------------------------------------------------------
// The walks

async function walkCase(i: number, client: CarefulClient, record: RunRecord, chaosMs: number) {
  const office = OFFICES[i % OFFICES.length];
  const exits = i % 2 === 0;
  const steps = exits ? WALK : WALK.slice(0, -1);
  // Start within the first fifth of the chaos phase; think times spread the walk over the rest.
  // Every fourth case is slow: referred so that its first-review reminder falls due while SMTP
  // is down, and left there until SMTP is back (so the reminder must then be delivered).
  const remindMs = opts.remindAfterMin * 60_000;
  const slow = i % 4 === 1 && opts.smtpOutageSec > 0;
  await sleep(
    slow
      ? Math.max(0, outageOffset(chaosMs) - remindMs + random() * opts.smtpOutageSec * 600)
      : random() * chaosMs * 0.2,
  );
  const meanThink = (chaosMs * 0.7) / steps.length;
  const c: RunRecord['cases'][number] = {
    index: i,
    key: `chaos-referral-${runSeed}-${i}`,
    accepted: {},
    expectedStage: undefined,
    waits: [],
  };
  record.cases.push(c);
  const xff = (role: string) => `10.${i % 200}.${OFFICES.indexOf(office)}.${role.length}`;
  const post = async (step: Step | 'referral', pathText: string, body: unknown, key: string) => {
    const role = step === 'referral' ? 'caseworker' : step.role;
    const token = await client.token(role, `${role}-${i}`, role === 'caseworker' ? office : undefined);
    const t0 = Date.now();
    const answer = await client.sendWithHeaders('POST', pathText, token, body, key, {
      'x-forwarded-for': xff(role),
    });
    c.waits.push(Date.now() - t0);
    return answer;
  };

  const referral = await post(
    'referral',
    '/referrals',
    {
      person: { name: `Kari Kaos ${i}`, nationalId: nationalIdFor(i) },
      office,
      criteria: { homeless: true, substanceUse: true, mentalHealth: true, additional: [] },
      consent: {
        given: true,
        date: today(),
        scope: ['assessment-team', 'hf-team', 'nav', 'housing-provider'],
      },
    },
    c.key,
  );
  if (!referral || referral.status !== 201) {
    record.unexpected.push(
      `case ${i}: referral answered ${referral?.status ?? 'nothing'} ${brief(referral)}`,
    );
    return;
  }
  c.id = referral.body.id as string;
  c.accepted.referral = 1;
  c.expectedStage = 'first-review';
  noteView(record, c.id, referral.body);
  const ids: { id: string; offerId?: string } = { id: c.id };

  /** Reads the case as `role` does, and notes the tasks it shows open. */
  const read = async (role: Role) => {
    const token = await client.token(role, `${role}-${i}`);
    const askedAt = Date.now();
    const view = await client.sendWithHeaders('GET', `/referrals/${c.id}`, token, undefined, undefined, {
      'x-forwarded-for': xff(role),
    });
    if (view?.status === 200) noteView(record, c.id!, view.body, askedAt);
    return view;
  };

  for (const step of steps) {
    // Think: exponential, so some steps wait long enough for a reminder to fall due.
    await sleep(
      step === steps[0] && slow
        ? remindMs + opts.smtpOutageSec * 1000 + 20_000
        : -Math.log(1 - random()) * meanThink,
    );
    // A slow case's team lead looks at it once SMTP is back, before its first event closes the task
    // whose reminder fell due in the outage: the count sees that task open, and reminded.
    if (step === steps[0] && slow) await read('team-lead');
    if (random() < 0.15) {
      const misfit = pick(MISFITS);
      if (EARLY.includes(c.expectedStage ?? '')) {
        record.misfits.sent++;
        const res = await post(misfit, pathOf(misfit, ids), misfit.body(i), `${c.key}-misfit-${step.name}`);
        if (res?.status === 409) record.misfits.refused409++;
        else
          record.misfits.other.push(
            `case ${i} ${misfit.name} at ${c.expectedStage}: ${res?.status ?? 'nothing'}`,
          );
      }
    }
    if (step.name === 'decision') {
      // The places coordinator grants the place by signal: wait until the case is in decision.
      const deadline = Date.now() + 20 * 60_000;
      for (;;) {
        const view = await read('team-lead');
        if (view?.status === 200 && view.body.stage === 'decision') break;
        if (Date.now() > deadline) {
          record.unexpected.push(`case ${i}: never reached decision (stage ${view?.body?.stage})`);
          return;
        }
        await sleep(3_000);
      }
      c.expectedStage = 'decision';
    }
    const res = await post(step, pathOf(step, ids), step.body(i), `${c.key}-${step.name}`);
    if (!res || res.status >= 300) {
      record.unexpected.push(
        `case ${i}: ${step.name} at ${c.expectedStage} answered ${res?.status ?? 'nothing'} ${brief(res)}`,
      );
      return;
    }
    c.accepted[step.type] = (c.accepted[step.type] ?? 0) + 1;
    if (step.name === 'offer') ids.offerId = res.body.offerId;
    let body = res.body;
    if (step.role === 'housing-provider') {
      // Housing providers get a receipt, not the case: the team reads where the case went.
      if (body?.accepted !== true)
        record.unexpected.push(`case ${i}: ${step.name} answered without a receipt`);
      const view = await read('hf-team');
      body = view?.status === 200 ? view.body : undefined;
    } else noteView(record, c.id, body);
    const stage = body?.stage as string | undefined;
    if (step.stage && stage !== step.stage)
      record.unexpected.push(`case ${i}: after ${step.name} stage ${stage}, expected ${step.stage}`);
    c.expectedStage = step.stage ?? stage ?? c.expectedStage;
  }
}

function brief(a: Answer | undefined): string {
  if (!a) return '';
  const b = a.body;
  return typeof b === 'object' && b
    ? `${b.title ?? ''} ${b.detail ?? ''}`.slice(0, 200)
    : String(b).slice(0, 200);
}

/** Valid Norwegian national IDs (mod-11 check digits), different for each case. */
function nationalIdFor(i: number): string {
  for (let n = i * 7; ; n++) {
    const day = String(1 + (n % 28)).padStart(2, '0');
    const month = String(1 + (Math.floor(n / 28) % 12)).padStart(2, '0');
    const year = String(60 + (Math.floor(n / 336) % 40));
    const ind = String(100 + (n % 400)).padStart(3, '0');
    const d = `${day}${month}${year}${ind}`.split('').map(Number);
    const w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    const w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let k1 = 11 - (w1.reduce((s, w, j) => s + w * d[j], 0) % 11);
    if (k1 === 11) k1 = 0;
    if (k1 === 10) continue;
    d.push(k1);
    let k2 = 11 - (w2.reduce((s, w, j) => s + w * d[j], 0) % 11);
    if (k2 === 11) k2 = 0;
    if (k2 === 10) continue;
    return [...d, k2].join('');
  }
}

// ---------------------------------------------------------------------------------------------
// The administrator: retries every open incident through the API.

async function adminLoop(client: CarefulClient, record: RunRecord, keepGoing: () => boolean) {
  const token = await client.token('admin', 'admin-chaos');
  const headers = { 'x-forwarded-for': '10.250.0.1' };
  while (keepGoing()) {
    for (const c of [...record.cases]) {
      if (!c.id || !keepGoing()) continue;
      const res = await client.sendWithHeaders(
        'GET',
        `/referrals/${c.id}`,
        token,
        undefined,
        undefined,
        headers,
      );
      if (res?.status !== 200) continue;
      for (const inc of (res.body.incidents ?? []) as any[]) {
        if (inc.status !== 'open') continue;
        const retry = await client.sendWithHeaders(
          'POST',
          `/referrals/${c.id}/incidents/${inc.id}/retry`,
          token,
          {},
          `chaos-retry-${c.id}-${inc.id}-${inc.attempts}`,
          headers,
        );
        if (retry?.status === 200) record.adminRetries++;
        else
          record.unexpected.push(
            `admin retry of ${c.id} ${inc.id}: ${retry?.status ?? 'nothing'} ${brief(retry)}`,
          );
      }
    }
    await sleep(5_000);
  }
}

/** When the SMTP outage starts: a quarter into the chaos, and late enough for reminders to fall due in it. */
function outageOffset(chaosMs: number): number {
  return Math.max(0.25 * chaosMs, opts.remindAfterMin * 60_000 + 5_000);
}

// ---------------------------------------------------------------------------------------------
// The chaos: kills, outages and faults at random moments within the chaos phase.

interface Targets {
  client: CarefulClient;
  temporal: Proc;
  worker: Proc;
  api: Proc;
  smtp: Proc;
  standinsUrl: string;
}

type Action = { at: number; what: string; run: () => Promise<void> };

async function chaosMonkey(t: Targets, record: RunRecord, start: number, chaosMs: number) {
  const actions: Action[] = [];
  const within = (from: number, to: number) => start + (from + random() * (to - from)) * chaosMs;
  for (let k = 0; k < opts.workerKills; k++)
    actions.push({
      at: within(0.05, 0.95),
      what: 'SIGKILL worker',
      run: async () => {
        await t.worker.kill('SIGKILL');
        record.workerKills.push(Date.now());
        await sleep(random() * 2_000);
        await t.worker.start(false);
      },
    });
  for (let k = 0; k < opts.serverKills; k++)
    actions.push({
      at: start + ((k + 0.5) / opts.serverKills) * 0.85 * chaosMs,
      what: 'SIGKILL Temporal',
      run: async () => {
        await t.temporal.kill('SIGKILL');
        const down = { from: Date.now(), to: 0 };
        record.temporalDown.push(down);
        // A client sends an event now: answered 503 (then retried with the same key) or applied.
        const probe = probeWhileDown(t.client, record);
        await sleep(opts.serverDownSec * 1000);
        down.to = Date.now();
        await t.temporal.start();
        await probe;
      },
    });
  for (let k = 0; k < opts.apiKills; k++)
    actions.push({
      at: within(0.1, 0.9),
      what: 'SIGKILL API',
      run: async () => {
        await t.api.kill('SIGKILL');
        record.apiKills.push(Date.now());
        await sleep(500);
        await t.api.start(false);
      },
    });
  if (opts.smtpOutageSec > 0)
    actions.push({
      at: start + outageOffset(chaosMs),
      what: `SMTP down for ${opts.smtpOutageSec} s`,
      run: async () => {
        await t.smtp.kill('SIGTERM');
        const down = { from: Date.now(), to: 0 };
        record.smtpDown.push(down);
        // Up again in the background: the other chaos goes on meanwhile.
        void sleep(opts.smtpOutageSec * 1000).then(async () => {
          down.to = Date.now();
          await t.smtp.start();
        });
      },
    });
  const systems = ['archive', 'svarut', 'care', 'nav', 'housing'];
  for (const system of systems) {
    for (const [mode, count] of [
      ['500', 6],
      ['hang', 2],
      ['lose-answer', 2],
    ] as const)
      actions.push({
        at: within(0.05, 0.8),
        what: `${system}: next ${count} calls ${mode}`,
        run: () => fault(t.standinsUrl, record, system, mode, count),
      });
  }
  for (let k = 0; k < opts.refusals; k++) {
    // Systems only the case workflow calls: the housing system is also asked by the API (does the
    // offered unit exist?), which answers a refusal with a 503 the client retries, not an incident.
    const system = pick(['archive', 'care']);
    actions.push({
      at: within(0.1, 0.7),
      what: `${system}: refuse the next call (400)`,
      run: () => fault(t.standinsUrl, record, system, '400', 1),
    });
  }
  actions.sort((a, b) => a.at - b.at);
  // Kills and restarts one after another, each no earlier than its moment; the SMTP outage and the
  // faults at their own moment, never held behind a kill (a Temporal kill just before the outage
  // would otherwise move the outage past the reminders arranged to fall due in it).
  let kills = Promise.resolve();
  await Promise.all(
    actions.map(async (a) => {
      await sleep(Math.max(0, a.at - Date.now()));
      if (!a.what.startsWith('SIGKILL')) {
        log(a.what);
        return a.run();
      }
      const turn = kills.then(() => {
        log(a.what);
        return a.run();
      });
      kills = turn;
      return turn;
    }),
  );
  // Let the SMTP outage end before the walks are declared done.
  while (record.smtpDown.some((d) => d.to === 0)) await sleep(1_000);
}

/**
 * A contact logged while Temporal is down, on a case that never leaves the stages a contact fits:
 * an odd case (odd cases never exit) past its first review. Follow-up first; early in the run,
 * when no case has got that far (the full run of 2026-12-02 13:14 found none at any of its three
 * server kills, and proved nothing), any such stage: a contact changes no stage, so the case's
 * walk goes on as it would.
 */
async function probeWhileDown(client: CarefulClient, record: RunRecord) {
  const fits = (stage: string | undefined) => (OPEN_AFTER_FIRST_REVIEW as string[]).includes(stage ?? '');
  const odd = record.cases.filter((x) => x.id && x.index % 2 === 1);
  const c =
    odd.find((x) => x.expectedStage === 'follow-up') ??
    odd.find((x) => fits(x.expectedStage) && x.expectedStage !== 'first-review');
  if (!c?.id) {
    const token = await client.token('team-lead', 'team-lead-probe');
    const any = record.cases.find((x) => x.id);
    if (any) await client.sendWithHeaders('GET', `/referrals/${any.id}`, token, undefined, undefined, {});
    return;
  }
  const token = await client.token('hf-team', `hf-team-${c.index}`);
  record.probes.sent++;
  const res = await client.sendWithHeaders(
    'POST',
    `/referrals/${c.id}/contacts`,
    token,
    { date: today(), kind: 'phone', minutes: 5 },
    `${c.key}-probe-${record.probes.sent}`,
    { 'x-forwarded-for': '10.252.0.1' },
  );
  if (res?.status === 200) {
    record.probes.applied++;
    c.accepted.contact = (c.accepted.contact ?? 0) + 1;
  } else
    record.unexpected.push(`contact sent while Temporal was down: ${res?.status ?? 'nothing'} ${brief(res)}`);
}

async function fault(standinsUrl: string, record: RunRecord, system: string, mode: string, count: number) {
  try {
    const res = await fetch(`${standinsUrl}/admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ system, mode, count }),
    });
    record.faults.push({ at: Date.now(), system, mode, count, ok: res.ok });
  } catch (err) {
    record.unexpected.push(`fault injection failed: ${err}`);
  }
}

// ---------------------------------------------------------------------------------------------

function printTable(report: Awaited<ReturnType<typeof verify>>) {
  const rows = report.rows;
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log('\nChaos run — what was counted');
  console.log(`${'count'.padEnd(w)}  ${'value'.padStart(12)}  must be   ok`);
  for (const [name, value, must, ok] of rows)
    console.log(
      `${name.padEnd(w)}  ${String(value).padStart(12)}  ${must.padEnd(8)}  ${ok === undefined ? '' : ok ? 'yes' : 'NO'}`,
    );
  if (report.problems.length) {
    console.log('\nProblems:');
    for (const p of report.problems.slice(0, 50)) console.log(`  - ${p}`);
  }
  console.log(report.ok ? '\nNothing lost, nothing done twice.' : '\nFAILED: see the problems above.');
}

void main();
