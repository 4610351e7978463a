import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { errorMessage } from '../../../lib/error-message.ts';
import { useLoads } from '../hooks/use-loads.ts';
import { useUpload } from '../hooks/use-upload.ts';
import { LoadResult } from './load-result.tsx';
import { LoadsTable } from './loads-table.tsx';
import { UploadForm } from './upload-form.tsx';
import '../loads.css';

export function LoadsPage() {
  const { t } = useTranslation();
  const loads = useLoads();
  const { state, upload } = useUpload(loads.reload);

  function history() {
    if (loads.error) return <ErrorPanel error={loads.error} onRetry={loads.reload} />;
    if (!loads.data) return <LoadingPanel />;
    if (loads.data.items.length === 0) return <EmptyPanel title={t('loads.historyEmpty')} />;
    return <LoadsTable items={loads.data.items} />;
  }

  return (
    <div className="page">
      <PageHeader title={t('loads.title')} subtitle={t('loads.subtitle')} />
      <section className="card">
        <h2 className="card__title">{t('loads.uploadTitle')}</h2>
        <div className="card__content">
          <UploadForm
            isUploading={state.status === 'uploading'}
            onUpload={(kind, file, mode) => void upload(kind, file, mode)}
          />
          {state.status === 'done' ? <LoadResult batch={state.batch} /> : null}
          {state.status === 'error' ? (
            <div className="alert alert--error" role="alert">
              {errorMessage(t, state.error)}
            </div>
          ) : null}
        </div>
      </section>
      <section className="card">
        <h2 className="card__title">{t('loads.historyTitle')}</h2>
        <div className="card__body">{history()}</div>
      </section>
    </div>
  );
}
