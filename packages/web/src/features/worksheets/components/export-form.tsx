import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadExport, type ExportScope } from '../api/worksheets-api.ts';
import { useUnits } from '../hooks/use-worksheets.ts';
import { serverMessage } from './server-message.ts';

export function ExportForm({ onExported }: { onExported: () => void }) {
  const { t, i18n } = useTranslation();
  const units = useUnits();
  const [unitCode, setUnitCode] = useState('');
  /** which customers: those with findings, all, or those due for re-verification (复核, after the campaign) */
  const [customers, setCustomers] = useState<'findings' | 'all' | 'reverify'>('findings');
  const findingsOnly = customers === 'findings';
  const reverifyDue = customers === 'reverify';
  const [layout, setLayout] = useState<ExportScope['layout']>('sheets');
  const [pilotOnly, setPilotOnly] = useState(false);
  /** several stations at once (供电所多选); empty: the unit chosen above */
  const [stationCodes, setStationCodes] = useState<string[]>([]);
  const [state, setState] = useState<
    | { status: 'idle' }
    | { status: 'busy' }
    | { status: 'done'; file: string; rows: number }
    | { status: 'error'; error: unknown }
  >({ status: 'idle' });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState({ status: 'busy' });
    try {
      const r = await downloadExport(
        stationCodes.length > 0
          ? { stationCodes, findingsOnly, reverifyDue, layout, pilotOnly }
          : { unitCode: unitCode || undefined, findingsOnly, reverifyDue, layout, pilotOnly },
      );
      setState({ status: 'done', file: r.fileName, rows: r.rows });
    } catch (error) {
      setState({ status: 'error', error });
    } finally {
      onExported();
    }
  }

  const options = (units.data?.items ?? []).filter((u) => u.level !== 'city');
  // the stations under the unit chosen (all of the caller's when none is)
  const chosen = options.find((u) => u.code === unitCode);
  const stations = options.filter(
    (u) => u.level === 'station' && (!chosen || chosen.code === u.code || u.parentCode === chosen.code),
  );
  const toggle = (code: string) =>
    setStationCodes((all) => (all.includes(code) ? all.filter((c) => c !== code) : [...all, code]));
  return (
    <form className="upload-form" onSubmit={onSubmit} data-testid="worksheet-export">
      <div className="field">
        <label className="field__label" htmlFor="ws-unit">
          {t('worksheets.export.scope')}
        </label>
        <select
          id="ws-unit"
          className="select"
          value={unitCode}
          onChange={(e) => setUnitCode(e.target.value)}
        >
          <option value="">{t('worksheets.export.wholeRegion')}</option>
          {options.map((u) => (
            <option key={u.code} value={u.code}>
              {u.level === 'station' ? `　${u.name}` : u.name}
            </option>
          ))}
        </select>
      </div>
      {stations.length > 1 ? (
        <details className="field" data-testid="export-stations">
          <summary className="field__label">
            {t('worksheets.export.stations', { count: stationCodes.length })}
          </summary>
          <div className="export-stations">
            {stations.map((st) => (
              <label key={st.code} className="export-stations__item">
                <input
                  type="checkbox"
                  value={st.code}
                  checked={stationCodes.includes(st.code)}
                  onChange={() => toggle(st.code)}
                />{' '}
                {st.name}
              </label>
            ))}
          </div>
        </details>
      ) : null}
      <fieldset className="field">
        <legend className="field__label">{t('worksheets.export.customers')}</legend>
        <div className="segmented">
          {(['findings', 'all', 'reverify'] as const).map((value) => (
            <label key={value} className={`segmented__option${customers === value ? ' is-active' : ''}`}>
              <input
                type="radio"
                name="customers"
                value={value}
                checked={customers === value}
                onChange={() => setCustomers(value)}
              />
              {t(
                value === 'findings'
                  ? 'worksheets.export.findingsOnly'
                  : value === 'all'
                    ? 'worksheets.export.all'
                    : 'worksheets.export.reverifyDue',
              )}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="field">
        <legend className="field__label">{t('worksheets.export.layout')}</legend>
        <div className="segmented">
          {(['sheets', 'workbooks'] as const).map((value) => (
            <label key={value} className={`segmented__option${layout === value ? ' is-active' : ''}`}>
              <input
                type="radio"
                name="layout"
                checked={layout === value}
                onChange={() => setLayout(value)}
              />
              {t(`worksheets.export.${value}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="field">
        <span>
          <input type="checkbox" checked={pilotOnly} onChange={(e) => setPilotOnly(e.target.checked)} />{' '}
          {t('worksheets.export.pilotOnly')}
        </span>
      </label>
      <div className="upload-form__actions">
        <button type="submit" className="button button--primary" disabled={state.status === 'busy'}>
          {state.status === 'busy' ? t('worksheets.export.downloading') : t('worksheets.export.download')}
        </button>
      </div>
      {state.status === 'done' ? (
        <div className="alert alert--success" role="status">
          {t('worksheets.export.done', { file: state.file, rows: state.rows })}
        </div>
      ) : null}
      {state.status === 'error' ? (
        <div className="alert alert--error" role="alert">
          {serverMessage(t, i18n.language, state.error)}
        </div>
      ) : null}
    </form>
  );
}
