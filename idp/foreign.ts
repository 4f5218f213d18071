/**
 * The development provider dressed as a "foreign" one (`IDP_CLAIM_STYLE=foreign`): its tokens
 * carry a provider's own claims — Keycloak-style `realm_access.roles` with group names, the
 * municipality's number (`kommunenr`), the department (`avdeling`) — instead of ours. The API
 * reads them through `AUTH_CLAIM_MAPPING`; FOREIGN_CLAIM_MAPPING is that mapping, and the test
 * of claim mapping signs in with real tokens from this provider.
 */
import type { Role } from '../domain/types';
import type { ClaimMapping } from '../platform/claims';
import { TEST_USERS, type TestUser } from './users';

const GROUPS: Record<Role, string> = {
  caseworker: 'bf-saksbehandler',
  'assessment-team': 'bf-vurderingsteam',
  'hf-team': 'bf-hf-team',
  'team-lead': 'bf-teamleder',
  'unit-leader': 'bf-enhetsleder',
  admin: 'bf-administrator',
  'housing-provider': 'bf-boligtjenesten',
  nav: 'bf-nav',
};

const MUNICIPALITY_NUMBERS: Record<string, string> = { stavanger: '1103', bergen: '4601', sandnes: '1108' };

const department = (office: string) => `HSK ${office}`;

export function foreignClaims(u: TestUser) {
  return {
    name: u.name,
    // A provider's other roles come along too; the mapping ignores them.
    realm_access: { roles: ['offline_access', 'uma_authorization', ...u.roles.map((r) => GROUPS[r])] },
    kommunenr: MUNICIPALITY_NUMBERS[u.municipality] ?? u.municipality,
    ...(u.office ? { avdeling: department(u.office) } : {}),
  };
}

/** The mapping that turns this provider's claims back into ours. */
export function foreignClaimMapping(): ClaimMapping {
  const offices = [...new Set(TEST_USERS.flatMap((u) => (u.office ? [u.office] : [])))];
  return {
    roles: {
      claim: 'realm_access.roles',
      map: Object.fromEntries(Object.entries(GROUPS).map(([role, group]) => [group, role as Role])),
    },
    municipality: {
      claim: 'kommunenr',
      map: Object.fromEntries(Object.entries(MUNICIPALITY_NUMBERS).map(([m, n]) => [n, m])),
    },
    office: { claim: 'avdeling', map: Object.fromEntries(offices.map((o) => [department(o), o])) },
  };
}
