import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, orDash } from '../../../lib/format.ts';
import type { RuleSetSummary } from '../api/rule-sets-api.ts';

type VersionListProps = {
  items: RuleSetSummary[];
  selected: number | null;
  onSelect: (version: number) => void;
};

export function VersionList({ items, selected, onSelect }: VersionListProps) {
  const { t, i18n } = useTranslation();
  const onKeyDown = (version: number) => (event: KeyboardEvent<HTMLTableRowElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(version);
    }
  };
  return (
    <div className="table-scroll">
      <table className="table table--hover" data-testid="versions-table">
        <thead>
          <tr>
            <th>{t('ruleSets.versions.version')}</th>
            <th>{t('ruleSets.versions.note')}</th>
            <th className="num">{t('ruleSets.versions.ruleCount')}</th>
            <th>{t('ruleSets.versions.createdBy')}</th>
            <th>{t('ruleSets.versions.createdAt')}</th>
            <th>{t('ruleSets.versions.activatedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr
              key={item.version}
              data-testid="version-row"
              data-version={item.version}
              data-active={item.isActive}
              className={item.version === selected ? 'is-selected' : undefined}
              tabIndex={0}
              onClick={() => onSelect(item.version)}
              onKeyDown={onKeyDown(item.version)}
            >
              <td className="nowrap">
                <span className="cell-strong tabular">v{item.version}</span>
                {item.isActive ? (
                  <span className="badge badge--success version-badge">{t('ruleSets.active')}</span>
                ) : null}
              </td>
              <td className="cell-wrap">
                {item.note ? item.note : <span className="muted">{t('ruleSets.noNote')}</span>}
              </td>
              <td className="num">{item.ruleCount}</td>
              <td className="nowrap">
                {orDash(item.createdBy ?? (item.version === 1 ? t('ruleSets.system') : null))}
              </td>
              <td className="nowrap small">{formatDateTime(item.createdAt, i18n.language)}</td>
              <td className="nowrap small">{formatDateTime(item.activatedAt, i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
