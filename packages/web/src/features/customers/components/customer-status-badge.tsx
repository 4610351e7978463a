import { useTranslation } from 'react-i18next';
import { formatCode } from '../../../lib/format.ts';
import type { CustomerStatus } from '../api/customers-api.ts';

export function CustomerStatusBadge({ status }: { status: CustomerStatus }) {
  const { i18n } = useTranslation();
  return (
    <span className={`badge ${status === 'active' ? 'badge--success' : 'badge--muted'}`}>
      {formatCode('customerStatus', status, i18n.language)}
    </span>
  );
}
