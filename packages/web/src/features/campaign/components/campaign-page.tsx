import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import { ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { useSession } from '../../../lib/session.tsx';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { fetchCampaign } from '../api/campaign-api.ts';
import { CampaignSettings } from './campaign-settings.tsx';
import { WeeklyReportsPanel } from './weekly-reports-panel.tsx';
import { WorkReportForm } from './work-report-form.tsx';
import '../campaign.css';

export function CampaignPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const campaign = useApiQuery((s) => fetchCampaign(s), []);
  const isCityTeam = session.status === 'authenticated' && session.user.role === 'city_member';
  return (
    <div className="page">
      <PageHeader
        title={isCityTeam ? t('campaign.cityTitle') : t('campaign.title')}
        subtitle={campaign.data?.name}
      />
      {isCityTeam ? (
        <WorkReportForm />
      ) : campaign.error ? (
        <ErrorPanel error={campaign.error} onRetry={campaign.reload} />
      ) : !campaign.data ? (
        <LoadingPanel />
      ) : (
        <>
          <CampaignSettings campaign={campaign.data} onSaved={campaign.reload} />
          <WeeklyReportsPanel />
        </>
      )}
    </div>
  );
}
