import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../lib/error-message.ts';
import { ApiError } from '../../../lib/api-client.ts';
import { useCurrentUser } from '../../../lib/session.tsx';

type StartRunFormProps = {
  /** Cities the user may choose, from the last province-wide run; empty before the first one. */
  cities: { code: string; name: string }[];
  isStarting: boolean;
  /** The run on screen is queued or running: the button says so instead of offering another. */
  isRunning: boolean;
  hasActiveRun: boolean;
  error: unknown;
  onStart: (unitCode?: string) => void;
};

export function StartRunForm({
  cities,
  isStarting,
  isRunning,
  hasActiveRun,
  error,
  onStart,
}: StartRunFormProps) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [unit, setUnit] = useState('');
  const selectId = useId();
  // A city member's region is fixed by the server: the run covers their city, no choice to make.
  const isCityBound = user.cityCode !== null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onStart(unit || undefined);
  }

  return (
    <form className="start-run" onSubmit={onSubmit} data-testid="start-run">
      <div className="field start-run__scope">
        <label className="field__label" htmlFor={selectId}>
          {t('validation.start.scope')}
        </label>
        {isCityBound ? (
          <div className="start-run__fixed" id={selectId}>
            {user.scopeName}
          </div>
        ) : (
          <select
            id={selectId}
            className="input select"
            value={unit}
            onChange={(e) => setUnit(e.target.value)}
          >
            <option value="">{t('validation.start.province', { name: user.scopeName })}</option>
            {cities.map((city) => (
              <option key={city.code} value={city.code}>
                {city.name}
              </option>
            ))}
          </select>
        )}
      </div>
      <button
        type="submit"
        className="button button--primary"
        disabled={isStarting || isRunning}
        data-testid="start-run-submit"
      >
        {isStarting
          ? t('validation.start.starting')
          : isRunning
            ? t('validation.start.running')
            : t('validation.start.submit')}
      </button>
      <p className="field__hint start-run__hint">
        {hasActiveRun ? t('validation.start.hintActive') : t('validation.start.hint')}
      </p>
      {error ? (
        <div className="alert alert--error start-run__error" role="alert">
          {error instanceof ApiError && error.code === 'conflict'
            ? t('validation.start.conflict')
            : errorMessage(t, error)}
        </div>
      ) : null}
    </form>
  );
}
