// 客户回复待处理: replies that are not a plain 1/2, for the customer's city team. Each shows the
// text, the customer and the SMS it answers; "record as correction" opens the customer's values
// (checked by the rules engine on save), "no action" closes it. Replies older than the configured
// days are red.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { errorMessage } from '../../../lib/error-message.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import {
  listReplies,
  recordCorrection,
  recordNoAction,
  type ReplyField,
  type ReplyReviewItem,
} from '../api/sms-api.ts';

const FIELDS: readonly ReplyField[] = ['address', 'name', 'mobile', 'landline'];

export function ReplyQueue() {
  const { t, i18n } = useTranslation();
  const replies = useApiQuery((signal) => listReplies(signal), []);
  const [editing, setEditing] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const done = (text: string) => {
    setMessage({ ok: true, text });
    setEditing(null);
    replies.reload();
  };
  const failed = (e: unknown) => setMessage({ ok: false, text: errorMessage(t, e) });
  const d = replies.data;
  return (
    <section className="card" data-testid="reply-queue">
      <h2 className="card__title">{t('sms.replies.title')}</h2>
      <div className="card__content">
        {d ? (
          <p data-testid="reply-counts" className={d.stale > 0 ? 'text-danger' : 'muted'}>
            {t('sms.replies.counts', { open: d.open, stale: d.stale, days: d.staleDays })}
            {d.oldestDays !== null ? ` · ${t('sms.replies.oldest', { days: d.oldestDays })}` : ''}
          </p>
        ) : null}
        {message ? (
          <div className={`alert ${message.ok ? 'alert--success' : 'alert--error'}`} role="status">
            {message.text}
          </div>
        ) : null}
        {replies.error && !d ? (
          <ErrorPanel error={replies.error} onRetry={replies.reload} />
        ) : !d ? (
          <LoadingPanel />
        ) : d.items.length === 0 ? (
          <p className="muted">{t('sms.replies.empty')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table table--compact">
              <thead>
                <tr>
                  <th>{t('sms.replies.received')}</th>
                  <th>{t('sms.replies.text')}</th>
                  <th>{t('sms.replies.customer')}</th>
                  <th>{t('sms.replies.sms')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {d.items.map((r) => (
                  <tr key={r.id} data-testid="reply-row" className={r.isStale ? 'text-danger' : undefined}>
                    <td className="nowrap">
                      {formatDateTime(r.receivedAt, i18n.language)}
                      <br />
                      <span className={r.isStale ? 'badge badge--danger' : 'badge badge--muted'}>
                        {t('sms.replies.age', { days: r.ageDays })}
                      </span>
                    </td>
                    <td>{r.text}</td>
                    <td>
                      {r.customer.name} · <span className="mono">{r.customer.customerNo}</span>
                      <br />
                      <span className="small muted">{r.customer.address}</span>
                    </td>
                    <td className="small">{r.sms.body}</td>
                    <td className="nowrap">
                      {editing === r.id ? (
                        <CorrectionForm
                          item={r}
                          onCancel={() => setEditing(null)}
                          onSave={(fields, note) =>
                            recordCorrection(r.id, { version: r.customer.version, fields, note })
                              .then((res) =>
                                done(
                                  t('sms.replies.corrected', {
                                    fields: res.corrected.map((f) => t(`sms.replies.field.${f}`)).join('、'),
                                  }),
                                ),
                              )
                              .catch(failed)
                          }
                        />
                      ) : (
                        <div className="form-actions">
                          <button
                            type="button"
                            className="button button--primary"
                            onClick={() => setEditing(r.id)}
                          >
                            {t('sms.replies.correct')}
                          </button>
                          <button
                            type="button"
                            className="button"
                            onClick={() =>
                              recordNoAction(r.id)
                                .then(() => done(t('sms.replies.closed')))
                                .catch(failed)
                            }
                          >
                            {t('sms.replies.noAction')}
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}

function CorrectionForm({
  item,
  onSave,
  onCancel,
}: {
  item: ReplyReviewItem;
  onSave: (fields: Partial<Record<ReplyField, string>>, note: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<ReplyField, string>>({
    address: item.customer.address,
    name: item.customer.name,
    mobile: item.customer.mobile,
    landline: item.customer.landline,
  });
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const changed = () =>
    Object.fromEntries(FIELDS.filter((f) => values[f] !== item.customer[f]).map((f) => [f, values[f]]));
  return (
    <form
      className="reply-form"
      data-testid="reply-correction"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void onSave(changed(), note).finally(() => setBusy(false));
      }}
    >
      {FIELDS.map((f) => (
        <label key={f} className="field">
          <span className="field__label">{t(`sms.replies.field.${f}`)}</span>
          <input
            className="input"
            name={f}
            value={values[f]}
            onChange={(e) => setValues({ ...values, [f]: e.target.value })}
          />
        </label>
      ))}
      <label className="field">
        <span className="field__label">{t('sms.replies.note')}</span>
        <input className="input" name="note" value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('sms.replies.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('sms.replies.cancel')}
        </button>
      </div>
    </form>
  );
}
