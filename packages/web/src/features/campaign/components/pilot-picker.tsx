// Pilot stations, picked per city from the city's own station list (grouped by county), instead of
// typing station codes: a typo cannot slip in, and the count per city is always in view.
import { useTranslation } from 'react-i18next';
import type { Unit } from '../api/campaign-api.ts';

export function PilotPicker({
  cities,
  units,
  selected,
  onChange,
}: {
  cities: { code: string; name: string }[];
  units: Unit[];
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
}) {
  const { t } = useTranslation();
  const toggle = (code: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(code);
    else next.delete(code);
    onChange(next);
  };
  return (
    <div className="pilot-picker" data-testid="pilot-picker">
      {cities.map((city) => {
        const counties = units.filter((u) => u.level === 'county' && u.parentCode === city.code);
        const stationsOf = (parent: string) =>
          units.filter((u) => u.level === 'station' && u.parentCode === parent);
        const all = counties.flatMap((c) => stationsOf(c.code));
        const chosen = all.filter((s) => selected.has(s.code)).length;
        return (
          <details key={city.code} className="pilot-city" data-testid={`pilot-${city.code}`}>
            <summary>
              <span>{city.name}</span>
              <span className={chosen === 0 ? 'muted' : undefined} data-testid="pilot-count">
                {t('campaign.pilotChosen', { n: chosen })}
              </span>
            </summary>
            <div className="pilot-city__list">
              {counties.map((county) => (
                <div key={county.code}>
                  <div className="pilot-city__county">{county.name}</div>
                  {stationsOf(county.code).map((s) => (
                    <label key={s.code} className="pilot-city__station">
                      <input
                        type="checkbox"
                        value={s.code}
                        checked={selected.has(s.code)}
                        onChange={(e) => toggle(s.code, e.target.checked)}
                      />
                      <span>{s.name}</span>
                      <span className="muted small">{s.code}</span>
                    </label>
                  ))}
                </div>
              ))}
            </div>
          </details>
        );
      })}
    </div>
  );
}
