/**
 * The OpenAPI 3.1 document, built from the route declarations and the same zod schemas the routes
 * validate with (`z.toJSONSchema`, JSON Schema 2020-12, the dialect OpenAPI 3.1 uses).
 */
import { z } from 'zod';
import { ROLES } from '../domain/types';
import { IDEMPOTENCY_HEADER } from './idempotency';
import type { JsonSchema, RouteSpec } from './registry';
import { problemResponse } from './responses';

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Malformed or invalid input: `errors` names each bad field',
  401: 'No token, or one that could not be verified',
  403: 'The caller’s role (or office) may not do this',
  404: 'No such case, or one the caller may not see (another office’s case is a 404 too)',
  409: 'The event does not fit the case’s stage: `stage` and `expects` say why',
  413: 'Body too large (64 kB; 4 MB for the codec)',
  415: 'Send JSON (`Content-Type: application/json`)',
  422: 'The Idempotency-Key was used before with a different body',
  429: 'Rate limited: retry after the `RateLimit` header’s reset',
  503: 'Temporal or the access log is not reachable; retry (with the same Idempotency-Key for events)',
};

function jsonSchema(schema: z.ZodType | JsonSchema, io: 'input' | 'output'): JsonSchema {
  if (schema instanceof z.ZodType) {
    const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
    return rest;
  }
  return schema;
}

const DESCRIPTION = `The caseworkers' API of Bolig først: Housing First, from referral to housing and follow-up.

**Tokens.** Bearer JWTs with \`sub\`, \`name\`, \`roles\` (${ROLES.join(', ')}) and, for caseworkers,
\`office\`. On the dev stack: \`npm run --silent token -- --role caseworker --office hillevag\`.
Press *Authorize* and paste one.

**Personal fields** (taushetsplikt): hf-team and team-lead see everything; caseworker and
assessment-team see the referral (person, criteria, notes); unit-leader and admin see the case's
course (stage, dates, tasks, deadlines, incidents) without personal data; housing providers and NAV
report events but do not read cases. Consent decides who is told: the assessment team, the HF team
and its team lead see personal fields only when the person consented to share with that party. A
caseworker sees only their own office's cases: another office's case is a 404, exactly like an
unknown one.

**Events** are workflow updates: a 200/201 means the case took the event; a 409 says which stage
the case is in and what it expects, and nothing changed. Every reported date may lie in the past;
dates of things that happened cannot lie in the future. An event answers with the case as the caller
may see it; with \`Prefer: return=minimal\` (RFC 7240) only \`{ caseId, accepted, links }\`, with
\`Preference-Applied: return=minimal\`, and the case is not read back (for a client that reads it
again itself).

**Idempotency.** Send \`Idempotency-Key\` with a POST to make a retry safe: the same key and body
again is answered as the first time and applied once; the same key with another body is a 422.

**Access log.** Every read and change of a case is logged (who, when, route, outcome — never the
personal data): \`GET /referrals/{id}/audit\`.

**Additions to the contract** (api.md): \`POST /existing-cases\`; \`POST /referrals/{id}/consent-scope\`
and \`POST /referrals/{id}/policy\` (the workflow's consentScope and adoptPolicy updates); \`GET /referrals\` and \`GET /tasks\`
are open to more roles than listed there (hf-team and caseworkers — the latter for their own office
only — and assessment-team for tasks) because those roles own tasks; \`GET /referrals/{id}/audit\`;
the codec server under \`/codec\`.`;

export function buildOpenApi(specs: RouteSpec[], serverUrl: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = spec.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [name, description] of Object.entries(spec.params ?? {})) {
      parameters.push({ name, in: 'path', required: true, description, schema: { type: 'string' } });
    }
    if (spec.query) {
      const q = jsonSchema(spec.query, 'input') as {
        properties?: Record<string, JsonSchema>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
      }
    }
    if (spec.idempotent) {
      parameters.push({
        name: IDEMPOTENCY_HEADER,
        in: 'header',
        required: false,
        description:
          'Makes a retry safe: the same key and body are applied once (1–200 visible ASCII characters)',
        schema: { type: 'string', maxLength: 200 },
      });
    }
    for (const [name, description] of Object.entries(spec.headers ?? {})) {
      parameters.push({ name, in: 'header', required: false, description, schema: { type: 'string' } });
    }
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(spec.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.schema || r.contentType
          ? {
              content: {
                [r.contentType ?? 'application/json']: r.schema
                  ? { schema: jsonSchema(r.schema, 'output') }
                  : {},
              },
            }
          : {}),
      };
    }
    const problems = new Set(spec.problems ?? []);
    if (spec.roles !== 'public') [401, 403, 429].forEach((s) => problems.add(s));
    if (spec.path.includes(':id')) problems.add(404);
    if (spec.method === 'post') problems.add(413);
    if (spec.audit) problems.add(503);
    for (const status of [...problems].sort()) {
      responses[String(status)] = {
        description: PROBLEM_TEXT[status] ?? 'Problem',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    paths[path] ??= {};
    paths[path][spec.method] = {
      operationId: spec.operationId,
      tags: [spec.tag],
      summary: spec.summary,
      description: [
        spec.description,
        spec.roles === 'public' ? 'No token needed.' : `Roles: ${spec.roles.join(', ')}.`,
      ]
        .filter(Boolean)
        .join('\n\n'),
      ...(spec.roles === 'public' ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Bolig først API', version: '1.0.0', description: DESCRIPTION },
    servers: [{ url: serverUrl }],
    tags: [
      { name: 'Cases', description: 'Referrals and existing cases; reading a case and its access log' },
      { name: 'Events', description: 'What people report on a case, each a workflow update' },
      { name: 'Lists and reports', description: 'Across cases, from Temporal visibility' },
      { name: 'Codec server', description: 'Decrypted payloads for the Temporal Web UI (admins)' },
      { name: 'Operations', description: 'Health, readiness, metrics and this document' },
    ],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: jsonSchema(problemResponse, 'output') },
    },
    paths,
  };
}
