import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../lib/session.tsx';
import { NavIcon } from './nav-icon.tsx';
import { navItemsFor, type NavItem } from './navigation.ts';

const GROUP_TITLES: Partial<Record<NavItem['group'], string>> = {
  data: 'nav.groupData',
  verify: 'nav.groupVerify',
  admin: 'nav.groupAdmin',
};

export function SideNav({ isOpen, onNavigate }: { isOpen: boolean; onNavigate: () => void }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const items = navItemsFor(user.role);
  const groups = (['overview', 'data', 'verify', 'admin'] as const)
    .map((group) => ({ group, items: items.filter((item) => item.group === group) }))
    .filter(({ items: groupItems }) => groupItems.length > 0);

  return (
    <nav id="side-nav" className={`side-nav${isOpen ? ' is-open' : ''}`} aria-label={t('nav.label')}>
      {groups.map(({ group, items: groupItems }) => (
        <div className="side-nav__group" key={group}>
          {GROUP_TITLES[group] ? <div className="side-nav__group-title">{t(GROUP_TITLES[group])}</div> : null}
          {groupItems.map((item) => (
            <NavLink
              key={item.key}
              to={item.path}
              onClick={onNavigate}
              className={({ isActive }) => `side-nav__link${isActive ? ' is-active' : ''}`}
            >
              <NavIcon name={item.key} />
              <span>{t(`nav.${item.key}`)}</span>
              {item.isReady ? null : <span className="side-nav__soon">{t('nav.soon')}</span>}
            </NavLink>
          ))}
        </div>
      ))}
    </nav>
  );
}
