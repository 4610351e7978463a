import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../../components/language-switch.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { errorMessage } from '../../../lib/error-message.ts';
import { useSession } from '../../../lib/session.tsx';
import '../auth.css';

// "/" sends each role to its own home page (app/navigation.ts).
const DEFAULT_PAGE = '/';

function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('/login') ? from : DEFAULT_PAGE;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { session, login, setupPassword } = useSession();
  const [mode, setMode] = useState<'login' | 'setup'>('login');
  const [code, setCode] = useState('');
  const [confirm, setConfirm] = useState('');
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // Keep the error itself, not its text, so switching language re-translates it.
  const [error, setError] = useState<unknown>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);

  if (session.status === 'authenticated' && !isSubmitting) {
    return <Navigate to={returnPath(location.state)} replace />;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (username.trim() === '' || password === '' || (mode === 'setup' && code.trim() === '')) {
      setError('required');
      return;
    }
    if (mode === 'setup' && password !== confirm) {
      setError('mismatch');
      return;
    }
    setIsSubmitting(true);
    setError(null);
    try {
      if (mode === 'setup') await setupPassword(username.trim(), code.trim(), password);
      else await login(username.trim(), password);
      navigate(returnPath(location.state), { replace: true });
    } catch (cause) {
      setError(cause);
      if (cause instanceof ApiError && cause.code === 'invalid_credentials') setPassword('');
    } finally {
      setIsSubmitting(false);
    }
  }

  const message =
    error === null
      ? null
      : error === 'required'
        ? t(mode === 'setup' ? 'login.setupRequired' : 'login.required')
        : error === 'mismatch'
          ? t('login.mismatch')
          : errorMessage(t, error);

  return (
    <div className="login-screen">
      <div className="login-screen__lang">
        <LanguageSwitch />
      </div>
      <div className="login-card">
        <div className="login-card__brand">
          <span className="brand__mark brand__mark--large" aria-hidden="true">
            清
          </span>
          <div>
            <div className="login-card__name">{t('app.name')}</div>
            <div className="login-card__tagline">{t('app.tagline')}</div>
          </div>
        </div>
        <h1 className="login-card__title">{t(mode === 'setup' ? 'login.setupTitle' : 'login.title')}</h1>
        <p className="login-card__subtitle">
          {t(mode === 'setup' ? 'login.setupSubtitle' : 'login.subtitle')}
        </p>
        <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
          <label className="field">
            <span className="field__label">{t('login.username')}</span>
            <input
              className="input"
              name="username"
              autoComplete="username"
              autoFocus
              value={username}
              onChange={(event) => setUsername(event.target.value)}
            />
          </label>
          {mode === 'setup' ? (
            <label className="field">
              <span className="field__label">{t('login.code')}</span>
              <input
                className="input"
                name="code"
                autoComplete="one-time-code"
                value={code}
                onChange={(event) => setCode(event.target.value)}
              />
            </label>
          ) : null}
          <label className="field">
            <span className="field__label">
              {t(mode === 'setup' ? 'login.newPassword' : 'login.password')}
            </span>
            <input
              className="input"
              name="password"
              type="password"
              autoComplete={mode === 'setup' ? 'new-password' : 'current-password'}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </label>
          {mode === 'setup' ? (
            <>
              <label className="field">
                <span className="field__label">{t('login.confirmPassword')}</span>
                <input
                  className="input"
                  name="confirm"
                  type="password"
                  autoComplete="new-password"
                  value={confirm}
                  onChange={(event) => setConfirm(event.target.value)}
                />
              </label>
              <p className="login-card__subtitle">{t('login.passwordRules')}</p>
            </>
          ) : null}
          {message ? (
            <div className="alert alert--error" role="alert" data-testid="login-error">
              {message}
            </div>
          ) : null}
          <button type="submit" className="button button--primary button--block" disabled={isSubmitting}>
            {isSubmitting
              ? t('login.submitting')
              : t(mode === 'setup' ? 'login.setupSubmit' : 'login.submit')}
          </button>
          <button
            type="button"
            className="button button--ghost button--block"
            onClick={() => {
              setMode(mode === 'setup' ? 'login' : 'setup');
              setError(null);
              setPassword('');
              setConfirm('');
            }}
          >
            {t(mode === 'setup' ? 'login.backToLogin' : 'login.firstLogin')}
          </button>
        </form>
      </div>
      <footer className="login-screen__footer">{t('login.footer')}</footer>
    </div>
  );
}
