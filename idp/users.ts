/**
 * The development identity provider's test users: one caseworker for every HSK office and every
 * other role in every municipality, with plain Norwegian names so a story reads like the day it
 * describes ("Kari, saksbehandler, Hillevåg, Stavanger"). Development only: production signs
 * people in at the municipality's own provider.
 */
import type { Role } from '../domain/types';

export interface TestUser {
  /** The login name and the token's `sub`. */
  id: string;
  name: string;
  roles: Role[];
  municipality: string;
  office?: string;
}

export const TEST_USERS: readonly TestUser[] = [
  // Stavanger
  { id: 'kari', name: 'Kari Nilsen', roles: ['caseworker'], municipality: 'stavanger', office: 'hillevag' },
  { id: 'mona', name: 'Mona Lie', roles: ['caseworker'], municipality: 'stavanger', office: 'madla' },
  {
    id: 'jonas',
    name: 'Jonas Berg',
    roles: ['caseworker'],
    municipality: 'stavanger',
    office: 'eiganes-tasta',
  },
  {
    id: 'siri',
    name: 'Siri Dahl',
    roles: ['caseworker'],
    municipality: 'stavanger',
    office: 'storhaug-hundvag',
  },
  { id: 'aisha', name: 'Aisha Rahimi', roles: ['assessment-team'], municipality: 'stavanger' },
  { id: 'hanne', name: 'Hanne Moe', roles: ['hf-team'], municipality: 'stavanger' },
  { id: 'ole', name: 'Ole Haugen', roles: ['team-lead'], municipality: 'stavanger' },
  { id: 'sigrid', name: 'Sigrid Aas', roles: ['unit-leader'], municipality: 'stavanger' },
  { id: 'lars', name: 'Lars Eide', roles: ['admin'], municipality: 'stavanger' },
  { id: 'bolig', name: 'Boligtjenesten Stavanger', roles: ['housing-provider'], municipality: 'stavanger' },
  { id: 'nav-stavanger', name: 'NAV Stavanger', roles: ['nav'], municipality: 'stavanger' },
  // Bergen
  { id: 'ingrid', name: 'Ingrid Vik', roles: ['caseworker'], municipality: 'bergen', office: 'bergenhus' },
  { id: 'erik', name: 'Erik Lunde', roles: ['caseworker'], municipality: 'bergen', office: 'arstad' },
  { id: 'nora', name: 'Nora Strand', roles: ['assessment-team'], municipality: 'bergen' },
  { id: 'tobias', name: 'Tobias Brekke', roles: ['hf-team'], municipality: 'bergen' },
  { id: 'linn', name: 'Linn Fjeld', roles: ['team-lead'], municipality: 'bergen' },
  { id: 'kjell', name: 'Kjell Rønning', roles: ['unit-leader'], municipality: 'bergen' },
  { id: 'amir', name: 'Amir Haddad', roles: ['admin'], municipality: 'bergen' },
  // Sandnes
  {
    id: 'emma',
    name: 'Emma Solberg',
    roles: ['caseworker'],
    municipality: 'sandnes',
    office: 'sandnes-sentrum',
  },
  { id: 'jon', name: 'Jon Sæther', roles: ['caseworker'], municipality: 'sandnes', office: 'sandnes-ost' },
  { id: 'maja', name: 'Maja Holm', roles: ['assessment-team'], municipality: 'sandnes' },
  { id: 'henrik', name: 'Henrik Bakke', roles: ['hf-team'], municipality: 'sandnes' },
  { id: 'tone', name: 'Tone Lien', roles: ['team-lead'], municipality: 'sandnes' },
  { id: 'rune', name: 'Rune Skog', roles: ['unit-leader'], municipality: 'sandnes' },
  { id: 'ida', name: 'Ida Myhre', roles: ['admin'], municipality: 'sandnes' },
];

export function testUser(id: string): TestUser | undefined {
  return TEST_USERS.find((u) => u.id === id);
}
