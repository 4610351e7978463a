import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.ts';
import type { FindingFilter, Severity } from '../api/validation-api.ts';
import { SeverityBadge } from '../../../components/severity-badge.tsx';

export type CountRow = {
  field: string;
  ruleId: string;
  severity: Severity;
  customers: number;
  findings: number;
};

/** Counts by field × rule × severity; a row click shows those findings in the table below. */
export function CountsTable({
  rows,
  onPick,
}: {
  rows: CountRow[];
  onPick: (filter: Partial<FindingFilter>) => void;
}) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <div className="table-scroll counts-scroll">
      <table className="table table--compact table--hover" data-testid="counts-table">
        <thead>
          <tr>
            <th>{t('validation.findings.field')}</th>
            <th>{t('validation.findings.rule')}</th>
            <th>{t('validation.findings.severity')}</th>
            <th className="num">{t('validation.summary.customers')}</th>
            <th className="num">{t('validation.summary.findings')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={`${row.field}|${row.ruleId}|${row.severity}`}
              title={t('validation.summary.pickHint')}
              onClick={() => onPick({ field: row.field, ruleId: row.ruleId, severity: row.severity })}
            >
              <td className="nowrap">{t(`fieldNames.${row.field}`, { defaultValue: row.field })}</td>
              <td className="tabular nowrap">{row.ruleId}</td>
              <td>
                <SeverityBadge severity={row.severity} />
              </td>
              <td className="num">{n(row.customers)}</td>
              <td className="num cell-strong">{n(row.findings)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
