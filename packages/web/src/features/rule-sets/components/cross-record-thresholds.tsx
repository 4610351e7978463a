import { useTranslation } from 'react-i18next';
import type { CrossRecordView } from './cross-record-view.ts';

type Check = keyof CrossRecordView;
type CrossRecordThresholdsProps = {
  value: CrossRecordView;
  /** absent: read-only (a stored version) */
  onChange?: (check: Check, patch: Record<string, boolean | number>) => void;
};

const ROWS: readonly { check: Check; id: string; numbers: readonly string[] }[] = [
  { check: 'sharedMobile', id: 'X-01', numbers: ['minHolders', 'errorHolders'] },
  { check: 'certNameConflict', id: 'X-02', numbers: [] },
  { check: 'likelyDuplicate', id: 'X-03', numbers: ['maxGroupSize'] },
];

/** The cross-record checks X-01…03 (many customers at once): on or off, and their thresholds. */
export function CrossRecordThresholds({ value, onChange }: CrossRecordThresholdsProps) {
  const { t } = useTranslation();
  return (
    <table className="table table--compact" data-testid="cross-record-thresholds">
      <thead>
        <tr>
          <th>{t('ruleSets.rules.enabled')}</th>
          <th>{t('ruleSets.rules.id')}</th>
          <th>{t('ruleSets.cross.check')}</th>
          <th>{t('ruleSets.cross.thresholds')}</th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map(({ check, id, numbers }) => {
          const current = value[check] as Record<string, boolean | number>;
          return (
            <tr key={id} data-rule-id={id} className={current.enabled ? undefined : 'is-disabled'}>
              <td>
                <label className="switch">
                  <input
                    type="checkbox"
                    checked={current.enabled === true}
                    disabled={!onChange}
                    aria-label={t('ruleSets.editor.toggle', { id })}
                    onChange={(e) => onChange?.(check, { enabled: e.target.checked })}
                  />
                  <span className="switch__track" aria-hidden="true" />
                </label>
              </td>
              <td className="tabular nowrap cell-strong">{id}</td>
              <td>{t(`ruleSets.cross.${check}`)}</td>
              <td className="nowrap">
                {numbers.map((name) => (
                  <label key={name} className="inline-field">
                    {t(`ruleSets.cross.${name}`)}{' '}
                    <input
                      type="number"
                      className="input input--narrow"
                      min={2}
                      step={1}
                      value={Number(current[name])}
                      readOnly={!onChange}
                      data-testid={`cross-${name}`}
                      onChange={(e) => {
                        const n = e.target.valueAsNumber;
                        if (Number.isInteger(n)) onChange?.(check, { [name]: n });
                      }}
                    />
                  </label>
                ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
