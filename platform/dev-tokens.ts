/** Signs development tokens (HS256) for `npm run token` and the tests. */
import { SignJWT } from 'jose';
import type { Role } from '../domain/types';

/** The issuer `npm run token` signs with (AUTH_ISSUER's default). */
export const DEV_TOKEN_ISSUER = 'bolig-forst-dev';

export async function signDevToken(
  secret: Uint8Array,
  claims: { sub: string; name: string; roles: Role[]; municipality: string; office?: string },
  opts: { issuer: string; audience: string; expiresIn?: string },
): Promise<string> {
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
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '12h')
    .sign(secret);
}
