import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.ts';
import type { SummaryLevel, UnitScore } from '../api/validation-api.ts';
import { formatPercent, scoreTone } from './run-format.ts';

type UnitScoreTableProps = {
  level: SummaryLevel;
  units: UnitScore[];
  findingsByUnit: Map<string, number>;
  onOpen: (code: string) => void;
};

/** Data-quality score per unit; a city opens its counties, a county its stations, a station filters the table below. */
export function UnitScoreTable({ level, units, findingsByUnit, onOpen }: UnitScoreTableProps) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const action = t(`validation.summary.open.${level}`);
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="unit-scores">
        <thead>
          <tr>
            <th>{t(`validation.summary.unit.${level}`)}</th>
            <th className="num">{t('validation.summary.checked')}</th>
            <th className="num">{t('validation.summary.withError')}</th>
            <th className="num">{t('validation.summary.findings')}</th>
            <th className="col-score">{t('validation.summary.score')}</th>
          </tr>
        </thead>
        <tbody>
          {units.map((unit) => {
            const tone = scoreTone(unit.score);
            return (
              <tr key={unit.code} data-testid="unit-row" data-unit={unit.name}>
                <td className="nowrap">
                  <button
                    type="button"
                    className="link-button"
                    title={action}
                    onClick={() => onOpen(unit.code)}
                  >
                    {unit.name}
                  </button>
                </td>
                <td className="num">{n(unit.customersChecked)}</td>
                <td className={`num${unit.customersWithError > 0 ? ' text-danger' : ''}`}>
                  {n(unit.customersWithError)}
                </td>
                <td className="num">{n(findingsByUnit.get(unit.code) ?? 0)}</td>
                <td className="col-score">
                  <div className={`score score--${tone}`}>
                    <span className="score__bar">
                      <span className="score__fill" style={{ width: `${(unit.score ?? 0) * 100}%` }} />
                    </span>
                    <span className="score__value tabular">{formatPercent(unit.score, i18n.language)}</span>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
