import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { errorMessage } from '../../../lib/error-message.ts';
import { useCurrentUser } from '../../../lib/session.tsx';
import type { RuleSetDetail } from '../api/rule-sets-api.ts';
import { useActivate, usePreview } from '../hooks/use-rule-set-actions.ts';
import { useRuleSetSearchParams } from '../hooks/use-rule-set-search-params.ts';
import { useRuleSet, useRuleSets } from '../hooks/use-rule-sets.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { RuleSetDetailCard } from './rule-set-detail.tsx';
import { RuleSetEditor } from './rule-set-editor.tsx';
import { VersionList } from './version-list.tsx';
import '../rule-sets.css';

type Notice = { kind: 'saved' | 'activated'; version: number } | null;

export function RuleSetsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const canEdit = user.role === 'admin' || user.role === 'coordinator';
  const params = useRuleSetSearchParams();
  const list = useRuleSets();
  const items = list.data?.items ?? [];
  const active = items.find((item) => item.isActive);
  const version = params.version ?? active?.version ?? null;
  const detail = useRuleSet(version);
  const current = detail.data && detail.data.version === version ? detail.data : undefined;
  const summary = items.find((item) => item.version === version);

  const [notice, setNotice] = useState<Notice>(null);
  const [isConfirming, setIsConfirming] = useState(false);
  const [withFullRun, setWithFullRun] = useState(true);
  const preview = usePreview();
  const { update } = params;
  const { reload: reloadList } = list;
  const { reload: reloadDetail } = detail;

  const onSaved = useCallback(
    (saved: RuleSetDetail) => {
      setNotice({ kind: 'saved', version: saved.version });
      preview.reset();
      update({ version: saved.version, isEditing: false });
      reloadList();
    },
    [update, reloadList, preview.reset],
  );
  const onActivated = useCallback(
    (activated: number) => {
      setIsConfirming(false);
      setNotice({ kind: 'activated', version: activated });
      reloadList();
      reloadDetail();
    },
    [reloadList, reloadDetail],
  );
  const activation = useActivate(onActivated);
  const closeConfirm = useCallback(() => {
    setIsConfirming(false);
    activation.reset();
  }, [activation.reset]);

  function main() {
    if (detail.error) return <ErrorPanel error={detail.error} onRetry={detail.reload} />;
    if (!current) return <LoadingPanel />;
    if (params.isEditing && canEdit) {
      return (
        <RuleSetEditor
          key={current.version}
          base={current}
          onSaved={onSaved}
          onCancel={() => update({ isEditing: false })}
        />
      );
    }
    return (
      <RuleSetDetailCard
        detail={current}
        canEdit={canEdit}
        preview={preview.state}
        onEdit={() => {
          setNotice(null);
          update({ isEditing: true });
        }}
        onPreview={() => void preview.run(current.version)}
        onActivate={() => setIsConfirming(true)}
      />
    );
  }

  return (
    <div className="page">
      <PageHeader
        title={t('ruleSets.title')}
        subtitle={canEdit ? t('ruleSets.subtitle') : t('ruleSets.subtitleReadOnly')}
      />
      {notice ? (
        <div className="alert alert--success" role="status" data-testid="notice">
          {t(`ruleSets.notice.${notice.kind}`, { version: notice.version })}
        </div>
      ) : null}
      <section className="card">
        <h2 className="card__title">{t('ruleSets.versions.title')}</h2>
        <div className="card__body">
          {list.error ? <ErrorPanel error={list.error} onRetry={list.reload} /> : null}
          {!list.error && !list.data ? <LoadingPanel /> : null}
          {list.data && items.length === 0 ? <EmptyPanel title={t('ruleSets.versions.empty')} /> : null}
          {items.length > 0 ? (
            <VersionList
              items={items}
              selected={version}
              onSelect={(next) => {
                preview.reset();
                update({ version: next, isEditing: false });
              }}
            />
          ) : null}
        </div>
      </section>
      {version !== null ? main() : null}
      {isConfirming && current ? (
        <ConfirmDialog
          title={t('ruleSets.confirm.title', { version: current.version })}
          confirmLabel={
            activation.state.status === 'activating'
              ? t('ruleSets.confirm.activating')
              : t('ruleSets.confirm.ok')
          }
          isBusy={activation.state.status === 'activating'}
          onConfirm={() => void activation.activate(current.version, withFullRun)}
          onCancel={closeConfirm}
        >
          <p>{t('ruleSets.confirm.body', { version: current.version, active: active?.version ?? '—' })}</p>
          {preview.state.status === 'done' && preview.state.version === current.version ? (
            <p className="muted">
              {t('ruleSets.confirm.previewed', {
                more: preview.state.preview.more,
                fewer: preview.state.preview.fewer,
              })}
            </p>
          ) : (
            <p className="muted">{t('ruleSets.confirm.notPreviewed')}</p>
          )}
          {summary && summary.note ? <p className="muted small">{summary.note}</p> : null}
          <label className="checkbox">
            <input
              type="checkbox"
              data-testid="activate-full-run"
              checked={withFullRun}
              onChange={(event) => setWithFullRun(event.target.checked)}
            />{' '}
            {t('ruleSets.confirm.fullRun')}
          </label>
          {activation.state.status === 'error' ? (
            <div className="alert alert--error" role="alert">
              {errorMessage(t, activation.state.error)}
            </div>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
