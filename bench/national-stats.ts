/**
 * The arithmetic of the national-scale benchmark (bench/national.ts), pure so a unit test can
 * check it: percentiles, reminder lag (due time → the SMTP server's acceptance), and CPU shares
 * from /proc samples.
 */

/** Nearest-rank percentile (p in 0–100) of the values; undefined for none. */
export function percentile(xs: number[], p: number): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

/** One message the SMTP recorder accepted (scripts/chaos/smtp-recorder.ts writes these). */
export interface Accepted {
  messageId: string;
  at: string;
}

/** One reminder a case carries: the Message-ID it will be sent with and when it is due. */
export interface DueReminder {
  caseId: string;
  messageId: string;
  dueAt: string;
  /** When the case was accepted by the API: a case created after its due time is late by birth. */
  createdAt?: string;
}

export interface LagSummary {
  expected: number;
  delivered: number;
  /** Reminders not (yet) accepted by the SMTP server. */
  missing: number;
  /** The same Message-ID accepted more than once (counted once, the first acceptance). */
  duplicates: number;
  /** Cases created after their reminder was due: their lag counts from creation instead. */
  createdAfterDue: number;
  p50Ms?: number;
  p99Ms?: number;
  maxMs?: number;
  /** Seconds from the first to the last acceptance. */
  spreadSeconds?: number;
}

/**
 * Lag per reminder: first acceptance of its Message-ID minus the later of its due time and its
 * case's creation (a reminder cannot go before the case exists).
 */
export function reminderLag(due: DueReminder[], accepted: Accepted[]): LagSummary {
  const first = new Map<string, number>();
  let duplicates = 0;
  for (const a of accepted) {
    const t = Date.parse(a.at);
    const seen = first.get(a.messageId);
    if (seen === undefined) first.set(a.messageId, t);
    else {
      duplicates++;
      if (t < seen) first.set(a.messageId, t);
    }
  }
  const lags: number[] = [];
  const times: number[] = [];
  let createdAfterDue = 0;
  for (const d of due) {
    const at = first.get(d.messageId);
    if (at === undefined) continue;
    let from = Date.parse(d.dueAt);
    if (d.createdAt && Date.parse(d.createdAt) > from) {
      createdAfterDue++;
      from = Date.parse(d.createdAt);
    }
    lags.push(at - from);
    times.push(at);
  }
  return {
    expected: due.length,
    delivered: lags.length,
    missing: due.length - lags.length,
    duplicates,
    createdAfterDue,
    p50Ms: percentile(lags, 50),
    p99Ms: percentile(lags, 99),
    maxMs: lags.length ? Math.max(...lags) : undefined,
    spreadSeconds: times.length ? (Math.max(...times) - Math.min(...times)) / 1000 : undefined,
  };
}

/** A process's CPU time (user + system, in clock ticks) and resident memory at one moment. */
export interface ProcSample {
  at: number;
  cpuTicks: number;
  rssBytes: number;
}

/** Fields 14 and 15 (utime, stime) of /proc/<pid>/stat; the command may contain spaces. */
export function cpuTicksOf(stat: string): number {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state): utime is field 14, stime 15.
  return Number(rest[11]) + Number(rest[12]);
}

/** "VmRSS:    123456 kB" in /proc/<pid>/status, in bytes. */
export function rssOf(status: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

/** Cores used on average between two samples (CPU seconds ÷ wall seconds). */
export function coresUsed(a: ProcSample, b: ProcSample, ticksPerSecond = 100): number {
  const wall = (b.at - a.at) / 1000;
  return wall > 0 ? (b.cpuTicks - a.cpuTicks) / ticksPerSecond / wall : 0;
}
