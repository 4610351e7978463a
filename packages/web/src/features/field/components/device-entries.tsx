// The entries on this device: those needing a person first (refused, conflicts), then those
// waiting for a signal, then the latest sent.
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format.ts';
import type { QueuedEntry } from '../hooks/field-queue.ts';

const ORDER = { refused: 0, conflict: 1, pending: 2, sent: 3 } as const;
const BADGE = {
  refused: 'badge--danger',
  conflict: 'badge--warning',
  pending: 'badge--info',
  sent: 'badge--success',
};

export function DeviceEntries({
  entries,
  isOnline,
  onSendNow,
  onDismiss,
  onEdit,
  onRedo,
}: {
  entries: QueuedEntry[];
  isOnline: boolean;
  onSendNow: () => void;
  onDismiss: (key: string) => void;
  onEdit: (entry: QueuedEntry) => void;
  onRedo: (entry: QueuedEntry) => void;
}) {
  const { t, i18n } = useTranslation();
  const shown = [...entries]
    .sort((a, b) => ORDER[a.status] - ORDER[b.status] || b.recordedAt.localeCompare(a.recordedAt))
    .slice(0, 30);
  const hasPending = entries.some((e) => e.status === 'pending');
  return (
    <section className="card field-device" data-testid="field-device">
      <div className="card__title card__title--row">
        <span>{t('field.device')}</span>
        {hasPending && isOnline ? (
          <button type="button" className="button button--small" onClick={onSendNow}>
            {t('field.sendNow')}
          </button>
        ) : null}
      </div>
      {shown.length === 0 ? <p className="field-muted">{t('field.deviceEmpty')}</p> : null}
      <ul className="field-entries">
        {shown.map((e) => (
          <li key={e.key} data-testid="field-entry" data-status={e.status}>
            <div className="field-customer__top">
              <strong>{e.customer.name}</strong>
              <span className={`badge ${BADGE[e.status]}`}>{t(`field.status.${e.status}`)}</span>
            </div>
            <span className="field-muted">
              {e.customer.customerNo} · {t(`field.results.${e.result}`)} ·{' '}
              {formatDateTime(e.recordedAt, i18n.language)}
            </span>
            {e.message ? <span className="field-check field-check--bad">{e.message}</span> : null}
            {e.status === 'refused' ? (
              <span className="field-entry__actions">
                <button type="button" className="button button--small" onClick={() => onEdit(e)}>
                  {t('field.edit')}
                </button>
                <button type="button" className="link-button" onClick={() => onDismiss(e.key)}>
                  {t('field.dismiss')}
                </button>
              </span>
            ) : null}
            {e.status === 'conflict' ? (
              <span className="field-entry__actions">
                <button type="button" className="button button--small" onClick={() => onRedo(e)}>
                  {t('field.redo')}
                </button>
                <button type="button" className="link-button" onClick={() => onDismiss(e.key)}>
                  {t('field.dismiss')}
                </button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
