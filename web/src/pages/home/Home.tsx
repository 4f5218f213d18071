import { Heading, Paragraph } from '@digdir/designsystemet-react';
import type { Session } from '../../api';
import { navFor } from '../../App';
import { Link } from '../../router';
import { useTexts } from '../../texts';

export function Home({ session }: { session: Session }) {
  const t = useTexts();
  const { user } = session;
  return (
    <>
      <Heading level={1}>{t.home.title(user.name)}</Heading>
      <Paragraph>
        {t.home.lead} {user.roles.map((r) => t.roles[r]).join(', ')}
        {user.office ? ` (${user.office})` : ''}:
      </Paragraph>
      <ul>
        {navFor(user.roles).map((n) => (
          <li key={n.href}>
            <Link href={n.href} className="ds-link">
              {n.label(t)}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
