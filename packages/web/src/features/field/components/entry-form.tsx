// One customer and the verdict a field team member records for it: the worksheet's five results;
// with 已更正, boxes for the values to correct, each judged by the rules engine (POST
// /field/check) as it is typed and when it is left. Offline, the boxes say the check comes when
// the entry is sent; the entry is kept either way.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FIELD_CORRECTIONS, FIELD_RESULTS } from '@qingyuan/contract/field-values';
import {
  checkValues,
  type FieldCheckResponse,
  type FieldCorrections,
  type FieldCustomer,
  type FieldResult,
} from '../api/field-api.ts';
import { isAbortError } from '../../../lib/api-client.ts';

type Correctable = (typeof FIELD_CORRECTIONS)[number];

export interface EntryDraft {
  result: FieldResult;
  corrections: FieldCorrections;
  note: string;
}

/** The last check, for the values it judged (`of`): an answer for other values is not used. */
type Check =
  { state: 'idle' | 'checking' | 'offline' } | { state: 'done'; of: string; answer: FieldCheckResponse };

export function EntryForm({
  customer,
  initial,
  isOnline,
  onSave,
  onCancel,
}: {
  customer: FieldCustomer;
  initial?: EntryDraft;
  isOnline: boolean;
  onSave: (draft: EntryDraft) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [result, setResult] = useState<FieldResult | null>(initial?.result ?? null);
  const [values, setValues] = useState<FieldCorrections>(initial?.corrections ?? {});
  const [note, setNote] = useState(initial?.note ?? '');
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [problem, setProblem] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const controller = useRef<AbortController | null>(null);
  const isEn = i18n.language === 'en';

  const filled = Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined && v.trim() !== ''),
  ) as FieldCorrections;
  const filledKey = JSON.stringify(filled);

  const runCheck = () => {
    window.clearTimeout(timer.current);
    controller.current?.abort();
    if (Object.keys(filled).length === 0) return setCheck({ state: 'idle' });
    if (!isOnline) return setCheck({ state: 'offline' });
    const c = new AbortController();
    const of = filledKey;
    controller.current = c;
    setCheck({ state: 'checking' });
    checkValues(customer.id, filled, c.signal).then(
      (answer) => !c.signal.aborted && setCheck({ state: 'done', of, answer }),
      (cause: unknown) => !isAbortError(cause) && setCheck({ state: 'offline' }),
    );
  };

  // as typed: half a second after the last key
  useEffect(() => {
    if (result !== 'corrected') return;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(runCheck, 500);
    return () => window.clearTimeout(timer.current);
  }, [filledKey, result, isOnline]);

  const errorsOf = (field: Correctable) =>
    check.state === 'done' ? check.answer.errors.filter((e) => e.field === field) : [];
  // values the rules refused as they stand now; an unchecked value is checked again when sent
  const hasErrors = check.state === 'done' && check.of === filledKey && check.answer.errors.length > 0;

  const save = () => {
    if (!result) return setProblem(t('field.chooseResult'));
    if (result === 'corrected' && Object.keys(filled).length === 0) return setProblem(t('field.needValue'));
    if (result === 'corrected' && hasErrors) return setProblem(t('field.saveBlocked'));
    onSave({ result, corrections: result === 'corrected' ? filled : {}, note: note.trim() });
  };

  return (
    <section className="card field-form" data-testid="field-form" aria-label={t('field.record')}>
      <div className="field-form__head">
        <button type="button" className="button button--ghost button--small" onClick={onCancel}>
          ← {t('field.back')}
        </button>
        <div>
          <strong>{customer.name}</strong> <span className="field-muted">{customer.customerNo}</span>
        </div>
      </div>
      <dl className="field-current" aria-label={t('field.current')}>
        {FIELD_CORRECTIONS.map((f) => (
          <div key={f}>
            <dt>{t(`field.fields.${f}`)}</dt>
            <dd>{customer[f] || '—'}</dd>
          </div>
        ))}
      </dl>
      {customer.findings.length > 0 ? (
        <ul className="field-findings">
          {customer.findings.map((f, i) => (
            <li key={i}>{isEn ? f.en : f.zh}</li>
          ))}
        </ul>
      ) : null}
      <fieldset className="field-verdicts">
        <legend>{t('field.verdict')}</legend>
        {FIELD_RESULTS.map((r) => (
          <label key={r} className={`field-verdict${result === r ? ' is-active' : ''}`}>
            <input
              type="radio"
              name="field-result"
              value={r}
              checked={result === r}
              onChange={() => {
                setResult(r);
                setProblem(null);
              }}
            />
            {t(`field.results.${r}`)}
          </label>
        ))}
      </fieldset>
      {result === 'corrected' ? (
        <div className="field-corrections">
          <p className="field__hint">{t('field.correctedHint')}</p>
          {FIELD_CORRECTIONS.map((f) => {
            const errors = errorsOf(f);
            const stored =
              check.state === 'done' ? check.answer.values.find((v) => v.field === f) : undefined;
            const same = check.state === 'done' && check.answer.unchanged.includes(f);
            const typed = filled[f];
            return (
              <label key={f} className="field">
                <span className="field__label">
                  {t('field.corrected', { field: t(`field.fields.${f}`) })}
                </span>
                <input
                  className="input"
                  data-testid={`field-value-${f}`}
                  value={values[f] ?? ''}
                  inputMode={f === 'mobile' || f === 'landline' ? 'tel' : undefined}
                  aria-invalid={errors.length > 0}
                  onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
                  onBlur={runCheck}
                />
                {typed ? (
                  <span
                    className={`field-check${errors.length > 0 || same ? ' field-check--bad' : ''}`}
                    data-testid={`field-check-${f}`}
                  >
                    {check.state === 'checking'
                      ? t('field.checking')
                      : check.state === 'offline'
                        ? t('field.checkOffline')
                        : errors.length > 0
                          ? errors.map((e) => (isEn ? e.en : e.zh)).join('；')
                          : same
                            ? t('field.unchanged')
                            : stored && stored.value !== typed.trim()
                              ? t('field.willStore', { value: stored.value })
                              : check.state === 'done'
                                ? t('field.valueOk')
                                : ''}
                  </span>
                ) : null}
              </label>
            );
          })}
        </div>
      ) : null}
      <label className="field">
        <span className="field__label">{t('field.note')}</span>
        <input className="input" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      </label>
      {problem ? (
        <p className="alert alert--error" role="alert">
          {problem}
        </p>
      ) : null}
      <button
        type="button"
        className="button button--primary button--block"
        data-testid="field-save"
        onClick={save}
      >
        {t('field.save')}
      </button>
    </section>
  );
}
