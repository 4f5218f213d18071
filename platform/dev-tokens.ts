/** Signs development tokens (HS256) for `npm run token` and the tests. */
import { SignJWT } from 'jose';
import type { Role } from '../domain/types';

/** The issuer `npm run token` signs with (AUTH_ISSUER's default). */
export const DEV_TOKEN_ISSUER = 'bolig-forst-dev';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "90s", "30m", "12h", "1d" → seconds. */
export function lifetimeSeconds(expiresIn: string): number {
  const m = /^(\d+)\s*([smhd])$/.exec(expiresIn.trim());
  if (!m) throw new Error(`expiresIn: a number and s, m, h or d (e.g. 12h), not "${expiresIn}"`);
  return Number(m[1]) * UNIT_SECONDS[m[2]];
}

export async function signDevToken(
  secret: Uint8Array,
  claims: { sub: string; name: string; roles: Role[]; municipality: string; office?: string },
  opts: { issuer: string; audience: string; expiresIn?: string },
): Promise<string> {
  // One reading of the clock for both claims. Read twice (jose's setIssuedAt() and a relative
  // setExpirationTime() each read it), a second that ticked between them made a 12-hour token
  // live 12 hours and 1 second, and the API refused it (401, "lives longer than 12 hours"):
  // once in a fresh-clone `npm test` under load (test/integration/api-roles.test.ts).
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({
    name: claims.name,
    roles: claims.roles,
    municipality: claims.municipality,
    ...(claims.office ? { office: claims.office } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(opts.issuer)
    .setAudience(opts.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetimeSeconds(opts.expiresIn ?? '12h'))
    .sign(secret);
}
