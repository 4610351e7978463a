import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import { Pager } from '../../../components/pager.tsx';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { PAGE_SIZE } from '../api/customers-api.ts';
import { useCustomerSearchParams } from '../hooks/use-customer-search-params.ts';
import { useCustomers } from '../hooks/use-customers.ts';
import { CustomerDetailPanel } from './customer-detail-panel.tsx';
import { CustomerSearchBar } from './customer-search-bar.tsx';
import { CustomerTable } from './customer-table.tsx';
import '../customers.css';

export function CustomersPage() {
  const { t } = useTranslation();
  const { q, page, selectedId, update } = useCustomerSearchParams();
  const { data, error, isLoading, reload } = useCustomers(q, page);

  function body() {
    if (error) return <ErrorPanel error={error} onRetry={reload} />;
    if (!data) return <LoadingPanel />;
    if (data.items.length === 0) {
      return q ? (
        <EmptyPanel title={t('customers.empty')} hint={t('customers.emptyHint')} />
      ) : (
        <EmptyPanel title={t('customers.emptyAll')} />
      );
    }
    return (
      <>
        <CustomerTable items={data.items} selectedId={selectedId} onSelect={(id) => update({ id })} />
        <Pager
          page={page}
          pageSize={PAGE_SIZE}
          total={data.total}
          onPage={(next) => update({ page: next })}
        />
      </>
    );
  }

  return (
    <div className="page">
      <PageHeader title={t('customers.title')} subtitle={t('customers.subtitle')} />
      <section className="card">
        <div className="card__toolbar">
          <CustomerSearchBar value={q} onSearch={(next) => update({ q: next, page: 1, id: null })} />
        </div>
        <div className={`card__body${isLoading && data ? ' is-reloading' : ''}`} aria-busy={isLoading}>
          {isLoading && data ? <div className="progress-line" aria-hidden="true" /> : null}
          {body()}
        </div>
      </section>
      {selectedId ? <CustomerDetailPanel id={selectedId} onClose={() => update({ id: null })} /> : null}
    </div>
  );
}
