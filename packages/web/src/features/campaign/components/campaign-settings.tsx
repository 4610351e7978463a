// The coordinator's campaign settings: phases, pilot stations (3 per city), targets per city and
// phase, evaluation weights and the yellow margin; snapshots and weekly SMS reports by hand.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../lib/error-message.ts';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import {
  PHASES,
  savePhases,
  savePilot,
  saveSettings,
  saveTargets,
  takeSnapshot,
  fetchUnits,
  type CampaignDto,
  type TargetInput,
} from '../api/campaign-api.ts';
import { PilotPicker } from './pilot-picker.tsx';
import { TargetsEditor } from './targets-editor.tsx';

/** One settings card: its fields, then 保存 (and any further actions). */
/** The list with item i changed: what every row of the phase and target tables edits. */
const patchAt = <T,>(list: readonly T[], i: number, patch: Partial<T>): T[] =>
  list.map((x, j) => (j === i ? { ...x, ...patch } : x));

function SettingsCard(props: {
  title: string;
  hint?: string;
  onSave: () => void;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className="card">
      <h2 className="card__title">{props.title}</h2>
      <div className="card__content">
        {props.hint && <p className="muted small">{props.hint}</p>}
        {props.children}
        <div className="form-actions">
          <button type="button" className="button button--primary" onClick={props.onSave}>
            {t('campaign.save')}
          </button>
          {props.actions}
        </div>
      </div>
    </section>
  );
}

function useSave() {
  const { t } = useTranslation();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (fn: () => Promise<unknown>, ok = t('campaign.saved')) => {
    try {
      await fn();
      setMessage({ ok: true, text: ok });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(t, e) });
    }
  };
  const view = message ? (
    <div className={`alert ${message.ok ? 'alert--success' : 'alert--error'}`} role="status">
      {message.text}
    </div>
  ) : null;
  return { run, view };
}

export function CampaignSettings({ campaign, onSaved }: { campaign: CampaignDto; onSaved: () => void }) {
  const { t } = useTranslation();
  const save = useSave();
  const [phases, setPhases] = useState(() =>
    PHASES.map(
      (p) =>
        campaign.phases.find((x) => x.phase === p) ?? {
          phase: p,
          startsOn: campaign.today,
          endsOn: campaign.today,
        },
    ),
  );
  const [pilot, setPilot] = useState(() => new Set(campaign.pilotStations.map((s) => s.stationCode)));
  const units = useApiQuery((signal) => fetchUnits(signal), []);
  const [targets, setTargets] = useState<TargetInput[]>(() =>
    campaign.cities.flatMap((c) =>
      (['pilot', 'rollout'] as const).map((phase) => {
        const found = campaign.targets.find((x) => x.cityCode === c.code && x.phase === phase);
        const end = phases.find((p) => p.phase === phase)?.endsOn ?? campaign.today;
        return {
          cityCode: c.code,
          phase,
          targetPct: found?.targetPct ?? 100,
          deadline: found?.deadline ?? end,
        };
      }),
    ),
  );
  const [settings, setSettings] = useState(campaign.settings);
  const after = (fn: () => Promise<unknown>) =>
    save.run(async () => {
      await fn();
      onSaved();
    });
  const weightSum = Object.values(settings.weights).reduce((a, w) => a + w, 0);
  const cityName = (code: string) => campaign.cities.find((c) => c.code === code)?.name ?? code;
  return (
    <div className="campaign-settings">
      {save.view}
      <SettingsCard title={t('campaign.phases')} onSave={() => after(() => savePhases(phases, campaign.id))}>
        <div className="table-scroll">
          <table className="table">
            <tbody>
              {phases.map((p, i) => (
                <tr key={p.phase}>
                  <td>{t(`dashboard.phase.${p.phase}`)}</td>
                  <td>
                    <input
                      className="input"
                      type="date"
                      aria-label={`${p.phase}-start`}
                      value={p.startsOn}
                      onChange={(e) => setPhases(patchAt(phases, i, { startsOn: e.target.value }))}
                    />
                  </td>
                  <td>
                    <input
                      className="input"
                      type="date"
                      aria-label={`${p.phase}-end`}
                      value={p.endsOn}
                      onChange={(e) => setPhases(patchAt(phases, i, { endsOn: e.target.value }))}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </SettingsCard>
      <SettingsCard
        title={t('campaign.pilot')}
        hint={t('campaign.pilotHint')}
        onSave={() => after(() => savePilot([...pilot], campaign.id))}
      >
        <PilotPicker
          cities={campaign.cities}
          units={units.data?.items ?? []}
          selected={pilot}
          onChange={setPilot}
        />
      </SettingsCard>
      <SettingsCard
        title={t('campaign.targets')}
        onSave={() => after(() => saveTargets(targets, campaign.id))}
      >
        <TargetsEditor targets={targets} cityName={cityName} onChange={setTargets} />
      </SettingsCard>
      <SettingsCard
        title={t('campaign.evaluation')}
        onSave={() => after(() => saveSettings(settings, campaign.id))}
        actions={
          <button
            type="button"
            className="button"
            onClick={() => save.run(() => takeSnapshot('week'), t('campaign.snapshotDone'))}
          >
            {t('campaign.snapshotNow')}
          </button>
        }
      >
        <div className="filters">
          <label className="field">
            <span>{t('campaign.yellowMargin')}</span>
            <input
              className="input"
              type="number"
              min={0}
              max={100}
              value={settings.yellowMarginPct}
              onChange={(e) => setSettings({ ...settings, yellowMarginPct: Number(e.target.value) })}
            />
          </label>
          {(Object.keys(settings.weights) as (keyof CampaignDto['settings']['weights'])[]).map((k) => (
            <label className="field" key={k}>
              <span>{t(`dashboard.quality.${k}`)}</span>
              <input
                className="input"
                type="number"
                min={0}
                max={100}
                value={settings.weights[k]}
                onChange={(e) =>
                  setSettings({
                    ...settings,
                    weights: { ...settings.weights, [k]: Number(e.target.value) },
                  })
                }
              />
            </label>
          ))}
          <span
            className={`weights-sum${weightSum === 100 ? '' : ' is-off'}`}
            data-testid="weights-sum"
            role="status"
          >
            {t(weightSum === 100 ? 'campaign.weightSum' : 'campaign.weightSumOff', { sum: weightSum })}
          </span>
        </div>
        <label className="field">
          <span>
            <input
              type="checkbox"
              name="countCorrectionsInQingyuan"
              checked={settings.countCorrectionsInQingyuan}
              onChange={(e) => setSettings({ ...settings, countCorrectionsInQingyuan: e.target.checked })}
            />{' '}
            {t('campaign.countCorrectionsInQingyuan')}
          </span>
        </label>
        <p className="muted small">{t('campaign.countCorrectionsHint')}</p>
      </SettingsCard>
    </div>
  );
}
