/**
 * What every stand-in shares: a store that keeps what arrives on disk (so a restarted stack still
 * shows it), fault injection per system, and multipart parsing.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';

export const SYSTEMS = ['archive', 'svarut', 'care', 'nav', 'specialist-health', 'housing'] as const;
export type System = (typeof SYSTEMS)[number];

/** Items of one kind, one JSON file each, with any attachments in a folder of the same name. */
export class Store<T extends { id: string }> {
  private readonly items = new Map<string, T>();
  private readonly dir: string;

  constructor(root: string, kind: string) {
    this.dir = path.join(root, kind);
    mkdirSync(this.dir, { recursive: true });
    for (const f of readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const item = JSON.parse(readFileSync(path.join(this.dir, f), 'utf8')) as T;
      this.items.set(item.id, item);
    }
  }

  put(item: T, attachments: Record<string, Uint8Array | string> = {}): T {
    this.items.set(item.id, item);
    const safe = item.id.replace(/[^A-Za-z0-9._-]/g, '_');
    writeFileSync(path.join(this.dir, `${safe}.json`), JSON.stringify(item, null, 2));
    const names = Object.keys(attachments);
    if (names.length) {
      const folder = path.join(this.dir, safe);
      mkdirSync(folder, { recursive: true });
      for (const n of names) writeFileSync(path.join(folder, path.basename(n)), attachments[n]);
    }
    return item;
  }

  attachment(id: string, name: string): Buffer {
    const safe = id.replace(/[^A-Za-z0-9._-]/g, '_');
    return readFileSync(path.join(this.dir, safe, path.basename(name)));
  }

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  find(pred: (item: T) => boolean): T | undefined {
    for (const item of this.items.values()) if (pred(item)) return item;
    return undefined;
  }

  all(): T[] {
    return [...this.items.values()];
  }

  get size(): number {
    return this.items.size;
  }
}

/**
 * Fault modes: `500` and `400` answer with that status without handling the call; `hang` never
 * answers; `lose-answer` handles the call (stores it) and then never answers, like a reply lost
 * on the way back. A hung request is dropped after `hangMs` so no socket stays open for ever.
 */
export const FAULT_MODES = ['500', '400', 'hang', 'lose-answer'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface Fault {
  mode: FaultMode;
  remaining: number;
  /** Only calls whose path contains this (e.g. "sendForsendelse"); all calls when absent. */
  match?: string;
}

export class Faults {
  private readonly queues = new Map<System, Fault[]>();
  /** How many requests each fault has answered, for the page and tests. */
  readonly injected: Record<string, number> = {};

  constructor(private readonly hangMs = 10 * 60_000) {}

  add(system: System, mode: FaultMode, count: number, match?: string) {
    const q = this.queues.get(system) ?? [];
    q.push({ mode, remaining: count, ...(match ? { match } : {}) });
    this.queues.set(system, q);
  }

  clear(system?: System) {
    if (system) this.queues.delete(system);
    else this.queues.clear();
  }

  pending(): Record<string, Fault[]> {
    return Object.fromEntries([...this.queues].map(([k, v]) => [k, v.map((f) => ({ ...f }))]));
  }

  private take(system: System, path: string): FaultMode | undefined {
    const q = this.queues.get(system) ?? [];
    const f = q.find((x) => !x.match || path.includes(x.match));
    if (!f) return undefined;
    f.remaining--;
    if (f.remaining <= 0) q.splice(q.indexOf(f), 1);
    this.injected[`${system}:${f.mode}`] = (this.injected[`${system}:${f.mode}`] ?? 0) + 1;
    return f.mode;
  }

  middleware(system: System) {
    return (req: Request, res: Response, next: NextFunction) => {
      const mode = this.take(system, req.originalUrl);
      if (!mode) return next();
      const drop = () => setTimeout(() => res.socket?.destroy(), this.hangMs).unref();
      switch (mode) {
        case '500':
          return res.status(500).json({ errorcode: 'INJECTED', message: 'injected fault: server error' });
        case '400':
          return res.status(400).json({ errorcode: 'INJECTED', message: 'injected fault: bad request' });
        case 'hang':
          drop();
          return;
        case 'lose-answer':
          // Handle the call, but swallow the answer.
          res.end = (() => res) as unknown as Response['end'];
          drop();
          return next();
      }
    };
  }
}

export interface Part {
  name: string;
  fileName?: string;
  type: string;
  content: Buffer;
}

/** Parses a multipart/form-data body (read raw by express.raw) with the platform's own parser. */
export async function multipart(req: Request): Promise<Part[]> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data') || !Buffer.isBuffer(req.body)) {
    throw new Error('expected multipart/form-data');
  }
  const form = await new globalThis.Response(req.body, { headers: { 'content-type': type } }).formData();
  const parts: Part[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') parts.push({ name, type: 'text/plain', content: Buffer.from(value) });
    else
      parts.push({
        name,
        fileName: value.name,
        type: value.type,
        content: Buffer.from(await value.arrayBuffer()),
      });
  }
  return parts;
}

export function escapeHtml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot' }[c]};`);
}
