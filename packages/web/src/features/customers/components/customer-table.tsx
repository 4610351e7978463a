import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCode, orDash } from '../../../lib/format.ts';
import type { Customer } from '../api/customers-api.ts';
import { CustomerStatusBadge } from './customer-status-badge.tsx';

type CustomerTableProps = {
  items: Customer[];
  selectedId: string | null;
  onSelect: (id: string) => void;
};

export function CustomerTable({ items, selectedId, onSelect }: CustomerTableProps) {
  const { t, i18n } = useTranslation();
  const onKeyDown = (id: string) => (event: KeyboardEvent<HTMLTableRowElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(id);
    }
  };

  return (
    <div className="table-scroll">
      <table className="table table--hover" data-testid="customer-table">
        <thead>
          <tr>
            <th className="col-no">{t('customers.columns.customerNo')}</th>
            <th className="col-name">{t('customers.columns.name')}</th>
            <th className="col-type">{t('customers.columns.customerType')}</th>
            <th className="col-phone">{t('customers.columns.mobile')}</th>
            <th className="col-phone">{t('customers.columns.landline')}</th>
            <th className="col-address">{t('customers.columns.address')}</th>
            <th className="col-cert">{t('customers.columns.certNo')}</th>
            <th className="col-station">{t('customers.columns.station')}</th>
            <th className="col-status">{t('customers.columns.status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((customer) => (
            <tr
              key={customer.id}
              data-testid="customer-row"
              data-city={customer.cityName}
              className={customer.id === selectedId ? 'is-selected' : undefined}
              tabIndex={0}
              onClick={() => onSelect(customer.id)}
              onKeyDown={onKeyDown(customer.id)}
            >
              <td className="tabular">{customer.customerNo}</td>
              <td className="cell-strong cell-name">{orDash(customer.name)}</td>
              <td>{formatCode('customerType', customer.customerType, i18n.language)}</td>
              <td className="tabular">{orDash(customer.mobile)}</td>
              <td className="tabular">{orDash(customer.landline)}</td>
              <td className="cell-wrap" title={customer.address}>
                {orDash(customer.address)}
              </td>
              <td className="tabular">{orDash(customer.certNo)}</td>
              <td title={`${customer.cityName} / ${customer.countyName}`}>{orDash(customer.stationName)}</td>
              <td>
                <CustomerStatusBadge status={customer.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
