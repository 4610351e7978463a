// The agent's one screen: the customer, the call result, a verdict per field, save. Everything
// has a key (shown beside it), so a call can be recorded without the mouse.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { CALL_FIELDS, CALL_RESULTS, listCallPlans, type Call, type CallField } from '../api/calls-api.ts';
import { useCallWorkbench, type SaveState } from '../hooks/use-call-workbench.ts';
import { CallPlanOptions } from './call-plan-options.tsx';
import { FieldVerdictRow } from './field-verdict-row.tsx';

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA');

/** The zh or en half of a bilingual server message "中文 / English". */
const half = (message: string, language: string) => {
  const parts = message.split(' / ');
  return parts.length === 2 ? (language === 'en' ? parts[1]! : parts[0]!) : message;
};

export function CallWorkbench() {
  const { t, i18n } = useTranslation();
  // The plan whose queue the agent works: the newest by default (as the server picks it), or one
  // chosen from the list, e.g. to finish an older plan's sample.
  const [planId, setPlanId] = useState<string | undefined>(undefined);
  const plans = useApiQuery((signal) => listCallPlans(signal), []);
  const wb = useCallWorkbench(planId);
  const [active, setActive] = useState(0);
  const inputs = useRef<Record<CallField, HTMLInputElement | null>>({
    name: null,
    mobile: null,
    landline: null,
    address: null,
  });
  const [focusField, setFocusField] = useState<CallField | null>(null);
  const draft = wb.draft;
  const isAnswered = draft?.result === 'answered';
  const canNext = !wb.isLoading && !wb.isLocked && (!wb.call || wb.save.status === 'saved' || !draft);
  const planItems = plans.data?.items ?? [];

  // A plan just chosen (only the picker sets planId): bring its next call; the hook's `next`
  // now asks for that plan.
  useEffect(() => {
    if (planId !== undefined) void wb.next();
    // only when the chosen plan changes
  }, [planId]);

  useEffect(() => {
    if (focusField) {
      inputs.current[focusField]?.focus();
      setFocusField(null);
    }
  }, [focusField, draft]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.altKey) return;
      const save = (e.ctrlKey || e.metaKey) && e.key === 'Enter';
      if (save) {
        e.preventDefault();
        void wb.submit();
        return;
      }
      if (isTyping(e.target)) {
        if (e.key === 'Escape' || e.key === 'Enter') (e.target as HTMLElement).blur();
        return;
      }
      if (e.ctrlKey || e.metaKey) return;
      const key = e.key.toLowerCase();
      const field = CALL_FIELDS[active]!;
      if (key === 'n' && canNext) void wb.next();
      else if (/^[1-5]$/.test(key)) wb.setResult(CALL_RESULTS[Number(key) - 1]!);
      else if (!isAnswered) {
        if (key === 's') void wb.submit();
        return;
      } else if (key === 'arrowdown' || key === 'j')
        setActive((a) => Math.min(CALL_FIELDS.length - 1, a + 1));
      else if (key === 'arrowup' || key === 'k') setActive((a) => Math.max(0, a - 1));
      else if (key === 'y') {
        wb.setVerdict(field, 'correct');
        setActive((a) => Math.min(CALL_FIELDS.length - 1, a + 1));
      } else if (key === 'x') {
        wb.setVerdict(field, 'wrong');
        setFocusField(field);
      } else if (key === 'u') wb.setVerdict(field, 'unreachable');
      else if (key === 'a') wb.markRestCorrect(CALL_FIELDS);
      else if (key === 's') void wb.submit();
      else return;
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const problemOf = (field: CallField) => {
    if (wb.save.status !== 'refused') return undefined;
    const p = wb.save.problems.find((x) => x.field === field);
    return p ? (i18n.language === 'en' ? p.en : p.zh) : undefined;
  };

  return (
    <div className="page calls-workbench">
      <PageHeader
        title={t('calls.workbench.title')}
        subtitle={t('calls.workbench.subtitle')}
        actions={
          <>
            {planItems.length > 0 ? (
              <label className="field calls-workbench__plan">
                <span>{t('calls.workbench.plan')}</span>
                <select
                  className="input"
                  data-testid="call-plan"
                  value={planId ?? planItems[0]!.id}
                  disabled={!canNext}
                  onChange={(e) => setPlanId(e.target.value)}
                >
                  <CallPlanOptions plans={planItems} />
                </select>
              </label>
            ) : null}
            {wb.call ? (
              <button
                type="button"
                className="button"
                data-testid="call-skip"
                disabled={wb.save.status === 'saving' || wb.save.status === 'retrying'}
                onClick={() => void wb.skip()}
              >
                {t('calls.workbench.skip')}
              </button>
            ) : null}
            <button
              type="button"
              className="button button--primary"
              data-testid="call-next"
              disabled={!canNext}
              onClick={() => void wb.next()}
            >
              {t('calls.workbench.next')} <kbd>N</kbd>
            </button>
          </>
        }
      />
      {wb.remaining !== null ? (
        <p className="calls-workbench__remaining" data-testid="call-remaining">
          {t('calls.workbench.remaining', { count: wb.remaining })}
          {wb.doneToday !== null ? (
            <span data-testid="call-done-today" data-count={wb.doneToday}>
              {' · '}
              {t('calls.workbench.doneToday', { count: wb.doneToday })}
            </span>
          ) : null}
        </p>
      ) : null}
      {wb.loadError instanceof ApiError && wb.loadError.code === 'not_found' ? (
        <EmptyPanel title={t('calls.workbench.noPlan')} hint={t('calls.workbench.noPlanHint')} />
      ) : wb.loadError ? (
        <ErrorPanel error={wb.loadError} onRetry={() => void wb.next()} />
      ) : null}
      {wb.isLoading && !wb.call ? <LoadingPanel /> : null}
      {(!wb.call || !draft) && !wb.isLoading && !wb.loadError ? (
        <section className="card">
          <div className="card__content calls-workbench__empty" data-testid="call-empty">
            {wb.remaining === 0
              ? t('calls.workbench.queueEmpty')
              : wb.save.status === 'saved'
                ? t('calls.workbench.savedNext')
                : t('calls.workbench.start')}
            <div>
              <SaveStatus state={wb.save} language={i18n.language} />
            </div>
          </div>
        </section>
      ) : null}
      {wb.call && draft ? (
        <div className="calls-workbench__grid">
          <div className="calls-workbench__side">
            <CustomerCard call={wb.call} />
            <WhyAndScript call={wb.call} />
          </div>
          <section className="card">
            <h2 className="card__title">{t('calls.workbench.result')}</h2>
            <div className="card__content">
              <div className="call-results" role="radiogroup" aria-label={t('calls.workbench.result')}>
                {CALL_RESULTS.map((r, i) => (
                  <button
                    key={r}
                    type="button"
                    role="radio"
                    aria-checked={draft.result === r}
                    data-testid={`call-result-${r}`}
                    className={`button call-result${draft.result === r ? ' is-selected' : ''}`}
                    disabled={wb.isLocked}
                    onClick={() => wb.setResult(r)}
                  >
                    {t(`calls.results.${r}`)} <kbd>{i + 1}</kbd>
                  </button>
                ))}
              </div>
              {isAnswered ? (
                <div className="call-fields">
                  {CALL_FIELDS.map((f, i) => (
                    <FieldVerdictRow
                      key={f}
                      field={f}
                      current={wb.call![f]}
                      input={draft.fields[f]}
                      isActive={i === active}
                      isLocked={wb.isLocked}
                      problem={problemOf(f)}
                      inputRef={(el) => {
                        inputs.current[f] = el;
                      }}
                      onActivate={() => setActive(i)}
                      onVerdict={(v) => {
                        setActive(i);
                        wb.setVerdict(f, v);
                        if (v === 'wrong') setFocusField(f);
                      }}
                      onValue={(v) => wb.setValue(f, v)}
                    />
                  ))}
                </div>
              ) : draft.result ? (
                <p className="call-fields__none">{t(`calls.workbench.outcome.${draft.result}`)}</p>
              ) : null}
              <label className="field call-note">
                <span>{t('calls.workbench.note')}</span>
                <input
                  className="input"
                  value={draft.note}
                  disabled={wb.isLocked}
                  onChange={(e) => wb.setNote(e.target.value)}
                />
              </label>
              <div className="form-actions call-save">
                <button
                  type="button"
                  className="button button--primary"
                  data-testid="call-save"
                  disabled={wb.isLocked || !draft.result}
                  onClick={() => void wb.submit()}
                >
                  {t('calls.workbench.save')} <kbd>Ctrl+Enter</kbd>
                </button>
                <SaveStatus state={wb.save} language={i18n.language} onRetry={() => void wb.retryNow()} />
              </div>
            </div>
          </section>
        </div>
      ) : null}
      <KeyHints isAnswered={isAnswered} />
    </div>
  );
}

function CustomerCard({ call }: { call: Call }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card call-customer" data-testid="call-customer" data-call-id={call.id}>
      <h2 className="card__title">
        {call.name} <span className="call-customer__no">{call.customerNo}</span>
      </h2>
      <dl className="call-customer__facts card__content">
        <dt>{t('calls.fields.mobile')}</dt>
        <dd>
          <a href={`tel:${call.mobile}`} className="call-customer__phone" data-testid="call-mobile">
            {call.mobile || t('common.dash')}
          </a>
        </dd>
        <dt>{t('calls.fields.landline')}</dt>
        <dd>{call.landline ? <a href={`tel:${call.landline}`}>{call.landline}</a> : t('common.dash')}</dd>
        <dt>{t('calls.fields.address')}</dt>
        <dd>{call.address || t('common.dash')}</dd>
        <dt>{t('calls.workbench.station')}</dt>
        <dd>
          {call.stationName} · {call.countyName} · {call.cityName}
        </dd>
        <dt>{t('calls.workbench.plan')}</dt>
        <dd data-testid="call-plan-name">{call.planName}</dd>
        <dt>{t('calls.workbench.lease')}</dt>
        <dd>{formatDateTime(call.leaseExpiresAt, i18n.language)}</dd>
      </dl>
    </section>
  );
}

/** Why this customer is on the list (its findings) and what to say: the agent reads it as they dial. */
function WhyAndScript({ call }: { call: Call }) {
  const { t, i18n } = useTranslation();
  const isEn = i18n.language === 'en';
  return (
    <section className="card" data-testid="call-why">
      <h2 className="card__title">{t('calls.workbench.why')}</h2>
      <div className="card__content">
        {call.findings.length > 0 ? (
          <ul className="call-why__findings">
            {call.findings.map((f, i) => (
              <li key={i}>{isEn ? f.en : f.zh}</li>
            ))}
          </ul>
        ) : (
          <p>{t('calls.workbench.whyNoFindings', { plan: call.planName })}</p>
        )}
        <h3 className="call-why__script-title">{t('calls.workbench.script')}</h3>
        <ol className="call-why__script" data-testid="call-script">
          {(['greet', 'purpose', 'check', 'close'] as const).map((step) => (
            <li key={step}>{t(`calls.workbench.scriptSteps.${step}`, { name: call.name })}</li>
          ))}
        </ol>
      </div>
    </section>
  );
}

function SaveStatus({
  state,
  language,
  onRetry,
}: {
  state: SaveState;
  language: string;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  if (state.status === 'idle') return null;
  if (state.status === 'saving')
    return (
      <span className="call-status" role="status">
        {t('calls.workbench.saving')}
      </span>
    );
  if (state.status === 'retrying')
    return (
      <span className="call-status call-status--warn" role="status" data-testid="call-retrying">
        {t('calls.workbench.retrying', { attempt: state.attempt })}
        {onRetry ? (
          <button type="button" className="button button--small button--ghost" onClick={onRetry}>
            {t('common.retry')}
          </button>
        ) : null}
      </span>
    );
  if (state.status === 'saved')
    return (
      <span className="call-status call-status--ok" role="status" data-testid="call-saved">
        {t(`calls.workbench.saved.${state.saved.state}`)}
      </span>
    );
  const text = state.messageKey ? t(state.messageKey) : state.message ? half(state.message, language) : '';
  return (
    <span className="call-status call-status--error" role="alert" data-testid="call-refused">
      {text}
    </span>
  );
}

function KeyHints({ isAnswered }: { isAnswered: boolean }) {
  const { t } = useTranslation();
  const keys: [string, string][] = [
    ['N', 'next'],
    ['1–5', 'result'],
    ...(isAnswered
      ? ([
          ['↑ ↓', 'move'],
          ['Y', 'correct'],
          ['X', 'wrong'],
          ['U', 'unreachable'],
          ['A', 'allCorrect'],
        ] as [string, string][])
      : []),
    ['Ctrl+Enter / S', 'save'],
  ];
  return (
    <footer className="call-hints" data-testid="call-hints">
      {keys.map(([k, label]) => (
        <span key={label}>
          <kbd>{k}</kbd> {t(`calls.keys.${label}`)}
        </span>
      ))}
    </footer>
  );
}
