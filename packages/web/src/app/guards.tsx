import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LoadingPanel } from '../components/status-panel.tsx';
import { LineIcon } from '../components/line-icon.tsx';
import { MessagePage } from '../components/message-page.tsx';
import { useSession } from '../lib/session.tsx';
import { findNavItem, homePath, type NavKey } from './navigation.ts';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (session.status === 'loading') {
    return (
      <div className="splash">
        <LoadingPanel label={t('app.loadingSession')} />
      </div>
    );
  }
  if (session.status === 'anonymous') {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return children;
}

/** Renders the page only for roles that may see it; others get a clear "no access" panel. */
export function RequireRole({ page, children }: { page: NavKey; children: ReactNode }) {
  const { session } = useSession();
  const { t } = useTranslation();
  const item = findNavItem(page);
  if (session.status === 'authenticated' && !item.roles.includes(session.user.role)) {
    return (
      <MessagePage
        icon={<LineIcon name="lock" />}
        tone="warning"
        title={t('forbidden.title')}
        body={t('forbidden.body')}
      />
    );
  }
  return children;
}

/** "/": the signed-in user's home page (see homePath). */
export function HomeRedirect() {
  const { session } = useSession();
  return session.status === 'authenticated' ? <Navigate to={homePath(session.user.role)} replace /> : null;
}
