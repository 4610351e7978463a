// The coordinator's thresholds; every save is logged on the server (who, when, old → new).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../lib/error-message.ts';
import { saveSettings, type MonitoringSettings } from '../api/monitoring-api.ts';

const FIELDS = [
  'targetScore',
  'redScoreMargin',
  'newDefectsYellowPerMille',
  'newDefectsRedPerMille',
  'gateRiseYellowPts',
  'gateRiseRedPts',
  'reverifyMonths',
] as const satisfies readonly (keyof MonitoringSettings)[];

export function SettingsForm({ settings, onSaved }: { settings: MonitoringSettings; onSaved: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(settings);
  const [message, setMessage] = useState<string | null>(null);
  const save = async () => {
    try {
      await saveSettings(draft);
      setMessage(t('monitoring.settings.saved'));
      onSaved();
    } catch (e) {
      setMessage(errorMessage(t, e));
    }
  };
  return (
    <section className="card">
      <h2 className="card__title">{t('monitoring.settings.title')}</h2>
      <div className="card__content monitoring__settings">
        {FIELDS.map((f) => (
          <label key={f}>
            {t(`monitoring.settings.${f}`)}
            <input
              type="number"
              value={draft[f]}
              onChange={(e) => setDraft({ ...draft, [f]: Number(e.target.value) })}
            />
          </label>
        ))}
        <button type="button" className="button" onClick={() => void save()}>
          {t('monitoring.settings.save')}
        </button>
        {message ? <p className="notice">{message}</p> : null}
      </div>
    </section>
  );
}
