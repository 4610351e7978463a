import { useTranslation } from 'react-i18next';
import type { CallField, FieldVerdict, Verdict } from '../api/calls-api.ts';

const VERDICT_KEYS: [Verdict, string][] = [
  ['correct', 'Y'],
  ['wrong', 'X'],
  ['unreachable', 'U'],
];

export function FieldVerdictRow({
  field,
  current,
  input,
  isActive,
  isLocked,
  problem,
  inputRef,
  onActivate,
  onVerdict,
  onValue,
}: {
  field: CallField;
  current: string;
  input: FieldVerdict | undefined;
  isActive: boolean;
  isLocked: boolean;
  problem: string | undefined;
  inputRef: (el: HTMLInputElement | null) => void;
  onActivate: () => void;
  onVerdict: (verdict: Verdict) => void;
  onValue: (value: string) => void;
}) {
  const { t } = useTranslation();
  const verdict = input?.verdict;
  return (
    <div
      className={`call-field${isActive ? ' is-active' : ''}${verdict ? ` is-${verdict}` : ''}`}
      data-testid={`call-field-${field}`}
      data-verdict={verdict ?? ''}
      onClick={onActivate}
    >
      <div className="call-field__label">{t(`calls.fields.${field}`)}</div>
      <div className="call-field__current">{current || t('common.dash')}</div>
      <div className="call-field__verdicts" role="radiogroup" aria-label={t(`calls.fields.${field}`)}>
        {VERDICT_KEYS.map(([v, key]) => (
          <button
            key={v}
            type="button"
            role="radio"
            aria-checked={verdict === v}
            className={`button button--small call-verdict call-verdict--${v}${verdict === v ? ' is-selected' : ''}`}
            disabled={isLocked}
            onClick={() => onVerdict(v)}
          >
            {t(`calls.verdicts.${v}`)}
            {isActive ? <kbd>{key}</kbd> : null}
          </button>
        ))}
      </div>
      {verdict === 'wrong' ? (
        <input
          ref={inputRef}
          className="input call-field__input"
          data-testid={`call-value-${field}`}
          aria-label={t('calls.workbench.correctedValue', { field: t(`calls.fields.${field}`) })}
          placeholder={t('calls.workbench.correctedPlaceholder')}
          value={input?.value ?? ''}
          disabled={isLocked}
          onChange={(e) => onValue(e.target.value)}
        />
      ) : null}
      {problem ? (
        <div className="call-field__problem" role="alert">
          {problem}
        </div>
      ) : null}
    </div>
  );
}
