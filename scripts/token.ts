/**
 * Prints a signed development token for any role:
 *   npm run --silent token -- --role caseworker --office hillevag
 *   npm run --silent token -- --role team-lead --role admin --sub kari
 */
import { parseArgs } from 'node:util';
import { signDevToken } from '../platform/dev-tokens';
import { loadConfig } from '../platform/config';
import { DEV_JWT_SECRET_FILE, devSecret } from '../platform/dev-secrets';
import { Municipalities } from '../platform/municipalities';
import { ROLES, type Role } from '../domain/types';

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true },
    office: { type: 'string' },
    sub: { type: 'string' },
    name: { type: 'string' },
    expires: { type: 'string', default: '12h' },
  },
});
const roles = (values.role ?? []) as Role[];
const bad = roles.filter((r) => !ROLES.includes(r));
if (roles.length === 0 || bad.length) {
  console.error(`usage: npm run --silent token -- --role <${ROLES.join('|')}> [--office <id>] [--sub <id>]`);
  process.exit(2);
}
if (roles.includes('caseworker') && !values.office) {
  console.error('a caseworker token needs --office (e.g. --office hillevag)');
  process.exit(2);
}
const config = loadConfig();
if (config.auth.jwksUrl) {
  console.error('AUTH_JWKS_URL is set: tokens come from the identity provider, not from this command');
  process.exit(2);
}
if (values.office && !Municipalities.load(config.municipalitiesDir).forOffice(values.office)) {
  const offices = Municipalities.load(config.municipalitiesDir)
    .all()
    .flatMap((m) => m.offices.map((o) => o.id));
  console.error(`unknown office "${values.office}"; configured offices: ${offices.join(', ')}`);
  process.exit(2);
}
const sub = values.sub ?? `dev-${roles[0]}${values.office ? `-${values.office}` : ''}`;
signDevToken(
  devSecret(config.dataDir, DEV_JWT_SECRET_FILE),
  { sub, name: values.name ?? sub, roles, office: values.office },
  { issuer: config.auth.issuer, audience: config.auth.audience, expiresIn: values.expires },
).then(
  (t) => console.log(t),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
