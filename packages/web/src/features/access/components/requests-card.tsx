// Approvals (审批): the requests the user made or may decide, with grant (a time limit) and
// refuse (a reason) for those it may decide, and for a user who sees numbers masked, the form
// to ask for full numbers of its own unit or its worksheet exports.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../lib/error-message.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useCurrentUser } from '../../../lib/session.tsx';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { askForFullNumbers, grantRequest, listRequests, refuseRequest } from '../api/access-api.ts';

export function RequestsCard({ onChange }: { onChange?: () => void }) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const requests = useApiQuery((signal) => listRequests(signal), []);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [kind, setKind] = useState<'unit' | 'worksheet_export'>('unit');
  const [reason, setReason] = useState('');
  const [hours, setHours] = useState('8');
  const [grantHours, setGrantHours] = useState('8');
  const [refusal, setRefusal] = useState('');

  async function act(fn: () => Promise<unknown>, done: string) {
    setMessage(null);
    try {
      await fn();
      setMessage({ tone: 'success', text: done });
      requests.reload();
      onChange?.();
    } catch (error) {
      setMessage({ tone: 'error', text: errorMessage(t, error) });
    }
  }

  const unitCode = user.countyCode ?? user.cityCode;
  return (
    <section className="card" data-testid="access-requests">
      <h2 className="card__title">{t('access.requests.title')}</h2>
      {user.canRequestUnmasked ? (
        <form
          className="card__content filters"
          onSubmit={(e) => {
            e.preventDefault();
            const scope =
              kind === 'unit' && unitCode
                ? { kind: 'unit' as const, unitCode }
                : { kind: 'worksheet_export' as const };
            void act(() => askForFullNumbers(scope, reason, Number(hours)), t('access.requests.asked'));
          }}
        >
          <label className="field">
            <span className="field__label">{t('access.requests.scope')}</span>
            <select className="input" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              {unitCode ? (
                <option value="unit">{t('access.requests.ownUnit', { unit: user.scopeName })}</option>
              ) : null}
              <option value="worksheet_export">{t('access.requests.worksheetExport')}</option>
            </select>
          </label>
          <label className="field">
            <span className="field__label">{t('access.requests.reason')}</span>
            <input
              className="input"
              data-testid="access-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('access.requests.hours')}</span>
            <input
              className="input"
              type="number"
              min={1}
              max={720}
              value={hours}
              onChange={(e) => setHours(e.target.value)}
            />
          </label>
          <button type="submit" className="button button--primary" data-testid="access-ask">
            {t('access.requests.ask')}
          </button>
        </form>
      ) : null}
      {message ? (
        <div className={`card__content alert alert--${message.tone}`} role="status">
          {message.text}
        </div>
      ) : null}
      <div className="card__content">
        {requests.data && requests.data.items.length > 0 ? (
          <table className="table table--compact">
            <thead>
              <tr>
                <th>{t('access.requests.requester')}</th>
                <th>{t('access.requests.scope')}</th>
                <th>{t('access.requests.reason')}</th>
                <th>{t('access.requests.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {requests.data.items.map((r) => (
                <tr key={r.id} data-testid="access-request" data-status={r.status}>
                  <td>
                    <div>{r.requesterName}</div>
                    <div className="muted">{formatDateTime(r.createdAt, i18n.language)}</div>
                  </td>
                  <td>
                    {r.scopeKind === 'unit'
                      ? (r.unitName ?? r.unitCode)
                      : r.scopeKind === 'customers'
                        ? t('access.customers', { ids: r.customerIds.join(', ') })
                        : t('access.requests.worksheetExport')}
                    <div className="muted">{t('access.requests.wanted', { count: r.wantedHours })}</div>
                  </td>
                  <td>{r.reason}</td>
                  <td>
                    {t(`access.requests.statuses.${r.status}`)}
                    {r.expiresAt ? (
                      <div className="muted">
                        {t('access.requests.until', { at: formatDateTime(r.expiresAt, i18n.language) })}
                      </div>
                    ) : null}
                    {r.decisionNote ? <div className="muted">{r.decisionNote}</div> : null}
                  </td>
                  <td>
                    {r.canDecide ? (
                      <div className="filters">
                        <input
                          className="input"
                          type="number"
                          min={1}
                          max={720}
                          aria-label={t('access.requests.grantHours')}
                          value={grantHours}
                          onChange={(e) => setGrantHours(e.target.value)}
                        />
                        <button
                          type="button"
                          className="button button--primary"
                          data-testid="access-grant"
                          onClick={() =>
                            void act(
                              () => grantRequest(r.id, Number(grantHours)),
                              t('access.requests.granted'),
                            )
                          }
                        >
                          {t('access.requests.grant')}
                        </button>
                        <input
                          className="input"
                          aria-label={t('access.requests.refusal')}
                          placeholder={t('access.requests.refusal')}
                          value={refusal}
                          onChange={(e) => setRefusal(e.target.value)}
                        />
                        <button
                          type="button"
                          className="button"
                          onClick={() =>
                            void act(() => refuseRequest(r.id, refusal), t('access.requests.refused'))
                          }
                        >
                          {t('access.requests.refuse')}
                        </button>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{t('access.requests.none')}</p>
        )}
      </div>
    </section>
  );
}
