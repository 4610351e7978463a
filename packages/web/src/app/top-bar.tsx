import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { InboxButton } from '../features/access/components/inbox-button.tsx';
import { useCurrentUser, useSession } from '../lib/session.tsx';

export function TopBar({ isNavOpen, onToggleNav }: { isNavOpen: boolean; onToggleNav: () => void }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { logout } = useSession();
  const [isLoggingOut, setIsLoggingOut] = useState(false);

  return (
    <header className="top-bar">
      <button
        type="button"
        className="top-bar__menu"
        aria-controls="side-nav"
        aria-expanded={isNavOpen}
        aria-label={t('topbar.menu')}
        data-testid="nav-menu"
        onClick={onToggleNav}
      >
        <span aria-hidden="true" />
      </button>
      <div className="brand">
        <span className="brand__mark" aria-hidden="true">
          清
        </span>
        <span className="brand__name">{t('app.name')}</span>
        <span className="brand__sep" aria-hidden="true">
          ·
        </span>
        <span className="brand__tagline">{t('app.tagline')}</span>
      </div>
      <div className="top-bar__right">
        <div className="user-chip" data-testid="current-user">
          <span className="user-chip__avatar" aria-hidden="true">
            {user.displayName.slice(0, 1)}
          </span>
          <span className="user-chip__text">
            <span className="user-chip__name">{user.displayName}</span>
            <span className="user-chip__meta">
              {t(`roles.${user.role}`)} · <span title={t('topbar.scope')}>{user.scopeName}</span>
            </span>
          </span>
        </div>
        <InboxButton />
        <LanguageSwitch />
        <Link className="button button--ghost button--small" to="/password">
          {t('topbar.changePassword')}
        </Link>
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={isLoggingOut}
          onClick={() => {
            setIsLoggingOut(true);
            void logout().finally(() => setIsLoggingOut(false));
          }}
        >
          {isLoggingOut ? t('topbar.loggingOut') : t('topbar.logout')}
        </button>
      </div>
    </header>
  );
}
