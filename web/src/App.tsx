/** The app shell: sign-in state, language, header, the menu for the person's roles, the pages. */
import { Button, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, signIn, type Session } from './api';
import { clearAllDrafts } from './draft';
import { CasePage } from './pages/case/CasePage';
import { CaseList } from './pages/cases/CaseList';
import { Home } from './pages/home/Home';
import { Incidents } from './pages/admin/Incidents';
import { Meeting } from './pages/meeting/Meeting';
import { NewReferral } from './pages/referral/NewReferral';
import { Decisions } from './pages/decisions/Decisions';
import { Fidelity } from './pages/fidelity/Fidelity';
import { Report } from './pages/report/Report';
import { WaitingList } from './pages/waiting/WaitingList';
import { Search } from './pages/search/Search';
import { Tasks } from './pages/tasks/Tasks';
import { Link, paths, usePath } from './router';
import { storedLang, storeLang, TEXTS, TextsContext, useTexts, type Lang } from './texts';
import type { Texts } from './texts/nb';
import type { Role } from '../../domain/types';

interface NavItem {
  href: string;
  label: (t: Texts) => string;
  roles: Role[];
}

/** Which pages each role sees in the menu (the API decides what each may read and do). */
export const NAV: NavItem[] = [
  { href: paths.newReferral, label: (t) => t.nav.newReferral, roles: ['caseworker'] },
  {
    href: paths.cases,
    label: (t) => t.nav.cases,
    roles: ['caseworker', 'hf-team', 'team-lead', 'admin', 'assessment-team'],
  },
  { href: paths.myCases, label: (t) => t.nav.myCases, roles: ['hf-team'] },
  {
    href: paths.search,
    label: (t) => t.nav.search,
    roles: ['caseworker', 'assessment-team', 'hf-team', 'team-lead'],
  },
  { href: paths.meeting, label: (t) => t.nav.meeting, roles: ['assessment-team'] },
  { href: paths.tasks, label: (t) => t.nav.tasks, roles: ['hf-team', 'team-lead', 'unit-leader'] },
  { href: paths.decisions, label: (t) => t.nav.decisions, roles: ['team-lead'] },
  { href: paths.waitingList, label: (t) => t.nav.waitingList, roles: ['team-lead', 'unit-leader'] },
  { href: paths.report, label: (t) => t.nav.report, roles: ['team-lead', 'unit-leader', 'admin'] },
  { href: paths.fidelity, label: (t) => t.nav.fidelity, roles: ['team-lead', 'unit-leader', 'admin'] },
  { href: paths.incidents, label: (t) => t.nav.incidents, roles: ['admin'] },
];

export function navFor(roles: Role[]): NavItem[] {
  return NAV.filter((n) => n.roles.some((r) => roles.includes(r)));
}

function Page({ session, path }: { session: Session; path: string }): ReactNode {
  const t = useTexts();
  const caseMatch = /^\/app\/saker\/([^/]+)$/.exec(path);
  if (caseMatch) return <CasePage id={decodeURIComponent(caseMatch[1])} session={session} />;
  switch (path.replace(/\/$/, '') || '/app') {
    case '/app':
      return <Home session={session} />;
    case paths.newReferral:
      return <NewReferral session={session} />;
    case paths.cases:
      return <CaseList session={session} />;
    case paths.myCases:
      return <CaseList session={session} mine />;
    case paths.waitingList:
      return <WaitingList />;
    case paths.decisions:
      return <Decisions />;
    case paths.meeting:
      return <Meeting />;
    case paths.tasks:
      return <Tasks />;
    case paths.report:
      return <Report />;
    case paths.fidelity:
      return (
        <Fidelity mayRecord={session.user.roles.some((r) => r === 'team-lead' || r === 'unit-leader')} />
      );
    case paths.incidents:
      return <Incidents />;
    case paths.search:
      return <Search />;
    default:
      return <Heading level={1}>{t.notFound}</Heading>;
  }
}

export function App() {
  const [lang, setLang] = useState<Lang>(storedLang);
  const t = TEXTS[lang];
  const path = usePath();
  const [session, setSession] = useState<Session | null | undefined>(undefined);

  useEffect(() => {
    document.documentElement.lang = lang === 'nb' ? 'nb' : 'en';
  }, [lang]);
  useEffect(() => {
    api.session().then(setSession, (err: unknown) => {
      setSession(null);
      // A page deeper than the front page (a link in an email): straight to sign-in and back.
      if (err instanceof ApiError && err.status === 401 && location.pathname.replace(/\/$/, '') !== '/app')
        signIn();
    });
  }, []);
  useEffect(() => {
    const title = document.querySelector('h1')?.textContent;
    document.title = title ? `${title} – ${t.appName}` : t.appName;
  });

  const switchLang = () => {
    const next: Lang = lang === 'nb' ? 'en' : 'nb';
    storeLang(next);
    setLang(next);
  };
  const signOut = () => {
    clearAllDrafts();
    void api.signOut();
  };
  const role = session?.user.roles[0];

  return (
    <TextsContext.Provider value={t}>
      <a className="bf-skip" href="#main">
        {t.skipToContent}
      </a>
      <header className="bf-header">
        <Link href={paths.home} className="ds-link">
          <strong>{t.appName}</strong>
        </Link>
        <div className="bf-header-user">
          {session && role && <span>{t.signedInAs(session.user.name, t.roles[role])}</span>}
          <Button
            variant="tertiary"
            data-size="sm"
            onClick={switchLang}
            aria-label={t.switchLanguageLabel}
            lang={lang === 'nb' ? 'en' : 'nb'}
          >
            {t.switchLanguage}
          </Button>
          {session && (
            <Button variant="secondary" data-size="sm" onClick={signOut}>
              {t.signOut}
            </Button>
          )}
        </div>
      </header>
      {session && (
        <nav className="bf-nav" aria-label={t.mainNav}>
          <ul>
            {navFor(session.user.roles).map((n) => (
              <li key={n.href}>
                <Link href={n.href} className="ds-link" aria-current={path === n.href ? 'page' : undefined}>
                  {n.label(t)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main" className="bf-main" tabIndex={-1}>
        {session === undefined && <Spinner aria-label={t.loading} />}
        {session === null && (
          <>
            <Heading level={1}>{t.signedOutTitle}</Heading>
            <Paragraph>{t.signedOutLead}</Paragraph>
            <div>
              <Button onClick={() => signIn()}>{t.signIn}</Button>
            </div>
          </>
        )}
        {session && <Page session={session} path={path} />}
      </main>
    </TextsContext.Provider>
  );
}
