import { useTranslation } from 'react-i18next';
import { EmptyPanel } from '../../../components/status-panel.tsx';
import { formatCode, formatDateTime, formatFieldValue } from '../../../lib/format.ts';
import type { CustomerChange } from '../api/customers-api.ts';

export function CustomerChangeHistory({ changes }: { changes: CustomerChange[] }) {
  const { t, i18n } = useTranslation();
  if (changes.length === 0) return <EmptyPanel title={t('customerDetail.noChanges')} />;

  // Field names arrive as the API spells them (snake_case or camelCase); unknown ones show raw.
  const fieldLabel = (field: string) =>
    t(`changeField.${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`, { defaultValue: field });
  const value = (field: string, text: string | null) =>
    text === null || text === '' ? (
      <span className="muted">{t('customerDetail.empty')}</span>
    ) : (
      formatFieldValue(field, text, i18n.language)
    );

  return (
    <table className="table table--compact" data-testid="change-history">
      <thead>
        <tr>
          <th>{t('customerDetail.changeColumns.field')}</th>
          <th>{t('customerDetail.changeColumns.change')}</th>
          <th>{t('customerDetail.changeColumns.source')}</th>
          <th>{t('customerDetail.changeColumns.time')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change, index) => (
          <tr key={`${change.changedAt}-${change.field}-${index}`}>
            <td className="cell-strong nowrap">{fieldLabel(change.field)}</td>
            <td>
              <div className="change-cell">
                <span className={change.oldValue ? 'change-cell__old' : undefined}>
                  {value(change.field, change.oldValue)}
                </span>
                <span className="change-cell__arrow" aria-hidden="true">
                  →
                </span>
                <span className="change-cell__new">{value(change.field, change.newValue)}</span>
              </div>
            </td>
            <td>
              <span className="badge badge--info">
                {formatCode('changeSource', change.source, i18n.language)}
              </span>
              <div className="muted small">{change.userName ?? t('customerDetail.system')}</div>
            </td>
            <td className="nowrap small">{formatDateTime(change.changedAt, i18n.language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
