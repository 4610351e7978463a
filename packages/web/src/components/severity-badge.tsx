import { useTranslation } from 'react-i18next';

export type Severity = 'error' | 'warning' | 'info';

const TONE: Record<Severity, string> = {
  error: 'badge--danger',
  warning: 'badge--warning',
  info: 'badge--info',
};

/** 错误 / 警告 / 提示: the same three colours wherever a finding or a rule shows its severity. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${TONE[severity] ?? ''}`}>
      {t(`severity.${severity}`, { defaultValue: severity })}
    </span>
  );
}
