import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import { ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { useSession } from '../../../lib/session.tsx';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { fetchCampaign } from '../api/campaign-api.ts';
import { useSearchParams } from 'react-router';
import { CampaignSettings } from './campaign-settings.tsx';
import { CyclePanel } from './cycle-panel.tsx';
import { WeeklyReportsPanel } from './weekly-reports-panel.tsx';
import { WorkReportForm } from './work-report-form.tsx';
import '../campaign.css';

export function CampaignPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const cycleParam = Number(params.get('cycle'));
  const selected = Number.isInteger(cycleParam) && cycleParam > 0 ? cycleParam : undefined;
  const campaign = useApiQuery((s) => fetchCampaign(s, selected), [selected]);
  const isClosed = campaign.data?.status === 'closed';
  const isCityTeam = session.status === 'authenticated' && session.user.role === 'city_member';
  return (
    <div className="page">
      <PageHeader
        title={isCityTeam ? t('campaign.cityTitle') : t('campaign.title')}
        subtitle={
          campaign.data
            ? `${campaign.data.name} · ${t(`campaign.cycles.state.${campaign.data.status}`)}`
            : undefined
        }
      />
      {isCityTeam ? (
        <WorkReportForm />
      ) : campaign.error ? (
        <ErrorPanel error={campaign.error} onRetry={campaign.reload} />
      ) : !campaign.data ? (
        <LoadingPanel />
      ) : (
        <>
          <CyclePanel
            selected={campaign.data.id}
            onSelect={(id) => setParams({ cycle: String(id) })}
            onChanged={campaign.reload}
          />
          {isClosed ? <p className="notice">{t('campaign.cycles.closedNote')}</p> : null}
          {/* a closed cycle is frozen: its figures stay on the dashboard, not editable here */}
          {isClosed ? null : (
            <CampaignSettings key={campaign.data.id} campaign={campaign.data} onSaved={campaign.reload} />
          )}
          <WeeklyReportsPanel />
        </>
      )}
    </div>
  );
}
