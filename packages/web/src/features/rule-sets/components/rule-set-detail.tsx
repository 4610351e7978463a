import { useTranslation } from 'react-i18next';
import { LoadingPanel } from '../../../components/status-panel.tsx';
import { errorMessage } from '../../../lib/error-message.ts';
import { formatDateTime, orDash } from '../../../lib/format.ts';
import { rulesOf, type RuleSetDetail } from '../api/rule-sets-api.ts';
import { crossRecordOf } from './cross-record-view.ts';
import { CrossRecordThresholds } from './cross-record-thresholds.tsx';
import type { usePreview } from '../hooks/use-rule-set-actions.ts';
import { PreviewPanel } from './preview-panel.tsx';
import { RulesTable } from './rules-table.tsx';

type RuleSetDetailCardProps = {
  detail: RuleSetDetail;
  canEdit: boolean;
  preview: ReturnType<typeof usePreview>['state'];
  onEdit: () => void;
  onPreview: () => void;
  onActivate: () => void;
};

export function RuleSetDetailCard({
  detail,
  canEdit,
  preview,
  onEdit,
  onPreview,
  onActivate,
}: RuleSetDetailCardProps) {
  const { t, i18n } = useTranslation();
  const rules = rulesOf(detail.document);
  const enabled = rules.filter((rule) => rule.enabled).length;
  const isPreviewing = preview.status === 'loading' && preview.version === detail.version;

  return (
    <section className="card" data-testid="rule-set-detail" data-version={detail.version}>
      <div className="card__title card__title--row">
        <div className="detail-head">
          <h2 className="card__heading">{t('ruleSets.detail.title', { version: detail.version })}</h2>
          {detail.isActive ? <span className="badge badge--success">{t('ruleSets.active')}</span> : null}
          <span className="muted small">
            {t('ruleSets.detail.meta', {
              enabled,
              total: rules.length,
              by: orDash(detail.createdBy ?? (detail.version === 1 ? t('ruleSets.system') : null)),
              at: formatDateTime(detail.createdAt, i18n.language),
            })}
          </span>
        </div>
        {canEdit ? (
          <div className="toolbar">
            <button type="button" className="button button--small" onClick={onEdit}>
              {t('ruleSets.actions.edit')}
            </button>
            {detail.isActive ? null : (
              <>
                <button
                  type="button"
                  className="button button--small"
                  disabled={isPreviewing}
                  onClick={onPreview}
                >
                  {isPreviewing ? t('ruleSets.actions.previewing') : t('ruleSets.actions.preview')}
                </button>
                <button type="button" className="button button--small button--primary" onClick={onActivate}>
                  {t('ruleSets.actions.activate')}
                </button>
              </>
            )}
          </div>
        ) : null}
      </div>
      <div className="card__content">
        {detail.note ? <p className="detail-note">{detail.note}</p> : null}
        {isPreviewing ? <LoadingPanel label={t('ruleSets.preview.loading')} /> : null}
        {preview.status === 'error' && preview.version === detail.version ? (
          <div className="alert alert--error" role="alert">
            {t('ruleSets.preview.failed')}：{errorMessage(t, preview.error)}
          </div>
        ) : null}
        {preview.status === 'done' && preview.version === detail.version ? (
          <PreviewPanel preview={preview.preview} />
        ) : null}
        <RulesTable rules={rules} />
        <h3 className="section-title">{t('ruleSets.cross.title')}</h3>
        <CrossRecordThresholds value={crossRecordOf(detail.document)} />
      </div>
    </section>
  );
}
