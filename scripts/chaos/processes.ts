/**
 * The chaos run's stack as separate OS processes it can SIGKILL and start again: the Temporal
 * dev server (SQLite on disk), the stand-ins, the SMTP recorder, the worker and the API. Each
 * process logs to its own file in the run's data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function waitForPort(port: number, what: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(port))) {
    if (Date.now() > deadline) throw new Error(`${what} did not open port ${port} in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface ProcSpec {
  name: string;
  cmd: string;
  args: string[];
  env?: Record<string, string>;
  cwd: string;
  /** The port that shows the process is up. */
  port?: number;
}

/**
 * One process of the stack. `start()` starts it and waits for its port; `kill(signal)` ends it and
 * waits for the exit. A process that exits on its own while it should run (the worker when
 * Temporal is away, say) is started again after a second, as a supervisor (systemd) would.
 */
export class Proc {
  private child?: ChildProcess;
  private log: WriteStream;
  private wanted = false;
  starts = 0;
  unexpectedExits = 0;
  readonly kills: { at: number; signal: string }[] = [];

  constructor(
    readonly spec: ProcSpec,
    logDir: string,
  ) {
    this.log = createWriteStream(path.join(logDir, `${spec.name}.log`), { flags: 'a' });
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(waitUp = true): Promise<void> {
    this.wanted = true;
    this.spawnOnce();
    if (waitUp && this.spec.port) await waitForPort(this.spec.port, this.spec.name);
  }

  private spawnOnce() {
    if (this.running) return;
    this.starts++;
    this.log.write(`\n=== start ${this.starts} at ${new Date().toISOString()}\n`);
    // Its own process group, so a kill reaches every process it started.
    const child = spawn(this.spec.cmd, this.spec.args, {
      cwd: this.spec.cwd,
      env: { ...process.env, ...this.spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout!.pipe(this.log, { end: false });
    child.stderr!.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => {
      this.log.write(`=== exit ${signal ?? code} at ${new Date().toISOString()}\n`);
      if (this.wanted && this.child === child) {
        this.unexpectedExits++;
        setTimeout(() => {
          if (this.wanted && this.child === child) this.spawnOnce();
        }, 1_000).unref();
      }
    });
    this.child = child;
  }

  /** Ends the process with the signal and waits until it has exited. It stays down. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    this.wanted = false;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.kills.push({ at: Date.now(), signal });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const group = (s: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, s);
      } catch {
        child.kill(s);
      }
    };
    group(signal);
    const timer = setTimeout(() => group('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  async restart(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.kill(signal);
    await this.start();
  }

  close() {
    this.log.end();
  }
}

/** A TypeScript entry point run by this Node with tsx, as every process of the stack is. */
export const tsxArgs = (file: string, ...rest: string[]): string[] => ['--import', 'tsx', file, ...rest];

/** The municipal stand-ins and the SMTP recorder, as the chaos run and the national bench run them. */
export function standinsAndSmtp(o: {
  root: string;
  env: Record<string, string>;
  ports: { standins: number; smtp: number };
  mailLog: string;
  logDir: string;
}): { standins: Proc; smtp: Proc } {
  const node = process.execPath;
  return {
    standins: new Proc(
      {
        name: 'standins',
        cmd: node,
        args: tsxArgs('standins/main.ts'),
        env: o.env,
        cwd: o.root,
        port: o.ports.standins,
      },
      o.logDir,
    ),
    smtp: new Proc(
      {
        name: 'smtp',
        cmd: node,
        args: tsxArgs('scripts/chaos/smtp-recorder.ts', String(o.ports.smtp), o.mailLog),
        cwd: o.root,
        port: o.ports.smtp,
      },
      o.logDir,
    ),
  };
}
