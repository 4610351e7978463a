// 接口令牌: API tokens for system integrations — create (the secret is shown once, here), list,
// revoke (refused from the next call).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { errorMessage } from '../../../lib/error-message.ts';
import { formatDateTime, orDash } from '../../../lib/format.ts';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { createToken, listTokens, revokeToken, type ApiToken } from '../api/admin-api.ts';

const EMPTY = { name: '', channel: '', cityCode: '', expiresOn: '' };
const orNull = (v: string) => (v.trim() ? v.trim() : null);

export function TokensSection() {
  const { t, i18n } = useTranslation();
  const tokens = useApiQuery((signal) => listTokens(signal), []);
  const [draft, setDraft] = useState(EMPTY);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function act(work: () => Promise<void>) {
    setIsBusy(true);
    setError(null);
    try {
      await work();
      tokens.reload();
    } catch (cause) {
      setError(errorMessage(t, cause));
    } finally {
      setIsBusy(false);
    }
  }
  const create = () =>
    act(async () => {
      const r = await createToken({
        name: draft.name.trim(),
        channel: orNull(draft.channel),
        cityCode: orNull(draft.cityCode),
        expiresOn: orNull(draft.expiresOn),
      });
      setSecret({ name: r.item.name, token: r.token });
      setDraft(EMPTY);
    });
  const revoke = (tk: ApiToken) =>
    act(async () => {
      if (!window.confirm(t('admin.tokens.confirmRevoke', { name: tk.name }))) return;
      await revokeToken(tk.id);
    });

  const input = (key: keyof typeof EMPTY, type = 'text') => (
    <label className="field">
      <span className="field__label">{t(`admin.tokens.${key}`)}</span>
      <input
        className="input"
        name={key}
        type={type}
        required={key === 'name'}
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
    </label>
  );

  return (
    <>
      <section className="card">
        <h2 className="card__title">{t('admin.tokens.create')}</h2>
        <form
          className="card__content admin-row"
          data-testid="token-create"
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          {input('name')}
          {input('channel')}
          {input('cityCode')}
          {input('expiresOn', 'date')}
          <button type="submit" className="button button--primary" disabled={isBusy}>
            {t('admin.tokens.createButton')}
          </button>
        </form>
        {secret ? (
          <div className="alert alert--success card__content" role="status" data-testid="token-secret">
            {t('admin.tokens.secretIssued', { name: secret.name })}
            <div className="admin-secret" data-testid="token-secret-value">
              {secret.token}
            </div>
          </div>
        ) : null}
        {error ? (
          <div className="alert alert--error card__content" role="alert">
            {error}
          </div>
        ) : null}
      </section>
      <section className="card">
        <h2 className="card__title">{t('admin.tokens.list')}</h2>
        {tokens.error ? <ErrorPanel error={tokens.error} onRetry={tokens.reload} /> : null}
        {!tokens.data && !tokens.error ? <LoadingPanel /> : null}
        {tokens.data ? (
          <table className="table" data-testid="tokens-table">
            <thead>
              <tr>
                <th>{t('admin.tokens.name')}</th>
                <th>{t('admin.tokens.channel')}</th>
                <th>{t('admin.tokens.city')}</th>
                <th>{t('admin.tokens.expiresOn')}</th>
                <th>{t('admin.tokens.state')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((tk) => (
                <tr key={tk.id} data-testid={`token-${tk.name}`}>
                  <td>
                    <div>{tk.name}</div>
                    <div className="muted">
                      {orDash(tk.createdBy)} · {formatDateTime(tk.createdAt, i18n.language)}
                    </div>
                  </td>
                  <td>{orDash(tk.channel)}</td>
                  <td>{tk.cityName ?? t('admin.users.province')}</td>
                  <td>
                    {tk.expiresAt ? formatDateTime(tk.expiresAt, i18n.language) : t('admin.tokens.never')}
                  </td>
                  <td>{t(`admin.tokens.states.${tk.state}`)}</td>
                  <td>
                    {tk.state === 'active' ? (
                      <button
                        type="button"
                        className="button button--ghost button--small"
                        disabled={isBusy}
                        onClick={() => void revoke(tk)}
                      >
                        {t('admin.tokens.revoke')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </>
  );
}
