// 用户: create users (the one-time code is shown once, here), change role / region / name,
// disable or enable, and reset (a new code).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '@qingyuan/contract/auth-values';
import { ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { errorMessage } from '../../../lib/error-message.ts';
import { formatDateTime } from '../../../lib/format.ts';
import type { Role } from '../../../lib/session.tsx';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { createUser, listUsers, resetUser, updateUser, type AdminUser } from '../api/admin-api.ts';

type Draft = { username: string; displayName: string; role: Role; cityCode: string; countyCode: string };
const EMPTY: Draft = { username: '', displayName: '', role: 'city_member', cityCode: '', countyCode: '' };
const orNull = (v: string) => (v.trim() ? v.trim() : null);

export function UsersSection() {
  const { t, i18n } = useTranslation();
  const users = useApiQuery((signal) => listUsers(signal), []);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [issued, setIssued] = useState<{ username: string; code: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function act(work: () => Promise<void>) {
    setIsBusy(true);
    setError(null);
    try {
      await work();
      users.reload();
    } catch (cause) {
      setError(errorMessage(t, cause));
    } finally {
      setIsBusy(false);
    }
  }

  const create = () =>
    act(async () => {
      const r = await createUser({
        username: draft.username.trim(),
        displayName: draft.displayName.trim(),
        role: draft.role,
        cityCode: orNull(draft.cityCode),
        countyCode: orNull(draft.countyCode),
      });
      setIssued({ username: r.user.username, code: r.setupCode, expiresAt: r.expiresAt });
      setDraft(EMPTY);
    });
  const reset = (u: AdminUser) =>
    act(async () => {
      if (!window.confirm(t('admin.users.confirmReset', { username: u.username }))) return;
      const r = await resetUser(u.id);
      setIssued({ username: u.username, code: r.setupCode, expiresAt: r.expiresAt });
    });
  const save = (u: AdminUser, change: Partial<Pick<AdminUser, 'role' | 'isActive' | 'cityCode'>>) =>
    act(async () => {
      const next = { ...u, ...change };
      await updateUser(u.id, {
        displayName: next.displayName,
        role: next.role,
        cityCode: next.cityCode,
        countyCode: change.cityCode !== undefined && change.cityCode !== u.cityCode ? null : next.countyCode,
        isActive: next.isActive,
      });
    });

  return (
    <>
      <section className="card">
        <h2 className="card__title">{t('admin.users.create')}</h2>
        <form
          className="card__content admin-row"
          data-testid="user-create"
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <label className="field">
            <span className="field__label">{t('login.username')}</span>
            <input
              className="input"
              name="username"
              required
              value={draft.username}
              onChange={(e) => setDraft({ ...draft, username: e.target.value })}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('admin.users.displayName')}</span>
            <input
              className="input"
              name="displayName"
              value={draft.displayName}
              onChange={(e) => setDraft({ ...draft, displayName: e.target.value })}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('admin.users.role')}</span>
            <select
              className="input"
              name="role"
              value={draft.role}
              onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">{t('admin.users.cityCode')}</span>
            <input
              className="input"
              name="cityCode"
              value={draft.cityCode}
              onChange={(e) => setDraft({ ...draft, cityCode: e.target.value })}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('admin.users.countyCode')}</span>
            <input
              className="input"
              name="countyCode"
              value={draft.countyCode}
              onChange={(e) => setDraft({ ...draft, countyCode: e.target.value })}
            />
          </label>
          <button type="submit" className="button button--primary" disabled={isBusy}>
            {t('admin.users.createButton')}
          </button>
        </form>
        {issued ? (
          <div className="alert alert--success card__content" role="status" data-testid="setup-code">
            {t('admin.users.codeIssued', { username: issued.username })}
            <div className="admin-secret" data-testid="setup-code-value">
              {issued.code}
            </div>
            {t('admin.users.codeHint', { at: formatDateTime(issued.expiresAt, i18n.language) })}
          </div>
        ) : null}
        {error ? (
          <div className="alert alert--error card__content" role="alert">
            {error}
          </div>
        ) : null}
      </section>

      <section className="card">
        <h2 className="card__title">{t('admin.users.list')}</h2>
        {users.error ? <ErrorPanel error={users.error} onRetry={users.reload} /> : null}
        {!users.data && !users.error ? <LoadingPanel /> : null}
        {users.data ? (
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th>{t('login.username')}</th>
                <th>{t('admin.users.role')}</th>
                <th>{t('admin.users.scope')}</th>
                <th>{t('admin.users.state')}</th>
                <th>{t('admin.users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id} data-testid={`user-${u.username}`}>
                  <td>
                    <div>{u.username}</div>
                    <div className="muted">{u.displayName}</div>
                  </td>
                  <td>
                    <select
                      className="input"
                      aria-label={t('admin.users.role')}
                      value={u.role}
                      disabled={isBusy}
                      onChange={(e) => void save(u, { role: e.target.value as Role })}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`roles.${r}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{u.scopeName || t('admin.users.province')}</td>
                  <td>
                    {!u.isActive
                      ? t('admin.users.disabled')
                      : u.hasPassword
                        ? t('admin.users.active')
                        : u.setupCodeExpiresAt
                          ? t('admin.users.awaiting')
                          : t('admin.users.noPassword')}
                  </td>
                  <td className="admin-actions">
                    <button
                      type="button"
                      className="button button--ghost button--small"
                      disabled={isBusy}
                      onClick={() => void save(u, { isActive: !u.isActive })}
                    >
                      {u.isActive ? t('admin.users.disable') : t('admin.users.enable')}
                    </button>
                    <button
                      type="button"
                      className="button button--ghost button--small"
                      disabled={isBusy}
                      onClick={() => void reset(u)}
                    >
                      {t('admin.users.reset')}
                    </button>
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
