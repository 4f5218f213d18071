/**
 * The workflow stories' harness: the time-skipping test server, a worker with test doubles in
 * the PathwayActivities shape (they record every call and can be told to fail), the real
 * places-coordination activity (each story gets its own coordinator), people to act as, and
 * Oslo clock helpers. With BF_RECORD_HISTORIES=1 every story's workflow histories are written
 * to test/histories/ for the replay test (`npm run record-histories`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, TypedSearchAttributes, type UpdateDefinition } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkerOptions } from '@temporalio/worker';
import { createCoordinationActivities } from '../../activities/coordination';
import type {
  DigestActivities,
  LetterStatus,
  Notification,
  OutcomeFigures,
  PathwayActivities as CaseActivities,
} from '../../activities/types';

/** Every activity the workflows call (the digest's too). */
type PathwayActivities = CaseActivities & DigestActivities;
import { addDaysToDate, fromLocal, localDate, localParts, nextWorkingTime } from '../../domain/calendar';
import type { CaseInput, CaseView } from '../../domain/case';
import type { Actor } from '../../domain/types';
import type { CodecKeys } from '../../platform/codec';
import type { Stage } from '../../domain/stages';
import { getCaseQuery, type Reported, STEP_UPDATES } from '../../workflows/messages';
import { personIndex } from '../../platform/person-index';
import { PersonIndex } from '../../workflows/search-attributes';
import { caseInput, municipalities } from '../support/fixtures';
import { createTestWorker, createTimeSkippingEnv, TASK_QUEUE } from '../support/temporal';
import type { CaseWorkers } from '../../worker/workers';

/**
 * A fixed key for the workflow stories, so their recorded histories can be decoded when the
 * replay test runs. Test-only: it protects nothing but synthetic people.
 */
export const HISTORY_KEYS: CodecKeys = {
  activeKeyId: 'histories-test-1',
  keys: new Map([
    [
      'histories-test-1',
      Buffer.from('b0119f0125742e5f0a11ce5e7e57da7a0123456789abcdef0fedcba987654321', 'hex'),
    ],
  ]),
};

/** The person search's key in the workflow stories (test-only). */
export const INDEX_KEY = Buffer.alloc(32, 5);

export const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');
export const TZ = 'Europe/Oslo';
export const WORKING_HOURS = municipalities.require('stavanger').policy.workingHours;

export const people = {
  caseworker: { id: 'caseworker-1', role: 'caseworker' },
  assessor: { id: 'assessor-1', role: 'assessment-team' },
  hfTeam: { id: 'follow-up-worker-1', role: 'hf-team' },
  teamLead: { id: 'team-lead-1', role: 'team-lead' },
  housingProvider: { id: 'stavanger-eiendom', role: 'housing-provider' },
  nav: { id: 'nav-homelessness-consultant', role: 'nav' },
  admin: { id: 'admin-1', role: 'admin' },
} satisfies Record<string, Actor>;

export interface Call {
  name: keyof PathwayActivities;
  args: any;
  /** When the workflow scheduled the call, on the test server's clock. */
  at: Date;
}

type Failure = (args: any) => Error | undefined;

/** Test doubles for every activity: they answer as the real systems would and record the call. */
export class Doubles {
  calls: Call[] = [];
  private failures = new Map<keyof PathwayActivities, Failure>();
  /** Calls that wait (stay under way) until the promise settles. */
  private holds = new Map<keyof PathwayActivities, Promise<void>>();
  /** What awaitLetterDelivery answers (default: delivered). */
  letterStatus: (forsendelseId: string) => Omit<LetterStatus, 'forsendelseId'> = () => ({
    status: 'LEST',
    delivered: true,
    failed: false,
  });
  figures: Omit<OutcomeFigures, 'from' | 'to'> = {
    referred: 14,
    housed: 9,
    inFollowUp: 8,
    exitsByReason: { 'no-longer-wants': 2 },
    housingStability12m: 0.7,
    medianDaysReferralToMoveIn: 96,
  };

  reset() {
    this.calls = [];
    this.failures.clear();
    this.holds.clear();
    this.letterStatus = () => ({ status: 'LEST', delivered: true, failed: false });
  }

  /** Keeps every call of an activity under way until `until` settles. */
  hold(name: keyof PathwayActivities, until: Promise<void>) {
    this.holds.set(name, until);
  }

  /** Makes an activity fail (return an Error) while `failure` says so. */
  fail(name: keyof PathwayActivities, failure: Failure) {
    this.failures.set(name, failure);
  }

  heal(name: keyof PathwayActivities) {
    this.failures.delete(name);
  }

  of<K extends keyof PathwayActivities>(name: K): Parameters<PathwayActivities[K]>[0][] {
    return this.calls.filter((c) => c.name === name).map((c) => c.args);
  }

  get sent(): Notification[] {
    return this.of('sendNotification');
  }

  /** Notifications with when they went out. */
  sentWithTime(): (Notification & { at: Date })[] {
    return this.calls.filter((c) => c.name === 'sendNotification').map((c) => ({ ...c.args, at: c.at }));
  }

  activities(
    coordination: Pick<PathwayActivities, 'requestPlace' | 'releasePlace' | 'tellCases' | 'confirmPlace'>,
  ): PathwayActivities {
    const call = <K extends keyof PathwayActivities>(name: K, answer: (args: any) => any) =>
      (async (args: any) => {
        await this.holds.get(name);
        const error = this.failures.get(name)?.(args);
        if (error) throw error;
        const at = new Date(Context.current().info.currentAttemptScheduledTimestampMs);
        this.calls.push({ name, args, at });
        return answer(args);
      }) as PathwayActivities[K];
    return {
      sendNotification: call('sendNotification', (n: Notification) => ({
        messageId: `<${n.caseId ?? n.municipality}/${n.purpose}@test>`,
        to: n.recipient,
      })),
      archiveCaseFile: call('archiveCaseFile', (r) => ({ caseFileId: `saksmappe-${r.caseId}` })),
      archiveJournalEntry: call('archiveJournalEntry', (r) => ({
        journalEntryId: `journalpost-${r.purpose}`,
      })),
      sendLetter: call('sendLetter', (r) => ({ forsendelseId: `forsendelse-${r.key ?? r.purpose}` })),
      awaitLetterDelivery: call('awaitLetterDelivery', (r) => ({
        forsendelseId: r.forsendelseId,
        ...this.letterStatus(r.forsendelseId),
      })),
      registerDecision: call('registerDecision', (r) => ({ reference: `gerica-${r.key ?? 'decision'}` })),
      notifyParty: call('notifyParty', (r) => ({ reference: `${r.party}-${r.purpose}` })),
      findHousingUnits: call('findHousingUnits', () => []),
      reserveUnit: call('reserveUnit', (r) => ({ reservationId: `reservation-${r.unitId}` })),
      registerLease: call('registerLease', (r) => ({ leaseId: `lease-${r.unitId}` })),
      endLease: call('endLease', () => ({ status: 'ended' })),
      outcomeFigures: call('outcomeFigures', (r) => ({ ...this.figures, from: r.from, to: r.to })),
      sendDigest: call('sendDigest', (r) => ({
        messageId: `<${r.purpose}@test>`,
        to: 'team-lead',
        overdue: 0,
        dueSoon: 0,
      })),
      personIndex: call('personIndex', (r) => ({ hashes: personIndex(INDEX_KEY, r.person) })),
      requestPlace: call('requestPlace', (r) => coordination.requestPlace(r)),
      releasePlace: call('releasePlace', (r) => coordination.releasePlace(r)),
      tellCases: call('tellCases', (r) => coordination.tellCases(r)),
      confirmPlace: call('confirmPlace', (r) => coordination.confirmPlace(r)),
    };
  }
}

/** The validator's refusal of an update (fails the test if the update was accepted). */
export async function refusal(attempt: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await attempt;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause;
    throw err;
  }
  throw new Error('the update was accepted, but a refusal was expected');
}

/** A refusal from an outside system: not retried, so it becomes an incident at once. */
export function refused(message: string): Error {
  return ApplicationFailure.nonRetryable(message, 'Refused');
}

let storyNo = 0;

/**
 * Sets up a suite: one time-skipping server per file, a fresh worker and coordinator per story.
 * Call inside a test file at top level. `worker`: options for the story's worker (e.g. no
 * workflow cache, as after a restart).
 */
export function stories(suite: string, opts: { worker?: Partial<WorkerOptions> } = {}) {
  const ctx = {
    env: undefined as unknown as TestWorkflowEnvironment,
    worker: undefined as unknown as CaseWorkers,
    doubles: new Doubles(),
    /** The story's places coordinator workflow ID. */
    placesId: '',
    started: [] as string[],
  };

  beforeAll(async () => {
    ctx.env = await createTimeSkippingEnv(HISTORY_KEYS);
  });
  afterAll(async () => {
    await ctx.env?.teardown();
  });
  beforeEach(async () => {
    ctx.doubles.reset();
    ctx.started = [];
    ctx.placesId = `places-test-${process.pid}-${++storyNo}`;
    ctx.started.push(ctx.placesId);
    const coordination = createCoordinationActivities({
      client: ctx.env.client,
      taskQueue: TASK_QUEUE,
      capacityFor: (m) => municipalities.require(m).places,
      placesWorkflowId: () => ctx.placesId,
    });
    ctx.worker = await createTestWorker(ctx.env, ctx.doubles.activities(coordination), {
      ...opts.worker,
      keys: HISTORY_KEYS,
    });
  });

  /**
   * Runs a story with the worker polling. At its end the story's workflows are recorded (when
   * asked) and terminated while the worker still runs, so no timer of one story fires into the
   * next story's worker (a task handed to a stopping worker would hold the test server's clock).
   */
  const run = (fn: () => Promise<void>) =>
    ctx.worker.runUntil(async () => {
      try {
        await fn();
        if (process.env.BF_RECORD_HISTORIES) {
          await recordHistories(ctx.env, suite, expect.getState().currentTestName!, ctx.started);
        }
      } finally {
        await terminateAll(ctx.env, ctx.started);
      }
    });

  /**
   * Starts a case workflow as the API would (with the person search index); `unindexed`: as a
   * case started before the index existed.
   */
  async function startCase(
    overrides: Partial<CaseInput> = {},
    second?: unknown,
    opts: { unindexed?: boolean } = {},
  ) {
    const input = caseInput({ referredAt: await today(), ...overrides });
    const handle = await ctx.env.client.workflow.start('caseWorkflow', {
      taskQueue: TASK_QUEUE,
      workflowId: input.caseId,
      args: second === undefined ? [input] : [input, second],
      ...(opts.unindexed
        ? {}
        : {
            typedSearchAttributes: new TypedSearchAttributes([
              { key: PersonIndex, value: personIndex(INDEX_KEY, input.person) },
            ]),
          }),
    });
    ctx.started.push(input.caseId);
    await settle();
    return handle as WorkflowHandle;
  }

  /**
   * Sends an event as a person would and reads the case as the API answers it (the update's
   * receipt, then the view through the query), then lets the outbox run.
   */
  async function send<E, R>(
    handle: WorkflowHandle,
    update: UpdateDefinition<R, [Reported<E>]>,
    actor: Actor,
    event: E,
  ): Promise<CaseView & R> {
    const result = await handle.executeUpdate(update, { args: [{ actor, event }] });
    const shown = await view(handle);
    await settle();
    return { ...shown, ...result };
  }

  /** Lets activities and signals finish (updates do not advance the test server's clock). */
  async function settle() {
    await ctx.env.sleep('1 second');
  }

  const view = (handle: WorkflowHandle): Promise<CaseView> => handle.query(getCaseQuery);

  /**
   * The instant the workflow opened a task, as it recorded it. Deadlines count from there:
   * a moment the test takes after an update returned is later (the harness settles for a second
   * after each update), so comparing against it makes a test depend on the time of day it runs.
   */
  async function openedAt(handle: WorkflowHandle, taskId: string): Promise<Date> {
    const task = (await view(handle)).tasks.find((t) => t.id === taskId);
    if (!task) throw new Error(`openedAt: no open task ${taskId}`);
    return new Date(task.createdAt);
  }

  /** The instant the workflow recorded the latest timeline entry of a type. */
  async function recordedAt(handle: WorkflowHandle, type: string): Promise<Date> {
    const entry = (await view(handle)).timeline.filter((e) => e.type === type).at(-1);
    if (!entry) throw new Error(`recordedAt: no ${type} on the timeline`);
    return new Date(entry.at);
  }

  async function now(): Promise<Date> {
    return new Date(await ctx.env.currentTimeMs());
  }

  async function today(): Promise<string> {
    return localDate(await now(), TZ);
  }

  async function daysAgo(n: number): Promise<string> {
    return addDaysToDate(await today(), -n);
  }

  /** Sleeps until the next Oslo wall-clock time on the given ISO weekday (1 = Monday). */
  async function clockTo(weekday: number, hhmm: string) {
    const [h, m] = hhmm.split(':').map(Number);
    const current = await now();
    let date = localDate(current, TZ);
    for (let i = 0; i < 8; i++) {
      const p = localParts(new Date(`${date}T12:00:00Z`), 'UTC');
      const { year, month, day } = { year: p.year, month: p.month, day: p.day };
      const at = fromLocal(TZ, year, month, day, h, m);
      if (p.weekday === weekday && at.getTime() > current.getTime()) {
        await ctx.env.sleep(at.getTime() - current.getTime());
        return at;
      }
      date = addDaysToDate(date, 1);
    }
    throw new Error('unreachable');
  }

  /** Sleeps to an exact instant. */
  async function sleepUntil(at: Date) {
    const ms = at.getTime() - (await ctx.env.currentTimeMs());
    if (ms > 0) await ctx.env.sleep(ms);
  }

  /**
   * Retries an assertion while signals between workflows are still in flight (the test server's
   * clock does not wait for workflow tasks, only for activities): up to ~50 short settles.
   */
  async function eventually(assertion: () => Promise<void>) {
    for (let i = 0; ; i++) {
      try {
        return await assertion();
      } catch (err) {
        if (i >= 50) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /** Sleeps into the next working hours (plus a minute), where routine messages go out. */
  async function toWorkingHours() {
    const at = nextWorkingTime(await now(), WORKING_HOURS, TZ);
    await sleepUntil(new Date(at.getTime() + 60_000));
  }

  /** The workflow's status as the Web UI shows it (RUNNING, COMPLETED, …). */
  async function status(handle: WorkflowHandle): Promise<string> {
    return (await handle.describe()).status.name;
  }

  /**
   * Walks a case forward the quick way, every event today, until it reaches `to`: first-review →
   * mapping → second-review → (place) decision → housing → move-in → follow-up.
   */
  async function walk(handle: WorkflowHandle, to: Stage): Promise<CaseView> {
    const order: Stage[] = [
      'first-review',
      'mapping',
      'second-review',
      'decision',
      'housing',
      'move-in',
      'follow-up',
    ];
    const target = order.indexOf(to);
    if (target < 0) throw new Error(`walk: cannot walk to ${to}`);
    let v = await view(handle);
    while (order.indexOf(v.stage) < target) {
      const date = await today();
      switch (v.stage) {
        case 'first-review':
          v = await send(handle, STEP_UPDATES.review, people.assessor, {
            round: 1,
            outcome: 'relevant',
            meetingDate: date,
          });
          break;
        case 'mapping':
          v = await send(handle, STEP_UPDATES.mapping, people.hfTeam, {
            followUpWorker: 'Oppfølger 1',
            housingWishes: { areas: ['Madla'], needs: [] },
            forms: { mapping: date },
          });
          break;
        case 'second-review':
          await send(handle, STEP_UPDATES.review, people.assessor, {
            round: 2,
            outcome: 'place-offered',
            meetingDate: date,
          });
          await settle();
          v = await view(handle);
          if (v.stage !== 'decision') throw new Error(`walk: no place free (stage ${v.stage})`);
          break;
        case 'decision':
          v = await send(handle, STEP_UPDATES.decision, people.teamLead, {
            services: [{ kind: 'miljøarbeidertjeneste', hoursPerWeek: 5 }],
            date,
          });
          break;
        case 'housing': {
          const { offerId } = await send(handle, STEP_UPDATES.housingOffer, people.housingProvider, {
            unitId: 'SE-7',
            address: 'Prøvegata 7',
            source: 'municipal',
            availableFrom: date,
          });
          await send(handle, STEP_UPDATES.offerResponse, people.hfTeam, { offerId, accepted: true, date });
          v = await send(handle, STEP_UPDATES.lease, people.housingProvider, {
            unitId: 'SE-7',
            signedDate: date,
            moveInDate: date,
          });
          break;
        }
        case 'move-in':
          v = await send(handle, STEP_UPDATES.moveIn, people.hfTeam, { date });
          break;
        default:
          throw new Error(`walk: stuck in ${v.stage}`);
      }
    }
    return v;
  }

  /** The bytes a workflow has written to history, over every run (as the server stores them). */
  async function historyBytes(handle: WorkflowHandle): Promise<number> {
    const latest = (await handle.describe()).runId;
    let bytes = 0;
    for (let r: string | undefined = await firstRunOf(ctx.env, handle.workflowId, latest); r;) {
      const history = await ctx.env.client.workflow.getHandle(handle.workflowId, r).fetchHistory();
      bytes += History.encode(History.fromObject(history)).finish().length;
      r =
        history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ??
        undefined;
    }
    return bytes;
  }

  return {
    ctx,
    walk,
    historyBytes,
    run,
    startCase,
    send,
    settle,
    view,
    openedAt,
    recordedAt,
    now,
    today,
    daysAgo,
    clockTo,
    sleepUntil,
    toWorkingHours,
    status,
    eventually,
  };
}

/** Oslo wall-clock description of an ISO instant: "Mon 08:00". */
export function oslo(at: string | Date): string {
  const p = localParts(new Date(at), TZ);
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][p.weekday - 1];
  return `${day} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 90);
}

async function terminateAll(env: TestWorkflowEnvironment, ids: string[]) {
  for (const id of ids) {
    try {
      await env.client.workflow.getHandle(id).terminate('end of story');
    } catch {
      // already closed, or never started
    }
  }
}

/**
 * Histories are stored as the protobuf message's JSON object form (enums as names, int64 as
 * strings, bytes as base64) and read back with `historyFromObject`. (The SDK's historyToJSON
 * trips over two copies of protobufjs in this install: "type must be a Type".)
 */
const History = temporal.api.history.v1.History;

export function historyToObject(history: temporal.api.history.v1.IHistory): object {
  return History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
}

export function historyFromObject(object: object): temporal.api.history.v1.History {
  return History.fromObject(object);
}

/**
 * Writes every run of every workflow the story started (cases and its coordinator). With
 * BF_HISTORY_PREFIX the files get that prefix: a story recorded again with today's code is kept
 * beside its history from older code (which still covers the branches older runs take).
 */
export async function recordHistories(
  env: TestWorkflowEnvironment,
  suite: string,
  test: string,
  ids: string[],
) {
  const dir = path.join(HISTORIES_DIR, suite);
  mkdirSync(dir, { recursive: true });
  let n = 0;
  for (const id of ids) {
    let runId: string | undefined;
    try {
      runId = (await env.client.workflow.getHandle(id).describe()).runId;
    } catch {
      continue; // never started (a story without places)
    }
    // Walk the chain back from the latest run through continue-as-new.
    const runs: string[] = [];
    const first = await firstRunOf(env, id, runId);
    for (let r: string | undefined = first; r;) {
      runs.push(r);
      const history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> = await env.client.workflow
        .getHandle(id, r)
        .fetchHistory();
      const events = history.events ?? [];
      const last = events[events.length - 1];
      writeFileSync(
        path.join(dir, `${process.env.BF_HISTORY_PREFIX ?? ''}${slug(test)}--${++n}.json`),
        JSON.stringify({ workflowId: id, history: historyToObject(history) }),
      );
      r = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
  }
}

async function firstRunOf(env: TestWorkflowEnvironment, id: string, runId: string): Promise<string> {
  const history = await env.client.workflow.getHandle(id, runId).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  return started?.firstExecutionRunId || runId;
}
