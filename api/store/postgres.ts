/**
 * The stores in PostgreSQL, used when `AUDIT_DATABASE_URL` is set (production: docker-compose's
 * PostgreSQL). Append-only is enforced by triggers that refuse UPDATE, DELETE and TRUNCATE on the
 * access log; the schema is created at start-up under an advisory lock so several API instances
 * can start together.
 */
import { Pool } from 'pg';
import { fromAuditRow, fromFidelityRow } from './sqlite';
import type { AuditLog, FidelityStore, IdempotencyStore, RateLimitCounters, Stores } from './types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_log (
  seq           BIGSERIAL PRIMARY KEY,
  at            TEXT      NOT NULL,
  actor_id      TEXT,
  actor_role    TEXT,
  actor_roles   TEXT      NOT NULL,
  actor_office  TEXT,
  action        TEXT      NOT NULL,
  method        TEXT      NOT NULL,
  route         TEXT      NOT NULL,
  case_id       TEXT,
  status        INTEGER   NOT NULL,
  outcome       TEXT      NOT NULL,
  personal_data BOOLEAN   NOT NULL,
  detail        TEXT,
  request_id    TEXT      NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_case ON audit_log (case_id, seq);
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE OR REPLACE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

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
  key          TEXT   NOT NULL,
  window_start BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL,
  hits         INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);

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

/** Any fixed number: serialises schema creation across API instances starting at once. */
const SCHEMA_LOCK = 0x62665f61; // "bf_a"

export async function openPostgresStores(url: string): Promise<Stores> {
  const pool = new Pool({ connectionString: url, max: 5 });
  // An idle client losing its connection must not crash the API; the next query reconnects.
  pool.on('error', () => {});
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await client.query(SCHEMA);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }

  const audit: AuditLog = {
    async append(e) {
      await pool.query(
        `INSERT INTO audit_log (at, actor_id, actor_role, actor_roles, actor_office, action, method, route,
                                case_id, status, outcome, personal_data, detail, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          e.at,
          e.actorId,
          e.actorRole,
          JSON.stringify(e.actorRoles),
          e.actorOffice,
          e.action,
          e.method,
          e.route,
          e.caseId,
          e.status,
          e.outcome,
          e.personalData,
          e.detail,
          e.requestId,
        ],
      );
    },
    async forCase(caseId, opts = {}) {
      const { rows } = await pool.query(
        'SELECT * FROM audit_log WHERE case_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [caseId, opts.afterSeq ?? 0, opts.limit ?? 1000],
      );
      return rows.map(fromAuditRow);
    },
  };

  const idempotency: IdempotencyStore = {
    async claim(id, fingerprint, caseId) {
      await pool.query(
        `INSERT INTO idempotency_keys (id, fingerprint, case_id, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO NOTHING`,
        [id, fingerprint, caseId, new Date().toISOString()],
      );
      const { rows } = await pool.query('SELECT * FROM idempotency_keys WHERE id = $1', [id]);
      const r = rows[0];
      return {
        id: r.id,
        fingerprint: r.fingerprint,
        caseId: r.case_id,
        status: r.status,
        result: r.result,
        createdAt: r.created_at,
      };
    },
    async complete(id, status, result) {
      await pool.query(
        'UPDATE idempotency_keys SET status = $1, result = $2, completed_at = $3 WHERE id = $4',
        [status, result, new Date().toISOString(), id],
      );
    },
  };

  // The counters without waiting for the commit to reach disk: a count lost in a crash costs
  // nothing, and every request writes one.
  const counterPool = new Pool({ connectionString: url, max: 5, options: '-c synchronous_commit=off' });
  counterPool.on('error', () => {});
  const rateLimits = postgresRateLimits(counterPool);

  const fidelity: FidelityStore = {
    async put(a) {
      await pool.query(
        `INSERT INTO fidelity_assessments (municipality, year, assessed_at, scores, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (municipality, year) DO UPDATE SET assessed_at = EXCLUDED.assessed_at,
           scores = EXCLUDED.scores, recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
        [
          a.municipality,
          a.year,
          a.assessedAt,
          JSON.stringify(a.scores),
          a.recordedBy,
          new Date().toISOString(),
        ],
      );
    },
    async get(municipality, year) {
      const { rows } = await pool.query(
        'SELECT * FROM fidelity_assessments WHERE municipality = $1 AND year = $2',
        [municipality, year],
      );
      return rows[0] ? fromFidelityRow(rows[0]) : undefined;
    },
  };

  return {
    kind: 'postgres',
    audit,
    idempotency,
    rateLimits,
    fidelity,
    async close() {
      await Promise.all([pool.end(), counterPool.end()]);
    },
  };
}

function postgresRateLimits(pool: Pool): RateLimitCounters {
  let sweptAt = 0;
  const windowOf = (windowMs: number, nowMs: number) => Math.floor(nowMs / windowMs) * windowMs;
  return {
    async hit(key, windowMs, nowMs) {
      if (nowMs - sweptAt > 60_000) {
        sweptAt = nowMs;
        await pool.query('DELETE FROM rate_limits WHERE expires_at < $1', [nowMs]);
      }
      const start = windowOf(windowMs, nowMs);
      // One statement: concurrent hits from several instances each get their own count.
      const { rows } = await pool.query(
        `INSERT INTO rate_limits (key, window_start, expires_at, hits) VALUES ($1, $2, $3, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
         RETURNING hits`,
        [key, start, start + windowMs],
      );
      return Number(rows[0].hits);
    },
    async unhit(key, windowMs, nowMs) {
      await pool.query(
        'UPDATE rate_limits SET hits = GREATEST(hits - 1, 0) WHERE key = $1 AND window_start = $2',
        [key, windowOf(windowMs, nowMs)],
      );
    },
    async reset(key, windowMs, nowMs) {
      await pool.query('DELETE FROM rate_limits WHERE key = $1 AND window_start = $2', [
        key,
        windowOf(windowMs, nowMs),
      ]);
    },
  };
}
