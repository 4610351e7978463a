import { Outlet } from 'react-router';
import { SideNav } from './side-nav.tsx';
import { TopBar } from './top-bar.tsx';

export function AppLayout() {
  return (
    <div className="app-shell">
      <TopBar />
      <div className="app-shell__body">
        <SideNav />
        <main className="app-shell__main">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
