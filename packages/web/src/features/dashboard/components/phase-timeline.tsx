import { useTranslation } from 'react-i18next';
import type { CampaignDto } from '../api/dashboard-api.ts';

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** The three phases on one bar, with a marker at today. */
export function PhaseTimeline({ campaign }: { campaign: CampaignDto }) {
  const { t } = useTranslation();
  if (campaign.phases.length === 0) return <p className="muted">{t('dashboard.timeline.none')}</p>;
  const start = day(campaign.phases[0]!.startsOn);
  const end = day(campaign.phases.at(-1)!.endsOn) + 86_400_000;
  const at = (d: number) => `${Math.min(100, Math.max(0, ((d - start) / (end - start)) * 100))}%`;
  return (
    <div className="timeline" data-testid="phase-timeline">
      <div className="timeline__bar">
        {campaign.phases.map((p) => (
          <div
            key={p.phase}
            className={`timeline__phase timeline__phase--${p.phase}${campaign.currentPhase === p.phase ? ' is-current' : ''}`}
            style={{
              left: at(day(p.startsOn)),
              width: `calc(${at(day(p.endsOn) + 86_400_000)} - ${at(day(p.startsOn))})`,
            }}
          >
            <strong>{t(`dashboard.phase.${p.phase}`)}</strong>
            <span>
              {p.startsOn} ~ {p.endsOn}
            </span>
          </div>
        ))}
        <div
          className="timeline__today"
          style={{ left: at(day(campaign.today)) }}
          data-testid="timeline-today"
        >
          <span>{t('dashboard.timeline.today', { date: campaign.today })}</span>
        </div>
      </div>
    </div>
  );
}
