import type { ReactNode } from 'react';
import { Link, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LineIcon } from '../components/line-icon.tsx';
import { MessagePage } from '../components/message-page.tsx';
import { ChangePasswordPage } from '../features/auth/components/change-password-page.tsx';
import { LoginPage } from '../features/auth/components/login-page.tsx';
import { CampaignPage } from '../features/campaign/components/campaign-page.tsx';
import { MonitoringPage } from '../features/monitoring/components/monitoring-page.tsx';
import { DashboardPage } from '../features/dashboard/components/dashboard-page.tsx';
import { CustomersPage } from '../features/customers/components/customers-page.tsx';
import { LoadsPage } from '../features/loads/components/loads-page.tsx';
import { RuleSetsPage } from '../features/rule-sets/components/rule-sets-page.tsx';
import { FieldPage } from '../features/field/components/field-page.tsx';
import { WorksheetsPage } from '../features/worksheets/components/worksheets-page.tsx';
import { ValidationPage } from '../features/validation/components/validation-page.tsx';
import { SmsPage } from '../features/sms/components/sms-page.tsx';
import { CallsPage } from '../features/calls/components/calls-page.tsx';
import { ConflictsPage } from '../features/conflicts/components/conflicts-page.tsx';
import { WritebackPage } from '../features/writeback/components/writeback-page.tsx';
import { AdminPage } from '../features/admin/components/admin-page.tsx';
import { AuditPage } from '../features/access/components/audit-page.tsx';
import { AppLayout } from './app-layout.tsx';
import { ComingSoonPage } from './coming-soon-page.tsx';
import { HomeRedirect, RequireAuth, RequireRole } from './guards.tsx';
import { NAV_ITEMS, type NavKey } from './navigation.ts';

const READY_PAGES: Partial<Record<NavKey, () => ReactNode>> = {
  dashboard: () => <DashboardPage />,
  campaign: () => <CampaignPage />,
  monitoring: () => <MonitoringPage />,
  customers: () => <CustomersPage />,
  loads: () => <LoadsPage />,
  validation: () => <ValidationPage />,
  rules: () => <RuleSetsPage />,
  sms: () => <SmsPage />,
  calls: () => <CallsPage />,
  worksheets: () => <WorksheetsPage />,
  field: () => <FieldPage />,
  conflicts: () => <ConflictsPage />,
  writeback: () => <WritebackPage />,
  admin: () => <AdminPage />,
  audit: () => <AuditPage />,
};

function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <MessagePage
      icon={<LineIcon name="compass" />}
      title={t('notFound.title')}
      body={t('notFound.body')}
      hint={<Link to="/">{t('notFound.back')}</Link>}
    />
  );
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<HomeRedirect />} />
        {NAV_ITEMS.map((item) => (
          <Route
            key={item.key}
            path={item.path}
            element={
              <RequireRole page={item.key}>
                {READY_PAGES[item.key]?.() ?? <ComingSoonPage page={item.key} />}
              </RequireRole>
            }
          />
        ))}
        <Route path="/password" element={<ChangePasswordPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
