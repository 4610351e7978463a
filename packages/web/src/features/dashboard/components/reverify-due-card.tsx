// Due counts per station for re-verification at the next meter reading or bill collection: a
// card of its own beside the dashboard's sections (its own request, its own strings).
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { fetchDue } from '../api/reverify-api.ts';

export function ReverifyDueCard({ unit }: { unit: string | undefined }) {
  const { t } = useTranslation();
  const due = useApiQuery((s) => fetchDue(unit, s), [unit]);
  const d = due.data;
  return (
    <section className="card" data-testid="reverify-due">
      <h2 className="card__title">{t('monitoring.due.title')}</h2>
      <div className="card__content table-wrap">
        {!d ? null : d.items.length === 0 ? (
          <p className="muted">{t('monitoring.due.none')}</p>
        ) : (
          <>
            <p className="muted">{t('monitoring.due.hint', { months: d.reverifyMonths })}</p>
            <table className="table">
              <thead>
                <tr>
                  <th>{t('monitoring.due.station')}</th>
                  <th>{t('monitoring.due.due')}</th>
                  <th>{t('monitoring.due.stale')}</th>
                  <th>{t('monitoring.due.bounced')}</th>
                  <th>{t('monitoring.due.shared')}</th>
                </tr>
              </thead>
              <tbody>
                {d.items.slice(0, 20).map((s) => (
                  <tr key={s.stationCode}>
                    <td>{s.stationName}</td>
                    <td>{s.due}</td>
                    <td>{s.stale}</td>
                    <td>{s.bounced}</td>
                    <td>{s.shared}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
    </section>
  );
}
