/** A small router over the History API: the app has a handful of pages under /app/. */
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export const BASE = '/app';

export function navigate(to: string): void {
  history.pushState(null, '', to);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const on = () => setPath(location.pathname);
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  return path;
}

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const go = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={go} {...rest} />;
}

export const paths = {
  home: `${BASE}/`,
  newReferral: `${BASE}/henvisning/ny`,
  cases: `${BASE}/saker`,
  myCases: `${BASE}/mine-saker`,
  case: (id: string) => `${BASE}/saker/${encodeURIComponent(id)}`,
  meeting: `${BASE}/mote`,
  tasks: `${BASE}/oppgaver`,
  waitingList: `${BASE}/venteliste`,
  decisions: `${BASE}/vedtak`,
  report: `${BASE}/rapport`,
  fidelity: `${BASE}/troskap`,
  incidents: `${BASE}/hendelser`,
  search: `${BASE}/sok`,
};
