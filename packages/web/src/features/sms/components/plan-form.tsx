import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api-client.ts';
import { errorMessage } from '../../../lib/error-message.ts';
import { createSmsPlan, type SmsPlan } from '../api/sms-api.ts';

/** Draw an SMS sample: a rate (default 1%) per city company, county or station, with an optional seed. */
export function PlanForm({ onCreated }: { onCreated: (plan: SmsPlan) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState('');
  const [ratePercent, setRatePercent] = useState('1');
  const [stratifyBy, setStratifyBy] = useState<'city' | 'county' | 'station'>('city');
  const [excludeDays, setExcludeDays] = useState('90');
  const [seed, setSeed] = useState('');
  const [state, setState] = useState<{ busy: boolean; error?: unknown }>({ busy: false });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState({ busy: true });
    try {
      const plan = await createSmsPlan({
        ...(name.trim() ? { name: name.trim() } : {}),
        rate: Number(ratePercent) / 100,
        stratifyBy,
        excludeDays: Number(excludeDays),
        ...(seed.trim() ? { seed: seed.trim() } : {}),
      });
      setState({ busy: false });
      onCreated(plan);
    } catch (error) {
      setState({ busy: false, error });
    }
  }

  return (
    <form className="sms-form" onSubmit={onSubmit} data-testid="sms-plan-form">
      <div className="field">
        <label className="field__label" htmlFor={`${id}-name`}>
          {t('sms.plan.name')}
        </label>
        <input
          id={`${id}-name`}
          className="input"
          value={name}
          placeholder={t('sms.plan.namePlaceholder')}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-rate`}>
          {t('sms.plan.rate')}
        </label>
        <input
          id={`${id}-rate`}
          className="input"
          type="number"
          min="0.01"
          max="100"
          step="0.01"
          required
          value={ratePercent}
          onChange={(e) => setRatePercent(e.target.value)}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-by`}>
          {t('sms.plan.stratifyBy')}
        </label>
        <select
          id={`${id}-by`}
          className="input select"
          value={stratifyBy}
          onChange={(e) => setStratifyBy(e.target.value as typeof stratifyBy)}
        >
          {(['city', 'county', 'station'] as const).map((by) => (
            <option key={by} value={by}>
              {t(`sms.plan.by.${by}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-exclude`}>
          {t('sms.plan.excludeDays')}
        </label>
        <input
          id={`${id}-exclude`}
          className="input"
          type="number"
          min="0"
          max="3650"
          required
          value={excludeDays}
          onChange={(e) => setExcludeDays(e.target.value)}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-seed`}>
          {t('sms.plan.seed')}
        </label>
        <input
          id={`${id}-seed`}
          className="input"
          value={seed}
          placeholder={t('sms.plan.seedPlaceholder')}
          onChange={(e) => setSeed(e.target.value)}
        />
      </div>
      <button type="submit" className="button button--primary" disabled={state.busy}>
        {state.busy ? t('sms.plan.creating') : t('sms.plan.create')}
      </button>
      {state.error ? (
        <div className="alert alert--error sms-form__error" role="alert">
          {state.error instanceof ApiError && state.error.code === 'validation_failed'
            ? state.error.message
            : errorMessage(t, state.error)}
        </div>
      ) : null}
    </form>
  );
}
