import { useTranslation } from 'react-i18next';
import type { CustomerStatus } from '../api/customers-api.ts';

export function CustomerStatusBadge({ status }: { status: CustomerStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${status === 'active' ? 'badge--success' : 'badge--muted'}`}>
      {t(`customers.status.${status}`)}
    </span>
  );
}
