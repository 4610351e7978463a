import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { orDash } from '../../../lib/format.ts';
import type { Finding } from '../api/validation-api.ts';
import type { RegionIndex } from './region-index.ts';
import { SeverityBadge } from '../../../components/severity-badge.tsx';

/** The customers page opens a customer from `?id=`; the link keeps the customer number as search text. */
export const customerLink = (finding: Finding) =>
  `/customers?q=${encodeURIComponent(finding.customerNo)}&id=${encodeURIComponent(finding.customerId)}`;

export function FindingsTable({ items, index }: { items: Finding[]; index: RegionIndex }) {
  const { t, i18n } = useTranslation();
  const isEnglish = i18n.language === 'en';
  return (
    <div className="table-scroll">
      <table className="table" data-testid="findings-table">
        <thead>
          <tr>
            <th>{t('validation.findings.customerNo')}</th>
            <th>{t('validation.findings.customerName')}</th>
            <th>{t('validation.findings.unit')}</th>
            <th>{t('validation.findings.field')}</th>
            <th>{t('validation.findings.rule')}</th>
            <th>{t('validation.findings.severity')}</th>
            <th>{t('validation.findings.message')}</th>
            <th>{t('validation.findings.suggested')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((finding) => {
            const city = index.name(finding.cityCode) ?? finding.cityCode;
            const station = index.name(finding.stationCode) ?? finding.stationCode;
            const county = index.name(finding.countyCode);
            return (
              <tr key={finding.id} data-testid="finding-row" data-city={city} data-field={finding.field}>
                <td className="tabular">
                  <Link to={customerLink(finding)} title={t('validation.findings.openCustomer')}>
                    {finding.customerNo}
                  </Link>
                </td>
                <td className="cell-strong cell-name">{orDash(finding.customerName)}</td>
                <td className="unit-cell">
                  <div>{station}</div>
                  <div className="muted small">{county ? `${city} · ${county}` : city}</div>
                </td>
                <td className="nowrap">
                  {t(`fieldNames.${finding.field}`, { defaultValue: finding.field })}
                </td>
                <td className="tabular nowrap" title={finding.code}>
                  {finding.ruleId}
                </td>
                <td>
                  <SeverityBadge severity={finding.severity} />
                </td>
                <td className="cell-wrap">{isEnglish ? finding.message.en : finding.message.zh}</td>
                <td className="tabular cell-suggested">{orDash(finding.suggested)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
