/**
 * A small chaos run in the suite: its own stack as OS processes (Temporal dev server on disk,
 * worker, API, SMTP recorder, stand-ins), 20 cases walked through the API by careful clients while
 * the worker is SIGKILLed 5 times, the Temporal server once, the API once, SMTP is down for a
 * stretch while reminders fall due, and the stand-ins fail and refuse. Fails on any loss or
 * duplicate (the run's own exit code and its figures). The full run is `npm run chaos`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporalCliPath } from '../support/tools';

const ROOT = path.resolve(__dirname, '..', '..');

test('a small chaos run loses nothing and does nothing twice', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bf-chaos-test-'));
  const json = path.join(dir, 'report.json');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      [
        'scripts/chaos/run.ts',
        ...['--cases', '20', '--worker-kills', '5', '--server-kills', '1', '--server-down', '15'],
        ...['--api-kills', '1', '--smtp-outage', '45', '--refusals', '2', '--minutes', '2.5'],
        ...['--remind-after', '1', '--settle', '360', '--json', json, '--data-dir', path.join(dir, 'data')],
      ],
      {
        cwd: ROOT,
        env: { ...process.env, TEMPORAL_CLI: temporalCliPath() },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (c: Buffer) => output.push(c.toString()));
    child.stderr.on('data', (c: Buffer) => output.push(c.toString()));
    child.on('exit', (c) => resolve(c));
  });
  let report: any;
  try {
    report = JSON.parse(readFileSync(json, 'utf8'));
  } catch {
    throw new Error(`the chaos run wrote no report (exit ${code}):\n${output.join('').slice(-6000)}`);
  }
  const f = report.figures;
  // What a municipality asks, as counted by the run (the table is in the output on failure).
  expect({
    exit: code,
    casesWalked: f.casesWalked,
    lost: f.lost,
    wrongStage: f.wrongStage,
    eventsTwice: f.eventsTwice,
    eventsMissing: f.eventsMissing,
    emailsTwice: f.emailsTwice,
    heldRemindersDeliveredOnce: f.remindersDuringOutageDeliveredOnce === f.remindersDuringOutage,
    remindersLost: f.remindersLost,
    standinsTwice: Object.values(f.standins as Record<string, { twice: number }>).reduce(
      (s, x) => s + x.twice,
      0,
    ),
    // Expected and stored: no call still owed, every case's entries at the stand-ins.
    owedWhenCounted: f.owedWhenCounted,
    stored: f.stored,
    unresolvedIncidents: f.incidents.filter((i: any) => i.status !== 'resolved').length,
    answers500: f.answers500,
    givenUp: f.givenUp,
    notReplayable: f.casesNotReplayable,
    problems: report.problems,
  }).toEqual({
    exit: 0,
    casesWalked: 20,
    lost: 0,
    wrongStage: 0,
    eventsTwice: 0,
    eventsMissing: 0,
    emailsTwice: 0,
    heldRemindersDeliveredOnce: true,
    remindersLost: 0,
    standinsTwice: 0,
    owedWhenCounted: 0,
    stored: { noCaseFile: 0, misfiled: 0, decisionsNotArchived: 0, lettersNotSent: 0 },
    unresolvedIncidents: 0,
    answers500: 0,
    givenUp: 0,
    notReplayable: 0,
    problems: [],
  });
  // The chaos did happen.
  expect(f.workerKills).toBe(5);
  expect(f.temporalDownSec).toHaveLength(1);
  expect(f.apiKills).toBe(1);
  expect(f.casesReplayed).toBeGreaterThanOrEqual(20);
  expect(f.remindersDuringOutage).toBeGreaterThan(0);
  expect(f.whileTemporalDown.status503).toBeGreaterThan(0);
  expect(f.whileTemporalDown.withoutRetryAfter).toBe(0);
  rmSync(dir, { recursive: true, force: true });
}, 900_000);
