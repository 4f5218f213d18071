/**
 * The stores on disk in SQLite (better-sqlite3): the default, at `BF_DATA_DIR/audit.sqlite`.
 * Append-only is enforced by the database itself: triggers refuse every UPDATE and DELETE on the
 * access log, whatever code runs against the file.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FidelityAssessment } from '../../domain/fidelity';
import type {
  AuditEntry,
  FidelityStore,
  AuditLog,
  IdempotencyRecord,
  IdempotencyStore,
  RateLimitCounters,
  StoredAuditEntry,
  Stores,
} from './types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_log (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  at            TEXT    NOT NULL,
  actor_id      TEXT,
  actor_role    TEXT,
  actor_roles   TEXT    NOT NULL,
  actor_office  TEXT,
  action        TEXT    NOT NULL,
  method        TEXT    NOT NULL,
  route         TEXT    NOT NULL,
  case_id       TEXT,
  status        INTEGER NOT NULL,
  outcome       TEXT    NOT NULL,
  personal_data INTEGER NOT NULL,
  detail        TEXT,
  request_id    TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_case ON audit_log (case_id, seq);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE IF NOT EXISTS idempotency_keys (
  id           TEXT PRIMARY KEY,
  fingerprint  TEXT NOT NULL,
  case_id      TEXT,
  status       INTEGER,
  result       TEXT,
  created_at   TEXT NOT NULL,
  completed_at TEXT
);

CREATE TABLE IF NOT EXISTS rate_limits (
  key          TEXT    NOT NULL,
  window_start INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  hits         INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS fidelity_assessments (
  municipality TEXT    NOT NULL,
  year         INTEGER NOT NULL,
  assessed_at  TEXT    NOT NULL,
  scores       TEXT    NOT NULL,
  recorded_by  TEXT    NOT NULL,
  recorded_at  TEXT    NOT NULL,
  PRIMARY KEY (municipality, year)
);
`;

/** How often an instance clears counters of windows that have ended. */
export const RATE_LIMIT_SWEEP_MS = 60_000;

interface AuditRow {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_role: string | null;
  actor_roles: string;
  actor_office: string | null;
  action: string;
  method: string;
  route: string;
  case_id: string | null;
  status: number;
  outcome: string;
  personal_data: number;
  detail: string | null;
  request_id: string;
}

export function fromAuditRow(r: AuditRow): StoredAuditEntry {
  return {
    seq: Number(r.seq),
    at: r.at,
    actorId: r.actor_id,
    actorRole: r.actor_role,
    actorRoles: JSON.parse(r.actor_roles) as string[],
    actorOffice: r.actor_office,
    action: r.action as StoredAuditEntry['action'],
    method: r.method,
    route: r.route,
    caseId: r.case_id,
    status: Number(r.status),
    outcome: r.outcome as StoredAuditEntry['outcome'],
    personalData: Boolean(r.personal_data),
    detail: r.detail,
    requestId: r.request_id,
  };
}

export interface FidelityRow {
  municipality: string;
  year: number;
  assessed_at: string;
  scores: string;
  recorded_by: string;
}

export function fromFidelityRow(r: FidelityRow): FidelityAssessment {
  return {
    municipality: r.municipality,
    year: Number(r.year),
    assessedAt: r.assessed_at,
    scores: JSON.parse(r.scores) as FidelityAssessment['scores'],
    recordedBy: r.recorded_by,
  };
}

export function openSqliteStores(file: string): Stores {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL'); // an access log entry must survive a crash once answered
  db.exec(SCHEMA);

  const insertAudit = db.prepare(`
    INSERT INTO audit_log (at, actor_id, actor_role, actor_roles, actor_office, action, method, route,
                           case_id, status, outcome, personal_data, detail, request_id)
    VALUES (@at, @actorId, @actorRole, @actorRoles, @actorOffice, @action, @method, @route,
            @caseId, @status, @outcome, @personalData, @detail, @requestId)`);
  const selectCase = db.prepare('SELECT * FROM audit_log WHERE case_id = ? AND seq > ? ORDER BY seq LIMIT ?');
  const insertKey = db.prepare(
    `INSERT INTO idempotency_keys (id, fingerprint, case_id, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO NOTHING`,
  );
  const selectKey = db.prepare('SELECT * FROM idempotency_keys WHERE id = ?');
  const completeKey = db.prepare(
    'UPDATE idempotency_keys SET status = ?, result = ?, completed_at = ? WHERE id = ?',
  );

  const audit: AuditLog = {
    async append(e: AuditEntry) {
      insertAudit.run({
        ...e,
        actorRoles: JSON.stringify(e.actorRoles),
        personalData: e.personalData ? 1 : 0,
      });
    },
    async forCase(caseId, opts = {}) {
      const rows = selectCase.all(caseId, opts.afterSeq ?? 0, opts.limit ?? 1000) as AuditRow[];
      return rows.map(fromAuditRow);
    },
  };

  const idempotency: IdempotencyStore = {
    async claim(id, fingerprint, caseId) {
      insertKey.run(id, fingerprint, caseId, new Date().toISOString());
      const r = selectKey.get(id) as {
        id: string;
        fingerprint: string;
        case_id: string | null;
        status: number | null;
        result: string | null;
        created_at: string;
      };
      const record: IdempotencyRecord = {
        id: r.id,
        fingerprint: r.fingerprint,
        caseId: r.case_id,
        status: r.status,
        result: r.result,
        createdAt: r.created_at,
      };
      return record;
    },
    async complete(id, status, result) {
      completeKey.run(status, result, new Date().toISOString(), id);
    },
  };

  // The counters on their own connection without a sync per request: a count lost in a crash
  // costs nothing, while the access log next to them keeps `synchronous = FULL`.
  const counters = new Database(file);
  counters.pragma('synchronous = NORMAL');
  const rateLimits = sqliteRateLimits(counters);

  const putFidelity = db.prepare(
    `INSERT INTO fidelity_assessments (municipality, year, assessed_at, scores, recorded_by, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (municipality, year) DO UPDATE SET assessed_at = excluded.assessed_at,
       scores = excluded.scores, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
  );
  const getFidelity = db.prepare('SELECT * FROM fidelity_assessments WHERE municipality = ? AND year = ?');
  const fidelity: FidelityStore = {
    async put(a) {
      putFidelity.run(
        a.municipality,
        a.year,
        a.assessedAt,
        JSON.stringify(a.scores),
        a.recordedBy,
        new Date().toISOString(),
      );
    },
    async get(municipality, year) {
      const r = getFidelity.get(municipality, year) as FidelityRow | undefined;
      return r && fromFidelityRow(r);
    },
  };

  return {
    kind: 'sqlite',
    audit,
    idempotency,
    rateLimits,
    fidelity,
    async close() {
      counters.close();
      db.close();
    },
  };
}

function sqliteRateLimits(db: Database.Database): RateLimitCounters {
  const hit = db.prepare(
    `INSERT INTO rate_limits (key, window_start, expires_at, hits) VALUES (?, ?, ?, 1)
     ON CONFLICT (key, window_start) DO UPDATE SET hits = hits + 1
     RETURNING hits`,
  );
  const unhit = db.prepare(
    'UPDATE rate_limits SET hits = MAX(hits - 1, 0) WHERE key = ? AND window_start = ?',
  );
  const reset = db.prepare('DELETE FROM rate_limits WHERE key = ? AND window_start = ?');
  const sweep = db.prepare('DELETE FROM rate_limits WHERE expires_at < ?');
  let sweptAt = 0;
  const windowOf = (windowMs: number, nowMs: number) => Math.floor(nowMs / windowMs) * windowMs;
  return {
    async hit(key, windowMs, nowMs) {
      if (nowMs - sweptAt > RATE_LIMIT_SWEEP_MS) {
        sweptAt = nowMs;
        sweep.run(nowMs);
      }
      const start = windowOf(windowMs, nowMs);
      return Number((hit.get(key, start, start + windowMs) as { hits: number }).hits);
    },
    async unhit(key, windowMs, nowMs) {
      unhit.run(key, windowOf(windowMs, nowMs));
    },
    async reset(key, windowMs, nowMs) {
      reset.run(key, windowOf(windowMs, nowMs));
    },
  };
}
