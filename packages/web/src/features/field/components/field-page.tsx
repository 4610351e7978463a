// 现场核实 — field verification, phone first. A city team member picks a station, finds a customer
// by 户号, name or address, records the worksheet's verdict, and moves on. Entries are kept on the
// device first (hooks/field-queue.ts) and sent from there, so a lost signal loses nothing; the
// station's list is kept too, so customers can still be found and recorded without a signal.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { formatNumber } from '../../../lib/format.ts';
import { useCurrentUser } from '../../../lib/session.tsx';
import {
  listCustomers,
  listEntries,
  listStations,
  type FieldCustomer,
  type FieldStation,
} from '../api/field-api.ts';
import { newEntryKey, useFieldQueue, type QueuedEntry } from '../hooks/field-queue.ts';
import { EntryForm, type EntryDraft } from './entry-form.tsx';
import { DeviceEntries } from './device-entries.tsx';
import '../field.css';

const STATIONS_KEY = 'qingyuan.field.stations';
const listKey = (station: string) => `qingyuan.field.list.${station}`;

function cached<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}
function keep(key: string, value: unknown) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or disabled: the list is only a convenience offline
  }
}

/** The same search the server does, over the list kept on the device. */
function matches(c: FieldCustomer, q: string) {
  return !q || c.customerNo.startsWith(q) || c.name.includes(q) || c.address.includes(q);
}

function registerShell() {
  // the app shell, so the page opens again without a signal (public/sw.js)
  if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}

export function FieldPage() {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const queue = useFieldQueue(user.id);
  const [stations, setStations] = useState<FieldStation[]>(() => cached(STATIONS_KEY) ?? []);
  const [station, setStation] = useState<string>(() => cached<FieldStation[]>(STATIONS_KEY)?.[0]?.code ?? '');
  const [q, setQ] = useState('');
  const [list, setList] = useState<{ items: FieldCustomer[]; total: number; isLocal: boolean } | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState<{ customer: FieldCustomer; draft?: EntryDraft; key?: string } | null>(
    null,
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [today, setToday] = useState<number | null>(null);

  useEffect(registerShell, []);

  useEffect(() => {
    listStations().then(
      ({ items }) => {
        keep(STATIONS_KEY, items);
        setStations(items);
        setStation((s) => (s && items.some((i) => i.code === s) ? s : (items[0]?.code ?? '')));
      },
      () => undefined, // offline: the stations kept on the device
    );
  }, []);

  // the station's list: from the server when it answers (kept for offline), else the kept copy
  useEffect(() => {
    if (!station) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      listCustomers(station, q.trim(), controller.signal).then(
        (page) => {
          if (!q.trim()) keep(listKey(station), page.items);
          setFailed(false);
          setList({ ...page, isLocal: false });
        },
        (cause: unknown) => {
          if (controller.signal.aborted) return;
          const local = cached<FieldCustomer[]>(listKey(station));
          if (cause instanceof ApiError && cause.code === 'network' && local) {
            const items = local.filter((c) => matches(c, q.trim()));
            setList({ items, total: items.length, isLocal: true });
          } else setFailed(true);
        },
      );
    }, 250);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [station, q, queue.sent, queue.isOnline]);

  useEffect(() => {
    if (!queue.isOnline) return;
    const controller = new AbortController();
    listEntries(controller.signal).then(
      (l) => setToday(l.today),
      () => undefined,
    );
    return () => controller.abort();
  }, [queue.sent, queue.isOnline]);

  const cachedCount = useMemo(() => cached<FieldCustomer[]>(listKey(station))?.length ?? 0, [station, list]);

  const save = (customer: FieldCustomer, draft: EntryDraft, key?: string) => {
    const entry: Omit<QueuedEntry, 'status'> = {
      key: key ?? newEntryKey(),
      customerId: customer.id,
      version: customer.version,
      result: draft.result,
      corrections: draft.corrections,
      note: draft.note,
      recordedAt: new Date().toISOString(),
      customer: { customerNo: customer.customerNo, name: customer.name, address: customer.address },
    };
    queue.record(entry);
    setOpen(null);
    setNotice(queue.isOnline ? t('field.savedOnline') : t('field.savedOffline'));
  };

  const draftOf = (e: QueuedEntry): EntryDraft => ({
    result: e.result,
    corrections: e.corrections,
    note: e.note,
  });
  const customerOf = (e: QueuedEntry) => list?.items.find((c) => c.id === e.customerId);

  return (
    <div className="page field-page">
      <PageHeader title={t('field.title')} subtitle={t('field.subtitle')} />
      <div className="field-status" data-testid="field-status">
        <span
          className={`badge ${queue.isOnline ? 'badge--success' : 'badge--warning'}`}
          data-testid="field-online"
        >
          {queue.isOnline ? t('field.online') : t('field.offline')}
        </span>
        <span data-testid="field-pending" data-count={queue.pending}>
          {t('field.pending', { count: queue.pending })}
        </span>
        <span data-testid="field-sent" data-count={queue.sent}>
          {t('field.sent', { count: queue.sent })}
        </span>
        {today !== null ? <span className="field-muted">{t('field.today', { count: today })}</span> : null}
      </div>
      {notice ? (
        <p className="alert alert--success" role="status" data-testid="field-notice">
          {notice}
        </p>
      ) : null}
      {open ? (
        <EntryForm
          customer={open.customer}
          initial={open.draft}
          isOnline={queue.isOnline}
          onCancel={() => setOpen(null)}
          onSave={(draft) => save(open.customer, draft, open.key)}
        />
      ) : (
        <>
          <section className="card field-search">
            {stations.length > 1 ? (
              <label className="field">
                <span className="field__label">{t('field.station')}</span>
                <select className="select" value={station} onChange={(e) => setStation(e.target.value)}>
                  {stations.map((s) => (
                    <option key={s.code} value={s.code}>
                      {s.countyName ? `${s.countyName} · ` : ''}
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : stations[0] ? (
              <p className="field-muted">{stations[0].name}</p>
            ) : null}
            <label className="field">
              <span className="field__label">{t('field.search')}</span>
              <input
                className="input"
                type="search"
                data-testid="field-search"
                placeholder={t('field.searchPlaceholder')}
                value={q}
                onChange={(e) => {
                  setQ(e.target.value);
                  setNotice(null);
                }}
              />
            </label>
            {list?.isLocal ? (
              <p className="field__hint">{t('field.searchOffline', { count: cachedCount })}</p>
            ) : null}
          </section>
          {failed ? <p className="alert alert--error">{t('field.loadFailed')}</p> : null}
          {list ? (
            <>
              <p className="field-muted">
                {t('field.shown', {
                  shown: formatNumber(list.items.length, i18n.language),
                  total: formatNumber(list.total, i18n.language),
                })}
              </p>
              {list.items.length === 0 ? <p className="field-muted">{t('field.noCustomers')}</p> : null}
              <ul className="field-list" data-testid="field-list">
                {list.items.map((c) => (
                  <li key={c.id}>
                    <button
                      type="button"
                      className="field-customer"
                      data-testid="field-customer"
                      data-customer-no={c.customerNo}
                      onClick={() => {
                        setNotice(null);
                        setOpen({ customer: c });
                      }}
                    >
                      <span className="field-customer__top">
                        <strong>{c.name}</strong>
                        <span className="badge badge--muted">{t(`field.states.${c.state ?? 'none'}`)}</span>
                      </span>
                      <span className="field-muted">{c.customerNo}</span>
                      <span>{c.address}</span>
                      <span className="field-muted">
                        {c.findings.length > 0
                          ? t('field.findings', { count: c.findings.length })
                          : t('field.noFindings')}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <DeviceEntries
            entries={queue.entries}
            isOnline={queue.isOnline}
            onSendNow={() => void queue.flush()}
            onDismiss={queue.dismiss}
            onEdit={(e) => {
              const customer = customerOf(e);
              if (customer) setOpen({ customer, draft: draftOf(e), key: e.key });
            }}
            onRedo={(e) => {
              // a conflict: the record changed; verify again on what it holds now, under a new key
              const customer = customerOf(e);
              if (!customer) return setQ(e.customer.customerNo);
              queue.dismiss(e.key);
              setOpen({ customer, draft: draftOf(e) });
            }}
          />
        </>
      )}
    </div>
  );
}
