// 系统管理 (admins): users, API tokens and retention, one tab each.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import '../admin.css';
import { RetentionSection } from './retention-section.tsx';
import { TokensSection } from './tokens-section.tsx';
import { UsersSection } from './users-section.tsx';

const TABS = ['users', 'tokens', 'retention'] as const;
type Tab = (typeof TABS)[number];

export function AdminPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>(TABS[0]);
  return (
    <div className="page">
      <PageHeader title={t('admin.title')} subtitle={t('admin.subtitle')} />
      <div className="admin-tabs" role="tablist">
        {TABS.map((key) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={tab === key}
            className={`button ${tab === key ? '' : 'button--ghost'}`}
            onClick={() => setTab(key)}
          >
            {t(`admin.tabs.${key}`)}
          </button>
        ))}
      </div>
      {tab === 'users' ? <UsersSection /> : null}
      {tab === 'tokens' ? <TokensSection /> : null}
      {tab === 'retention' ? <RetentionSection /> : null}
    </div>
  );
}
