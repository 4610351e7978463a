import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.ts';
import type { Preview } from '../api/rule-sets-api.ts';

/** "This version would flag N more / M fewer customers", overall and by city. */
export function PreviewPanel({ preview }: { preview: Preview }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const signed = (value: number) => (value > 0 ? `+${n(value)}` : n(value));
  const net = preview.flaggedCandidate - preview.flaggedActive;
  return (
    <section className="preview" data-testid="preview-result" aria-live="polite">
      <p className="preview__lead">
        {t('ruleSets.preview.lead', {
          sampled: n(preview.sampled),
          active: preview.activeVersion,
          candidate: preview.candidateVersion,
        })}
      </p>
      <div className="stats stats--5">
        <div className="stat">
          <div className="stat__value">{n(preview.flaggedActive)}</div>
          <div className="stat__label">
            {t('ruleSets.preview.flaggedActive', { v: preview.activeVersion })}
          </div>
        </div>
        <div className="stat">
          <div className="stat__value">{n(preview.flaggedCandidate)}</div>
          <div className="stat__label">
            {t('ruleSets.preview.flaggedCandidate', { v: preview.candidateVersion })}
          </div>
        </div>
        <div className={`stat${preview.more > 0 ? ' stat--danger' : ''}`} data-testid="preview-more">
          <div className="stat__value">+{n(preview.more)}</div>
          <div className="stat__label">{t('ruleSets.preview.more')}</div>
        </div>
        <div className={`stat${preview.fewer > 0 ? ' stat--success' : ''}`} data-testid="preview-fewer">
          <div className="stat__value">−{n(preview.fewer)}</div>
          <div className="stat__label">{t('ruleSets.preview.fewer')}</div>
        </div>
        <div className="stat">
          <div className="stat__value">{signed(net)}</div>
          <div className="stat__label">{t('ruleSets.preview.net')}</div>
        </div>
      </div>
      <div className="table-scroll">
        <table className="table table--compact" data-testid="preview-by-city">
          <thead>
            <tr>
              <th>{t('ruleSets.preview.city')}</th>
              <th className="num">{t('ruleSets.preview.sampled')}</th>
              <th className="num">{t('ruleSets.preview.flaggedActive', { v: preview.activeVersion })}</th>
              <th className="num">
                {t('ruleSets.preview.flaggedCandidate', { v: preview.candidateVersion })}
              </th>
              <th className="num">{t('ruleSets.preview.more')}</th>
              <th className="num">{t('ruleSets.preview.fewer')}</th>
              <th className="num">{t('ruleSets.preview.net')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.byCity.map((city) => (
              <tr key={city.cityCode}>
                <td className="nowrap">{city.cityName}</td>
                <td className="num">{n(city.sampled)}</td>
                <td className="num">{n(city.flaggedActive)}</td>
                <td className="num">{n(city.flaggedCandidate)}</td>
                <td className={`num${city.more > 0 ? ' text-danger' : ''}`}>+{n(city.more)}</td>
                <td className={`num${city.fewer > 0 ? ' text-success' : ''}`}>−{n(city.fewer)}</td>
                <td className="num">{signed(city.flaggedCandidate - city.flaggedActive)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="field__hint">{t('ruleSets.preview.note')}</p>
    </section>
  );
}
