/**
 * Process configuration from the environment, validated once at start-up. Every port and
 * address has a development default so `npm start` needs nothing set; production sets them in
 * docker-compose.yml (a test checks the two agree).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { newKeySpec, parseCodecKeys, type CodecKeys } from './codec';
import { devSecret } from './dev-secrets';
import type { ClaimMapping } from './claims';
import { ROLES } from '../domain/types';
import { DEV_TOKEN_ISSUER } from './dev-tokens';

export const ROOT = path.resolve(__dirname, '..');

const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  BF_DATA_DIR: z.string().default(path.join(ROOT, '.data')),
  BF_MUNICIPALITIES_DIR: z.string().default(path.join(ROOT, 'config', 'municipalities')),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('bolig-forst'),
  TEMPORAL_TASK_QUEUE: z.string().default('pathway'),
  TEMPORAL_UI_URL: z.string().default('http://localhost:8233'),
  API_PORT: z.coerce.number().int().default(3000),
  /** Where the API listens: 127.0.0.1 in development (nothing on a shared network), 0.0.0.0 in production. */
  API_HOST: z.string().optional(),
  PUBLIC_URL: z.string().optional(),
  /** Reverse proxies whose X-Forwarded-For the API believes (comma-separated IPs, CIDRs, `loopback`). */
  TRUSTED_PROXIES: z.string().default(''),
  WORKER_METRICS_PORT: z.coerce.number().int().default(9464),
  /** How often the worker's doctor looks for cases stuck on nondeterminism (worker/doctor.ts); 0: never. */
  BF_DOCTOR_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(300),
  SMTP_HOST: z.string().default('127.0.0.1'),
  SMTP_PORT: z.coerce.number().int().default(1025),
  SMTP_SECURE: z.stringbool().default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  MAIL_FROM: z.string().default('Bolig først <ikke-svar@bolig-forst.kommune.test>'),
  STANDINS_URL: z.string().default('http://127.0.0.1:4010'),
  ARCHIVE_URL: z.string().optional(),
  SVARUT_URL: z.string().optional(),
  SVARUT_USER: z.string().default('bolig-forst'),
  SVARUT_PASS: z.string().default('dev-password'),
  CARE_SYSTEM_URL: z.string().optional(),
  NAV_URL: z.string().optional(),
  SPECIALIST_HEALTH_URL: z.string().optional(),
  HOUSING_URL: z.string().optional(),
  BF_CODEC_KEYS: z.string().optional(),
  BF_CODEC_ACTIVE_KEY: z.string().optional(),
  BF_IDEMPOTENCY_SECRET: z.string().optional(),
  /** Key of the person search's blind index (platform/person-index.ts): the same for the API and the worker. */
  BF_PERSON_INDEX_SECRET: z.string().optional(),
  AUTH_JWKS_URL: z.string().optional(),
  AUTH_ISSUER: z.string().default(DEV_TOKEN_ISSUER),
  AUTH_AUDIENCE: z.string().default('bolig-forst'),
  /** How the identity provider's claims map to roles, municipality and office (JSON; api/auth.ts ClaimMapping). */
  AUTH_CLAIM_MAPPING: z.string().optional(),
  // The web app's sign-in (OpenID Connect, code flow + PKCE); off when OIDC_ISSUER is unset.
  OIDC_ISSUER: z.string().optional(),
  OIDC_CLIENT_ID: z.string().default('bolig-forst-web'),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_SCOPES: z.string().default('openid profile bolig'),
  OIDC_RESOURCE: z.string().optional(),
  BF_SESSION_SECRET: z.string().optional(),
  BF_WEB_DIR: z.string().default(path.join(ROOT, 'web', 'dist')),
  AUDIT_DATABASE_URL: z.string().optional(),
  LOG_LEVEL: z.string().default('info'),
});

export type Env = z.infer<typeof envSchema>;

/** Every variable the processes read (docker-compose.yml is checked against this list). */
export const ENV_KEYS = Object.keys(envSchema.shape);

export interface Config {
  env: Env;
  production: boolean;
  dataDir: string;
  municipalitiesDir: string;
  temporal: { address: string; namespace: string; taskQueue: string; uiUrl: string };
  /** Where the processes' own servers listen (worker metrics): loopback only in development. */
  listenHost: string;
  api: { port: number; host: string; publicUrl: string; trustedProxies: string[] };
  workerMetricsPort: number;
  doctorIntervalSeconds: number;
  smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string; from: string };
  systems: {
    archiveUrl: string;
    svarutUrl: string;
    svarutUser: string;
    svarutPass: string;
    careSystemUrl: string;
    navUrl: string;
    specialistHealthUrl: string;
    housingUrl: string;
  };
  codec: CodecKeys;
  /** Key for idempotent case and update IDs (HMAC): the same on every API instance. */
  idempotencySecret: Buffer;
  /** Key of the person search's blind index (HMAC): the same for every API instance and worker. */
  personIndexSecret: Buffer;
  auth: { jwksUrl?: string; issuer: string; audience: string; claims?: ClaimMapping };
  /** The web app's sign-in (backend-for-frontend session); undefined when no provider is set. */
  oidc?: {
    issuer: string;
    clientId: string;
    clientSecret: string;
    scopes: string;
    resource?: string;
    sessionSecret: Buffer;
  };
  /** The built web app (static files served under /app/). */
  webDir: string;
  auditDatabaseUrl?: string;
  logLevel: string;
}

/**
 * Development keys are created once under the data folder so a restarted stack still reads its
 * cases. Production must configure keys explicitly: losing them loses every case.
 */
function codecKeys(env: Env, dataDir: string, production: boolean): CodecKeys {
  if (env.BF_CODEC_KEYS) return parseCodecKeys(env.BF_CODEC_KEYS, env.BF_CODEC_ACTIVE_KEY);
  if (production) throw new Error('BF_CODEC_KEYS must be set in production (see README: encryption keys)');
  const file = path.join(dataDir, 'dev-codec-keys');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, newKeySpec('dev-1'), { mode: 0o600 });
  }
  return parseCodecKeys(readFileSync(file, 'utf8').trim(), env.BF_CODEC_ACTIVE_KEY);
}

/** Every municipal system at the local stand-ins (the default when no system URL is set). */
export function standinSystems(
  standinsUrl: string,
  svarut: { user: string; pass: string },
): Config['systems'] {
  const base = standinsUrl.replace(/\/$/, '');
  return {
    archiveUrl: `${base}/arkiv`,
    svarutUrl: `${base}/svarut`,
    svarutUser: svarut.user,
    svarutPass: svarut.pass,
    careSystemUrl: `${base}/care`,
    navUrl: `${base}/nav`,
    specialistHealthUrl: `${base}/specialist-health`,
    housingUrl: `${base}/housing`,
  };
}

/**
 * Every API instance must derive the same case ID from the same Idempotency-Key, so production
 * configures the secret (base64, ≥ 32 bytes); development keeps one in the data folder.
 */
function idempotencySecret(env: Env, dataDir: string, production: boolean): Buffer {
  if (env.BF_IDEMPOTENCY_SECRET) {
    const secret = Buffer.from(env.BF_IDEMPOTENCY_SECRET, 'base64');
    if (secret.length < 32) throw new Error('BF_IDEMPOTENCY_SECRET must be at least 32 bytes, base64');
    return secret;
  }
  if (production)
    throw new Error('BF_IDEMPOTENCY_SECRET must be set in production (the same on every API instance)');
  return devSecret(dataDir, 'idempotency-secret');
}

/**
 * The person search hashes names and national IDs with this key; a case indexed with one key is
 * found only with the same key, so every API and worker must share it, and changing it means
 * indexing again. Production configures it (base64, ≥ 32 bytes); development keeps one on disk.
 */
function personIndexSecret(env: Env, dataDir: string, production: boolean): Buffer {
  if (env.BF_PERSON_INDEX_SECRET) {
    const secret = Buffer.from(env.BF_PERSON_INDEX_SECRET, 'base64');
    if (secret.length < 32) throw new Error('BF_PERSON_INDEX_SECRET must be at least 32 bytes, base64');
    return secret;
  }
  if (production)
    throw new Error('BF_PERSON_INDEX_SECRET must be set in production (the same for every API and worker)');
  return devSecret(dataDir, 'person-index-secret');
}

const claimName = z.string().min(1, 'expected a claim name');
const claimMappingSchema = z.strictObject({
  id: claimName.optional(),
  name: claimName.optional(),
  roles: z
    .strictObject({
      claim: claimName,
      map: z.record(z.string(), z.enum(ROLES, { message: `expected one of ${ROLES.join(', ')}` })).optional(),
    })
    .optional(),
  municipality: z
    .strictObject({
      claim: claimName.optional(),
      map: z.record(z.string(), z.string()).optional(),
      fixed: z.string().min(1).optional(),
    })
    .optional(),
  office: z.strictObject({ claim: claimName, map: z.record(z.string(), z.string()).optional() }).optional(),
});

/** `AUTH_CLAIM_MAPPING` (JSON), checked at start-up: a mistake names its field, not a sign-in later. */
export function claimMapping(text: string | undefined): ClaimMapping | undefined {
  if (!text?.trim()) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('AUTH_CLAIM_MAPPING is not valid JSON');
  }
  const parsed = claimMappingSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues
      .map((i) => `AUTH_CLAIM_MAPPING.${i.path.join('.')}: ${i.message}`)
      .join('; ');
    throw new Error(`invalid claim mapping: ${fields}`);
  }
  return parsed.data;
}

/** The web sign-in: production must configure the client secret and the shared session key. */
function oidcConfig(env: Env, dataDir: string, production: boolean): Config['oidc'] {
  if (!env.OIDC_ISSUER) return undefined;
  if (production && (!env.OIDC_CLIENT_SECRET || !env.BF_SESSION_SECRET))
    throw new Error('OIDC_CLIENT_SECRET and BF_SESSION_SECRET must be set in production when OIDC_ISSUER is');
  const sessionSecret = env.BF_SESSION_SECRET
    ? Buffer.from(env.BF_SESSION_SECRET, 'base64')
    : devSecret(dataDir, 'session-secret');
  if (sessionSecret.length !== 32) throw new Error('BF_SESSION_SECRET must be 32 bytes, base64');
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET ?? 'dev-web-secret',
    scopes: env.OIDC_SCOPES,
    resource: env.OIDC_RESOURCE,
    sessionSecret,
  };
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${fields}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  if (production) {
    const problems = productionProblems(env);
    if (problems.length) {
      throw new Error(`production refuses development settings: ${problems.join('; ')}`);
    }
  }
  const standins = env.STANDINS_URL.replace(/\/$/, '');
  return {
    env,
    production,
    dataDir: env.BF_DATA_DIR,
    municipalitiesDir: env.BF_MUNICIPALITIES_DIR,
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      uiUrl: env.TEMPORAL_UI_URL,
    },
    listenHost: production ? '0.0.0.0' : '127.0.0.1',
    api: {
      port: env.API_PORT,
      host: env.API_HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
      publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.API_PORT}`,
      trustedProxies: env.TRUSTED_PROXIES.split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    },
    workerMetricsPort: env.WORKER_METRICS_PORT,
    doctorIntervalSeconds: env.BF_DOCTOR_INTERVAL_SECONDS,
    smtp: {
      host: env.SMTP_HOST,
      port: env.SMTP_PORT,
      secure: env.SMTP_SECURE,
      user: env.SMTP_USER,
      pass: env.SMTP_PASS,
      from: env.MAIL_FROM,
    },
    systems: {
      ...standinSystems(standins, { user: env.SVARUT_USER, pass: env.SVARUT_PASS }),
      ...(env.ARCHIVE_URL ? { archiveUrl: env.ARCHIVE_URL } : {}),
      ...(env.SVARUT_URL ? { svarutUrl: env.SVARUT_URL } : {}),
      ...(env.CARE_SYSTEM_URL ? { careSystemUrl: env.CARE_SYSTEM_URL } : {}),
      ...(env.NAV_URL ? { navUrl: env.NAV_URL } : {}),
      ...(env.SPECIALIST_HEALTH_URL ? { specialistHealthUrl: env.SPECIALIST_HEALTH_URL } : {}),
      ...(env.HOUSING_URL ? { housingUrl: env.HOUSING_URL } : {}),
    },
    codec: codecKeys(env, env.BF_DATA_DIR, production),
    idempotencySecret: idempotencySecret(env, env.BF_DATA_DIR, production),
    personIndexSecret: personIndexSecret(env, env.BF_DATA_DIR, production),
    auth: {
      jwksUrl: env.AUTH_JWKS_URL,
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
      claims: claimMapping(env.AUTH_CLAIM_MAPPING),
    },
    oidc: oidcConfig(env, env.BF_DATA_DIR, production),
    webDir: env.BF_WEB_DIR,
    auditDatabaseUrl: env.AUDIT_DATABASE_URL,
    logLevel: env.LOG_LEVEL,
  };
}

/** Passwords that ship with the development stack and its tests: never valid in production. */
export const KNOWN_DEFAULT_PASSWORDS = ['dev-password', 'test-password', 'password', 'changeme'];

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0|\[::\])$/i;

function pointsHere(url: string): boolean {
  try {
    return LOCAL_HOST.test(new URL(url).hostname) || new URL(url).hostname.endsWith('.localhost');
  } catch {
    return false;
  }
}

/**
 * Every development setting a production process would otherwise start with, each named: the
 * municipal systems on this machine (the stand-ins), a known default password, an http public
 * URL, the development token secret (no identity provider), an access log without a database,
 * and no encryption keys or idempotency secret.
 */
export function productionProblems(env: Env): string[] {
  const problems: string[] = [];
  const systems: [string, string | undefined][] = [
    ['ARCHIVE_URL', env.ARCHIVE_URL],
    ['SVARUT_URL', env.SVARUT_URL],
    ['CARE_SYSTEM_URL', env.CARE_SYSTEM_URL],
    ['NAV_URL', env.NAV_URL],
    ['SPECIALIST_HEALTH_URL', env.SPECIALIST_HEALTH_URL],
    ['HOUSING_URL', env.HOUSING_URL],
  ];
  for (const [name, url] of systems) {
    if (!url)
      problems.push(`${name} must be set (otherwise the local stand-ins at ${env.STANDINS_URL} are used)`);
    else if (pointsHere(url)) problems.push(`${name} points at this machine (${new URL(url).host})`);
  }
  if (KNOWN_DEFAULT_PASSWORDS.includes(env.SVARUT_PASS))
    problems.push('SVARUT_PASS is a known default password');
  if (env.SMTP_PASS && KNOWN_DEFAULT_PASSWORDS.includes(env.SMTP_PASS))
    problems.push('SMTP_PASS is a known default password');
  if (!env.PUBLIC_URL) problems.push('PUBLIC_URL must be set (https)');
  else if (!env.PUBLIC_URL.startsWith('https://')) problems.push('PUBLIC_URL must be https');
  // Development tokens are signed with a secret on disk; production trusts only the identity provider.
  if (!env.AUTH_JWKS_URL)
    problems.push('AUTH_JWKS_URL must be set in production (not the development token secret)');
  if (!env.AUDIT_DATABASE_URL)
    problems.push('AUDIT_DATABASE_URL must be set (the access log needs its database)');
  if (!env.BF_CODEC_KEYS) problems.push('BF_CODEC_KEYS must be set in production');
  if (!env.BF_IDEMPOTENCY_SECRET) problems.push('BF_IDEMPOTENCY_SECRET must be set in production');
  if (!env.BF_PERSON_INDEX_SECRET) problems.push('BF_PERSON_INDEX_SECRET must be set in production');
  return problems;
}
