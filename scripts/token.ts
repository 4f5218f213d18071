/**
 * Prints a signed development token for any role:
 *   npm run --silent token -- --role caseworker --office hillevag
 *   npm run --silent token -- --role team-lead --role admin --sub kari --municipality bergen
 * Every token names one municipality: the office's when `--office` is given, else `--municipality`,
 * else Stavanger (the first configured municipality when Stavanger is not configured).
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
    municipality: { type: 'string' },
    sub: { type: 'string' },
    name: { type: 'string' },
    expires: { type: 'string', default: '12h' },
  },
});
const roles = (values.role ?? []) as Role[];
const bad = roles.filter((r) => !ROLES.includes(r));
if (roles.length === 0 || bad.length) {
  console.error(
    `usage: npm run --silent token -- --role <${ROLES.join('|')}> [--office <id>] [--municipality <id>] [--sub <id>]`,
  );
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
const municipalities = Municipalities.load(config.municipalitiesDir);
if (values.office && !municipalities.forOffice(values.office)) {
  const offices = municipalities.all().flatMap((m) => m.offices.map((o) => o.id));
  console.error(`unknown office "${values.office}"; configured offices: ${offices.join(', ')}`);
  process.exit(2);
}
if (values.municipality && !municipalities.get(values.municipality)) {
  const ids = municipalities.all().map((m) => m.id);
  console.error(`unknown municipality "${values.municipality}"; configured: ${ids.join(', ')}`);
  process.exit(2);
}
const officeMunicipality = values.office ? municipalities.forOffice(values.office)!.id : undefined;
if (officeMunicipality && values.municipality && values.municipality !== officeMunicipality) {
  console.error(`office "${values.office}" belongs to ${officeMunicipality}, not ${values.municipality}`);
  process.exit(2);
}
const municipality =
  officeMunicipality ??
  values.municipality ??
  (municipalities.get('stavanger') ? 'stavanger' : municipalities.all()[0].id);
const sub = values.sub ?? `dev-${roles[0]}${values.office ? `-${values.office}` : ''}`;
signDevToken(
  devSecret(config.dataDir, DEV_JWT_SECRET_FILE),
  { sub, name: values.name ?? sub, roles, municipality, office: values.office },
  { issuer: config.auth.issuer, audience: config.auth.audience, expiresIn: values.expires },
).then(
  (t) => console.log(t),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
