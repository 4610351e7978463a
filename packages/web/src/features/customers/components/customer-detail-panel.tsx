import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { formatCode, formatDateTime, orDash } from '../../../lib/format.ts';
import type { CustomerDetail } from '../api/customers-api.ts';
import { useCustomerDetail } from '../hooks/use-customers.ts';
import { CustomerChangeHistory } from './customer-change-history.tsx';
import { CustomerStatusBadge } from './customer-status-badge.tsx';

export function CustomerDetailPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { data, error, isLoading, reload } = useCustomerDetail(id);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  // Keep showing the previous customer only while it is the one requested.
  const customer = data && data.id === id ? data : undefined;

  return (
    <div className="drawer-layer">
      <div className="drawer-backdrop" onClick={onClose} aria-hidden="true" />
      <aside
        className="drawer"
        role="dialog"
        aria-modal="true"
        aria-labelledby="customer-detail-title"
        data-testid="customer-detail"
      >
        <header className="drawer__header">
          <div>
            <div className="drawer__eyebrow">{t('customerDetail.title')}</div>
            <h2 className="drawer__title" id="customer-detail-title">
              {customer ? customer.name : '…'}
            </h2>
            {customer ? (
              <div className="drawer__meta">
                <span className="tabular">{customer.customerNo}</span>
                <CustomerStatusBadge status={customer.status} />
              </div>
            ) : null}
          </div>
          <button
            ref={closeRef}
            type="button"
            className="icon-button"
            aria-label={t('common.close')}
            onClick={onClose}
          >
            ×
          </button>
        </header>
        <div className="drawer__body">
          {error ? <ErrorPanel error={error} onRetry={reload} /> : null}
          {!error && (isLoading || !customer) ? <LoadingPanel /> : null}
          {!error && customer ? <CustomerDetailBody customer={customer} /> : null}
        </div>
      </aside>
    </div>
  );
}

function CustomerDetailBody({ customer }: { customer: CustomerDetail }) {
  const { t, i18n } = useTranslation();
  const rows: [string, string, boolean?][] = [
    [t('customerDetail.fields.customerNo'), customer.customerNo, true],
    [t('customerDetail.fields.name'), orDash(customer.name)],
    [
      t('customerDetail.fields.customerType'),
      formatCode('customerType', customer.customerType, i18n.language),
    ],
    [t('customerDetail.fields.certType'), formatCode('certType', customer.certType, i18n.language)],
    [t('customerDetail.fields.certNo'), orDash(customer.certNo), true],
    [t('customerDetail.fields.mobile'), orDash(customer.mobile), true],
    [t('customerDetail.fields.landline'), orDash(customer.landline), true],
    [t('customerDetail.fields.address'), orDash(customer.address)],
    [t('customerDetail.fields.station'), `${orDash(customer.stationName)}（${customer.stationCode}）`],
    [t('customerDetail.fields.county'), orDash(customer.countyName)],
    [t('customerDetail.fields.city'), orDash(customer.cityName)],
    [
      t('customerDetail.fields.voltageClass'),
      t(`customerDetail.voltage.${customer.voltageClass ?? 'unknown'}`),
    ],
    [t('customerDetail.fields.closedOn'), orDash(customer.closedOn)],
    ...(customer.anonymisedAt
      ? [
          [t('customerDetail.anonymisedAt'), formatDateTime(customer.anonymisedAt, i18n.language)] as [
            string,
            string,
          ],
        ]
      : []),
    [t('customerDetail.version'), `v${customer.version}`],
    [t('customerDetail.updatedAt'), formatDateTime(customer.updatedAt, i18n.language)],
  ];
  return (
    <>
      <section className="drawer__section">
        <h3 className="section-title">{t('customerDetail.basic')}</h3>
        <dl className="detail-grid">
          {rows.map(([label, value, isNumeric]) => (
            <div className="detail-grid__item" key={label}>
              <dt>{label}</dt>
              <dd className={isNumeric ? 'tabular' : undefined}>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="drawer__section">
        <h3 className="section-title">
          {t('customerDetail.history')}
          <span className="section-title__count">{customer.changes.length}</span>
        </h3>
        <CustomerChangeHistory changes={customer.changes} />
      </section>
    </>
  );
}
