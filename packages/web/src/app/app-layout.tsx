import { useEffect, useState } from 'react';
import { Outlet, useLocation } from 'react-router';
import { SideNav } from './side-nav.tsx';
import { TopBar } from './top-bar.tsx';

export function AppLayout() {
  // On a phone the navigation is a menu the top bar opens; choosing a page (even the one open) closes it.
  const [isNavOpen, setIsNavOpen] = useState(false);
  const { pathname } = useLocation();
  useEffect(() => setIsNavOpen(false), [pathname]);
  return (
    <div className="app-shell">
      <TopBar isNavOpen={isNavOpen} onToggleNav={() => setIsNavOpen((open) => !open)} />
      <div className="app-shell__body">
        <SideNav isOpen={isNavOpen} onNavigate={() => setIsNavOpen(false)} />
        <main className="app-shell__main">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
