import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../../lib/format.ts';
import type { Gate, WorkStatus } from '../api/dashboard-api.ts';
import { rate } from './format.ts';

/** Where new bad data enters: entry-gate failures by station, worst first. */
export function GateList({ gate }: { gate: Gate }) {
  const { t, i18n } = useTranslation();
  if (gate.items.length === 0) return <p className="muted">{t('dashboard.gate.none')}</p>;
  return (
    <table className="table" data-testid="gate-table">
      <thead>
        <tr>
          <th>{t('dashboard.gate.station')}</th>
          <th className="num">{t('dashboard.gate.records')}</th>
          <th className="num">{t('dashboard.gate.failed')}</th>
          <th className="num">{t('dashboard.gate.rate')}</th>
        </tr>
      </thead>
      <tbody>
        {gate.items.map((g) => (
          <tr key={g.stationCode}>
            <td>{g.name}</td>
            <td className="num">{formatNumber(g.records, i18n.language)}</td>
            <td className="num">{formatNumber(g.withError, i18n.language)}</td>
            <td className="num">{rate(g.failRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function WorkStatusList({ status }: { status: WorkStatus }) {
  const { t, i18n } = useTranslation();
  const badge = {
    on_time: 'badge--success',
    late: 'badge--warning',
    missing: 'badge--danger',
    pending: 'badge--muted',
  } as const;
  return (
    <table className="table" data-testid="work-status">
      <tbody>
        {status.items.map((s) => (
          <tr key={s.cityCode}>
            <td>{s.name}</td>
            <td>
              <span className={`badge ${badge[s.status]}`}>{t(`dashboard.work.${s.status}`)}</span>
            </td>
            <td className="muted small">
              {s.submittedAt ? formatDateTime(s.submittedAt, i18n.language) : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
