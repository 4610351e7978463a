// The inbox in the top bar: a badge with the unread notices (requests to decide, decisions on
// one's own requests); opening it shows them with the approvals card, and marks them read.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format.ts';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { listNotifications, markAllRead } from '../api/access-api.ts';
import { RequestsCard } from './requests-card.tsx';
import '../access.css';

export function InboxButton() {
  const { t, i18n } = useTranslation();
  const [isOpen, setIsOpen] = useState(false);
  const inbox = useApiQuery((signal) => listNotifications(signal), []);
  const unread = inbox.data?.unread ?? 0;

  function toggle() {
    const next = !isOpen;
    setIsOpen(next);
    if (next && unread > 0) void markAllRead().then(inbox.reload, () => undefined);
  }

  return (
    <div className="inbox">
      <button
        type="button"
        className="button button--ghost button--small"
        data-testid="inbox-button"
        aria-expanded={isOpen}
        onClick={toggle}
      >
        {t('access.inbox.title')}
        {unread > 0 ? (
          <span className="badge badge--danger" data-testid="inbox-badge">
            {unread}
          </span>
        ) : null}
      </button>
      {isOpen ? (
        <div className="inbox__panel" data-testid="inbox-panel">
          <ul className="inbox__list">
            {(inbox.data?.items ?? []).map((n) => (
              <li key={n.id} className={n.isRead ? 'muted' : ''}>
                {t(`access.inbox.${n.kind}`, { actor: n.actor })} ·{' '}
                {formatDateTime(n.createdAt, i18n.language)}
              </li>
            ))}
            {inbox.data?.items.length === 0 ? <li className="muted">{t('access.inbox.empty')}</li> : null}
          </ul>
          <RequestsCard onChange={inbox.reload} />
        </div>
      ) : null}
    </div>
  );
}
