/**
 * A small supervisor for the cluster's child processes: start with a name, prefix their output
 * (or keep it in a log file), wait for ports, and stop them in reverse order.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import net from 'node:net';

export interface Child {
  name: string;
  proc: ChildProcess;
}

export class Processes {
  readonly children: Child[] = [];
  stopping = false;
  /** Called when a child exits on its own (not during stop). */
  onUnexpectedExit: (child: Child, code: number | null, signal: NodeJS.Signals | null) => void = () => {};

  constructor(private readonly output: { prefix: boolean; logFile?: string } = { prefix: true }) {}

  private logStream?: WriteStream;

  run(name: string, cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
    const proc = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = `${name.padEnd(10)}|`;
    if (this.output.logFile && !this.logStream)
      this.logStream = createWriteStream(this.output.logFile, { flags: 'a' });
    for (const stream of [proc.stdout, proc.stderr]) {
      let buf = '';
      stream!.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const line of lines) {
          if (!line.trim()) continue;
          if (this.output.prefix) process.stdout.write(`${prefix} ${line}\n`);
          this.logStream?.write(`${prefix} ${line}\n`);
        }
      });
    }
    const child = { name, proc };
    proc.on('exit', (code, signal) => {
      if (!this.stopping) this.onUnexpectedExit(child, code, signal);
    });
    this.children.push(child);
    return child;
  }

  /** Stops one child: SIGTERM, then SIGKILL after the grace period. */
  static async stopChild(child: Child, graceMs = 15_000): Promise<void> {
    const { proc } = child;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        proc.kill('SIGKILL');
        resolve();
      }, graceMs);
      proc.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  }

  /** Stops the children in reverse start order, each group at once: apps first, Temporal last. */
  async stopAll(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    for (const child of [...this.children].reverse()) await Processes.stopChild(child, graceMs);
    this.logStream?.end();
  }
}

export function waitForPort(
  port: number,
  what: string,
  opts: { timeoutMs?: number; abort?: () => boolean } = {},
) {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  return new Promise<void>((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        try {
          if (opts.abort?.()) return reject(new Error(`stopped while waiting for ${what}`));
        } catch (err) {
          return reject(err);
        }
        if (Date.now() > deadline) return reject(new Error(`${what} did not open port ${port}`));
        setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}
