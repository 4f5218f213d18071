/**
 * Claims of a production identity provider, mapped to the ones the API reads. Used by the API's
 * token verifier (api/auth.ts); configured by `AUTH_CLAIM_MAPPING` (platform/config.ts).
 */
import type { JWTPayload } from 'jose';
import type { Role } from '../domain/types';

/**
 * How a production identity provider's claims become a user (config `AUTH_CLAIM_MAPPING`, JSON).
 * Each entry names the claim (a top-level name, or a dotted path into nested claims such as
 * Keycloak's `realm_access.roles`) and, where the provider's values are its own, a map from its
 * values to ours. Without a mapping the provider must issue our claims as they are (`roles`,
 * `municipality`, `office`). Example (Keycloak groups, municipality number, department):
 *
 *   { "roles": { "claim": "realm_access.roles", "map": { "bf-saksbehandler": "caseworker" } },
 *     "municipality": { "claim": "kommunenr", "map": { "1103": "stavanger" } },
 *     "office": { "claim": "avdeling", "map": { "HSK Hillevåg": "hillevag" } } }
 *
 * A deployment for one municipality whose provider names none sets `"municipality": { "fixed": "…" }`.
 */
export interface ClaimMapping {
  /** The user ID (default `sub`; Entra ID's stable one is `oid`). */
  id?: string;
  /** The display name (default `name`). */
  name?: string;
  /** Values outside the map are ignored: a provider's other groups give no role here. */
  roles?: { claim: string; map?: Record<string, Role> };
  municipality?: { claim?: string; map?: Record<string, string>; fixed?: string };
  office?: { claim: string; map?: Record<string, string> };
}

/** A claim by exact name, else by dotted path (`realm_access.roles`). */
function claimAt(payload: JWTPayload, name: string): unknown {
  if (name in payload) return payload[name];
  return name.split('.').reduce<unknown>((node, key) => {
    return node && typeof node === 'object' && !Array.isArray(node)
      ? (node as Record<string, unknown>)[key]
      : undefined;
  }, payload);
}

/** A claim's values: a list, or one string of values separated by spaces or commas. */
function valuesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

function mapped(value: unknown, map: Record<string, string> | undefined): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const v = String(value);
  return map ? (Object.hasOwn(map, v) ? map[v] : undefined) : v;
}

/** Our claims (`sub`, `name`, `roles`, `municipality`, `office`) from a provider's, by the mapping. */
export function mapClaims(payload: JWTPayload, m: ClaimMapping): JWTPayload {
  const roleValues = valuesOf(claimAt(payload, m.roles?.claim ?? 'roles'));
  const roles = m.roles?.map
    ? roleValues.flatMap((v) => (Object.hasOwn(m.roles!.map!, v) ? [m.roles!.map![v]] : []))
    : roleValues;
  const municipality =
    m.municipality?.fixed ??
    mapped(claimAt(payload, m.municipality?.claim ?? 'municipality'), m.municipality?.map);
  const office = mapped(claimAt(payload, m.office?.claim ?? 'office'), m.office?.map);
  const sub = claimAt(payload, m.id ?? 'sub');
  const name = claimAt(payload, m.name ?? 'name');
  return {
    ...payload,
    sub: typeof sub === 'string' ? sub : undefined,
    name: typeof name === 'string' ? name : undefined,
    roles: [...new Set(roles)],
    municipality,
    office,
  };
}
