import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api-client.ts';
import { errorMessage } from '../../../lib/error-message.ts';
import { formatCode, formatNumber } from '../../../lib/format.ts';
import { sendPlan, type SendPlanResult, type SmsPlan, type TemplateInfo } from '../api/sms-api.ts';

/** The text (placeholders only, never the full name or ID number) and the send button of a plan. */
export function SendPanel({ plan, info, onSent }: { plan: SmsPlan; info: TemplateInfo; onSent: () => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [template, setTemplate] = useState(info.template);
  const [state, setState] = useState<{ busy: boolean; result?: SendPlanResult; error?: unknown }>({
    busy: false,
  });
  // Real messages to real customers cannot be called back: the count is confirmed before queuing.
  const [isConfirming, setIsConfirming] = useState(false);
  useEffect(() => {
    setState({ busy: false });
    setIsConfirming(false);
  }, [plan.id]);
  const n = (v: number) => formatNumber(v, i18n.language);

  async function send() {
    setIsConfirming(false);
    setState({ busy: true });
    try {
      const result = await sendPlan(plan.id, template);
      setState({ busy: false, result });
      onSent();
    } catch (error) {
      setState({ busy: false, error });
    }
  }

  return (
    <div className="sms-send" data-testid="sms-send">
      <div className="field">
        <label className="field__label" htmlFor={`${id}-text`}>
          {t('sms.send.template')}
        </label>
        <textarea
          id={`${id}-text`}
          className="input sms-send__text"
          rows={3}
          value={template}
          onChange={(e) => setTemplate(e.target.value)}
        />
        <p className="field__hint">
          {t('sms.send.placeholders', { list: info.placeholders.map((p) => `{${p}}`).join(' ') })}{' '}
          {t('sms.send.window', {
            start: info.window.startHour,
            end: info.window.endHour,
            rate: info.ratePerSecond || '∞',
            provider: formatCode('smsProvider', info.provider, i18n.language),
          })}
        </p>
      </div>
      {isConfirming ? (
        <div
          className="alert alert--warning sms-send__confirm"
          role="alertdialog"
          aria-labelledby={`${id}-confirm`}
          data-testid="sms-send-confirm"
        >
          <p id={`${id}-confirm`}>
            {t('sms.send.confirm', {
              count: n(plan.members),
              provider: formatCode('smsProvider', info.provider, i18n.language),
            })}
          </p>
          <div className="toolbar">
            <button type="button" className="button button--primary" onClick={() => void send()}>
              {t('sms.send.confirmSubmit', { count: n(plan.members) })}
            </button>
            <button type="button" className="button" onClick={() => setIsConfirming(false)}>
              {t('sms.send.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          className="button button--primary"
          disabled={state.busy}
          onClick={() => setIsConfirming(true)}
        >
          {state.busy ? t('sms.send.sending') : t('sms.send.submit', { count: plan.members })}
        </button>
      )}
      {state.result ? (
        <div className="alert alert--success" role="status" data-testid="sms-send-result">
          {t('sms.send.result', {
            queued: n(state.result.queued),
            already: n(state.result.alreadyQueued),
            skipped: n(state.result.skipped.length),
          })}
        </div>
      ) : null}
      {state.error ? (
        <div className="alert alert--error" role="alert">
          {state.error instanceof ApiError && state.error.code === 'validation_failed'
            ? state.error.message
            : errorMessage(t, state.error)}
        </div>
      ) : null}
    </div>
  );
}
