import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import { ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { useExports, useImportFlow, useStationProgress, useUploads } from '../hooks/use-worksheets.ts';
import { ExportForm } from './export-form.tsx';
import { serverMessage } from './server-message.ts';
import { StationProgressTable } from './station-progress.tsx';
import { UploadDrop } from './upload-drop.tsx';
import { UploadPreview } from './upload-preview.tsx';
import { ExportHistory, UploadHistory } from './worksheet-history.tsx';
import '../worksheets.css';

export function WorksheetsPage() {
  const { t, i18n } = useTranslation();
  const exports = useExports();
  const uploads = useUploads();
  const stations = useStationProgress();
  const reloadStations = stations.reload;
  const reloadExports = exports.reload;
  const reloadUploads = uploads.reload;
  // an export sends rows out, a commit brings them back: both move the station figures
  const exported = useCallback(() => {
    reloadExports();
    reloadStations();
  }, [reloadExports, reloadStations]);
  const refresh = useCallback(() => {
    exported();
    reloadUploads();
  }, [exported, reloadUploads]);
  const { step, upload, commit, discard, reset } = useImportFlow(refresh);

  function importArea() {
    switch (step.status) {
      case 'idle':
      case 'error':
      case 'discarded':
        return (
          <>
            {step.status === 'discarded' ? (
              <div className="alert alert--success" role="status" data-testid="worksheet-discarded">
                {t('worksheets.upload.discarded')}
              </div>
            ) : null}
            <UploadDrop isBusy={false} onFile={(f) => void upload(f)} />
            {step.status === 'error' ? (
              <div className="alert alert--error" role="alert" data-testid="worksheet-error">
                {serverMessage(t, i18n.language, step.error)}
              </div>
            ) : null}
          </>
        );
      case 'uploading':
        return <LoadingPanel label={t('worksheets.upload.uploading', { file: step.fileName })} />;
      case 'previewed':
      case 'committing':
      case 'discarding': {
        const current = step.upload;
        const isBusy = step.status !== 'previewed';
        return (
          <>
            <UploadPreview
              upload={current}
              isCommitting={step.status === 'committing'}
              onCommit={() => void commit(current)}
              onDiscard={isBusy ? undefined : () => void discard(current)}
            />
            <div className="upload-replace">
              <span className="muted small">{t('worksheets.upload.replace')}</span>
              <UploadDrop isBusy={isBusy} isCompact onFile={(f) => void upload(f, current)} />
            </div>
          </>
        );
      }
      case 'committed':
        return (
          <>
            <div className="alert alert--success" role="status" data-testid="worksheet-committed">
              {step.alreadyCommitted
                ? t('worksheets.alreadyCommitted')
                : t('worksheets.committed', { applied: step.applied, conflicts: step.conflicts })}
            </div>
            <UploadPreview upload={step.upload} isCommitting={false} onCommit={null} />
            <button type="button" className="button" onClick={reset}>
              {t('worksheets.another')}
            </button>
          </>
        );
    }
  }

  return (
    <div className="page">
      <PageHeader title={t('worksheets.title')} subtitle={t('worksheets.subtitle')} />
      <section className="card">
        <h2 className="card__title">{t('worksheets.export.title')}</h2>
        <div className="card__content">
          <ExportForm onExported={exported} />
        </div>
      </section>
      <section className="card">
        <h2 className="card__title">{t('worksheets.upload.title')}</h2>
        <div className="card__content">{importArea()}</div>
      </section>
      <section className="card" data-testid="station-progress-card">
        <h2 className="card__title">{t('worksheets.stations.title')}</h2>
        <p className="card__toolbar muted small">{t('worksheets.stations.hint')}</p>
        <div className="card__body">
          {stations.error ? (
            <ErrorPanel error={stations.error} onRetry={stations.reload} />
          ) : stations.data ? (
            <StationProgressTable items={stations.data.items} />
          ) : (
            <LoadingPanel />
          )}
        </div>
      </section>
      <section className="card">
        <h2 className="card__title">{t('worksheets.uploads')}</h2>
        <div className="card__body">
          {uploads.error ? (
            <ErrorPanel error={uploads.error} onRetry={uploads.reload} />
          ) : uploads.data ? (
            <UploadHistory items={uploads.data.items} />
          ) : (
            <LoadingPanel />
          )}
        </div>
      </section>
      <section className="card">
        <h2 className="card__title">{t('worksheets.exports')}</h2>
        <div className="card__body">
          {exports.error ? (
            <ErrorPanel error={exports.error} onRetry={exports.reload} />
          ) : exports.data ? (
            <ExportHistory items={exports.data.items} onExported={exported} />
          ) : (
            <LoadingPanel />
          )}
        </div>
      </section>
    </div>
  );
}
