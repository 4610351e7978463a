// Targets per city and phase, with a bulk bar: set one target and deadline for every chosen row
// (or every row of a phase) at once instead of editing 18 rows one by one.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhaseKey, TargetInput } from '../api/campaign-api.ts';

export function TargetsEditor({
  targets,
  cityName,
  onChange,
}: {
  targets: TargetInput[];
  cityName: (code: string) => string;
  onChange: (next: TargetInput[]) => void;
}) {
  const { t } = useTranslation();
  const key = (x: TargetInput) => `${x.cityCode}:${x.phase}`;
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [bulk, setBulk] = useState<{ phase: PhaseKey | ''; targetPct: string; deadline: string }>({
    phase: '',
    targetPct: '',
    deadline: '',
  });
  const applies = (x: TargetInput) =>
    chosen.size > 0 ? chosen.has(key(x)) : bulk.phase === '' || x.phase === bulk.phase;
  const apply = () =>
    onChange(
      targets.map((x) =>
        applies(x)
          ? {
              ...x,
              ...(bulk.targetPct === '' ? {} : { targetPct: Number(bulk.targetPct) }),
              ...(bulk.deadline === '' ? {} : { deadline: bulk.deadline }),
            }
          : x,
      ),
    );
  const patch = (i: number, p: Partial<TargetInput>) =>
    onChange(targets.map((x, j) => (j === i ? { ...x, ...p } : x)));
  const count = targets.filter(applies).length;
  return (
    <>
      <div className="targets-bulk" data-testid="targets-bulk">
        <label className="field">
          <span className="field__label">{t('campaign.bulk.phase')}</span>
          <select
            className="input select"
            value={bulk.phase}
            disabled={chosen.size > 0}
            onChange={(e) => setBulk({ ...bulk, phase: e.target.value as PhaseKey | '' })}
          >
            <option value="">{t('campaign.bulk.allPhases')}</option>
            {(['pilot', 'rollout'] as const).map((p) => (
              <option key={p} value={p}>
                {t(`dashboard.phase.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('campaign.targetPct')}</span>
          <input
            className="input"
            type="number"
            name="bulk-target"
            min={0}
            max={100}
            value={bulk.targetPct}
            onChange={(e) => setBulk({ ...bulk, targetPct: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field__label">{t('campaign.deadline')}</span>
          <input
            className="input"
            type="date"
            name="bulk-deadline"
            value={bulk.deadline}
            onChange={(e) => setBulk({ ...bulk, deadline: e.target.value })}
          />
        </label>
        <button
          type="button"
          className="button"
          disabled={bulk.targetPct === '' && bulk.deadline === ''}
          onClick={apply}
        >
          {t(chosen.size > 0 ? 'campaign.bulk.applyChosen' : 'campaign.bulk.apply', { n: count })}
        </button>
      </div>
      <div className="table-scroll">
        <table className="table" data-testid="targets-table">
          <thead>
            <tr>
              <th>
                <input
                  type="checkbox"
                  aria-label={t('campaign.bulk.chooseAll')}
                  checked={chosen.size === targets.length}
                  onChange={(e) => setChosen(new Set(e.target.checked ? targets.map(key) : []))}
                />
              </th>
              <th>{t('campaign.city')}</th>
              <th>{t('campaign.phase')}</th>
              <th>{t('campaign.targetPct')}</th>
              <th>{t('campaign.deadline')}</th>
            </tr>
          </thead>
          <tbody>
            {targets.map((x, i) => (
              <tr key={key(x)} data-target={key(x)}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${cityName(x.cityCode)} ${t(`dashboard.phase.${x.phase}`)}`}
                    checked={chosen.has(key(x))}
                    onChange={(e) => {
                      const next = new Set(chosen);
                      if (e.target.checked) next.add(key(x));
                      else next.delete(key(x));
                      setChosen(next);
                    }}
                  />
                </td>
                <td>{cityName(x.cityCode)}</td>
                <td>{t(`dashboard.phase.${x.phase}`)}</td>
                <td>
                  <input
                    className="input"
                    type="number"
                    name="targetPct"
                    min={0}
                    max={100}
                    value={x.targetPct}
                    onChange={(e) => patch(i, { targetPct: Number(e.target.value) })}
                  />
                </td>
                <td>
                  <input
                    className="input"
                    type="date"
                    name="deadline"
                    value={x.deadline}
                    onChange={(e) => patch(i, { deadline: e.target.value })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
