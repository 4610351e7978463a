// Loading, empty and error states share one look so every page feels the same.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/error-message.ts';

export function LoadingPanel({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="status-panel" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

export function EmptyPanel({ title, hint, icon = '∅' }: { title: string; hint?: string; icon?: ReactNode }) {
  return (
    <div className="status-panel status-panel--empty" data-testid="empty-state">
      <div className="status-panel__icon" aria-hidden="true">
        {icon}
      </div>
      <div className="status-panel__title">{title}</div>
      {hint ? <div className="status-panel__hint">{hint}</div> : null}
    </div>
  );
}

export function ErrorPanel({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="status-panel status-panel--error" role="alert">
      <div className="status-panel__icon" aria-hidden="true">
        !
      </div>
      <div className="status-panel__title">{t('common.loadFailed')}</div>
      <div className="status-panel__hint">{errorMessage(t, error)}</div>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}
