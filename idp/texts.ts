/** The development sign-in page's texts (bokmål; the page is a development tool, not the app). */
import type { Role } from '../domain/types';

export const IDP_TEXTS = {
  title: 'Logg inn – Bolig først (utvikling)',
  heading: 'Velg en testbruker',
  lead: 'Dette er den lokale innloggingstjenesten for utvikling. Velg hvem du vil logge inn som. I produksjon logger du inn hos kommunens egen innloggingstjeneste.',
  municipality: 'Kommune',
  name: 'Navn',
  role: 'Rolle',
  office: 'Kontor',
  signInAs: (name: string) => `Logg inn som ${name}`,
  signOutTitle: 'Logger ut …',
  signOutButton: 'Logg ut',
  signedOut: 'Du er logget ut.',
  error: 'Innloggingen feilet',
  roles: {
    caseworker: 'saksbehandler',
    'assessment-team': 'vurderingsteam',
    'hf-team': 'Housing First-team',
    'team-lead': 'teamleder',
    'unit-leader': 'enhetsleder',
    admin: 'administrator',
    'housing-provider': 'boligtjenesten',
    nav: 'NAV',
  } satisfies Record<Role, string>,
};
