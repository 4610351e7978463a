// 修改密码: a signed-in user changes their own password (the server checks the rules and ends the
// user's other sessions).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import { apiRequest } from '../../../lib/api-client.ts';
import { errorMessage } from '../../../lib/error-message.ts';

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [result, setResult] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (next !== confirm) {
      setResult({ tone: 'error', text: t('login.mismatch') });
      return;
    }
    setIsBusy(true);
    setResult(null);
    try {
      await apiRequest<void>('/api/v1/auth/password', {
        method: 'POST',
        body: { currentPassword: current, newPassword: next },
      });
      setResult({ tone: 'success', text: t('password.changed') });
      setCurrent('');
      setNext('');
      setConfirm('');
    } catch (error) {
      setResult({ tone: 'error', text: errorMessage(t, error) });
    } finally {
      setIsBusy(false);
    }
  }

  const field = (label: string, value: string, set: (v: string) => void, name: string, auto: string) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        className="input"
        type="password"
        name={name}
        autoComplete={auto}
        required
        value={value}
        onChange={(e) => set(e.target.value)}
      />
    </label>
  );

  return (
    <div className="page">
      <PageHeader title={t('password.title')} subtitle={t('login.passwordRules')} />
      <section className="card">
        <form className="card__content form" onSubmit={(e) => void onSubmit(e)}>
          {field(t('password.current'), current, setCurrent, 'current', 'current-password')}
          {field(t('login.newPassword'), next, setNext, 'new', 'new-password')}
          {field(t('login.confirmPassword'), confirm, setConfirm, 'confirm', 'new-password')}
          {result ? (
            <div className={`alert alert--${result.tone}`} role="status">
              {result.text}
            </div>
          ) : null}
          <button type="submit" className="button button--primary" disabled={isBusy}>
            {t('password.submit')}
          </button>
        </form>
      </section>
    </div>
  );
}
