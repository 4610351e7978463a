// The entries typed on this device, kept in localStorage until the server has them. Each entry
// has its own key (the server's idempotency key): an entry sent twice — the answer lost with the
// signal, a second tab, a reload mid-send — is applied once. Sending stops at the first network
// failure and starts again when the browser says it is online, every 20 s while entries wait,
// and after each new entry.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../lib/api-client.ts';
import { sendEntry, type FieldCorrections, type FieldResult } from '../api/field-api.ts';

export type EntryStatus = 'pending' | 'sent' | 'conflict' | 'refused';

export interface QueuedEntry {
  key: string;
  customerId: string;
  version: number;
  result: FieldResult;
  corrections: FieldCorrections;
  note: string;
  recordedAt: string;
  /** what the list shows while the server has not answered */
  customer: { customerNo: string; name: string; address: string };
  status: EntryStatus;
  /** why the server refused it (zh / en as the API wrote it) */
  message?: string;
}

const KEEP_SENT = 500;
const RETRY_MS = 20_000;

/**
 * Where a user's entries live: those not yet accepted under a key that survives signing out
 * (user-storage.ts), the sent ones under one that does not.
 */
export const queueKey = (userId: string | number) => `qingyuan.field.queue.${userId}`;
const sentKey = (userId: string | number) => `qingyuan.field.sent.${userId}`;

function read(key: string): QueuedEntry[] {
  try {
    const raw = localStorage.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as QueuedEntry[]) : [];
  } catch {
    return [];
  }
}

const load = (userId: string | number) => [...read(queueKey(userId)), ...read(sentKey(userId))];

function save(userId: string | number, entries: QueuedEntry[]): void {
  const open = entries.filter((e) => e.status !== 'sent');
  const sent = entries.filter((e) => e.status === 'sent').slice(-KEEP_SENT);
  localStorage.setItem(queueKey(userId), JSON.stringify(open));
  localStorage.setItem(sentKey(userId), JSON.stringify(sent));
}

export function newEntryKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

export function useFieldQueue(userId: string | number) {
  const key = userId;
  const [entries, setEntries] = useState<QueuedEntry[]>(() => load(key));
  const [isOnline, setIsOnline] = useState(() => navigator.onLine);
  const [sentCount, setSentCount] = useState(() => load(key).filter((e) => e.status === 'sent').length);
  const flushing = useRef(false);

  /** Re-reads storage, changes it and writes it back: the stored list is the truth, not state. */
  const update = useCallback(
    (change: (all: QueuedEntry[]) => QueuedEntry[]) => {
      const next = change(load(key));
      save(key, next);
      setEntries(load(key));
      setSentCount(next.filter((e) => e.status === 'sent').length);
    },
    [key],
  );

  const flush = useCallback(async () => {
    if (flushing.current) return;
    flushing.current = true;
    try {
      for (;;) {
        const next = load(key).find((e) => e.status === 'pending');
        if (!next) break;
        let status: EntryStatus;
        let message: string | undefined;
        try {
          const answer = await sendEntry({
            key: next.key,
            customerId: next.customerId,
            version: next.version,
            result: next.result,
            corrections: next.corrections,
            ...(next.note ? { note: next.note } : {}),
            recordedAt: next.recordedAt,
          } as Parameters<typeof sendEntry>[0]);
          status = answer.outcome === 'conflict' ? 'conflict' : 'sent';
          setIsOnline(true);
        } catch (cause) {
          // refused for what it says (bad value, another region, key reused): the person decides;
          // no answer, 5xx or an expired session: it waits, as typed
          if (cause instanceof ApiError && [400, 404, 409].includes(cause.status)) {
            status = 'refused';
            message = cause.message;
          } else {
            if (cause instanceof ApiError && cause.status === 0) setIsOnline(false);
            break;
          }
        }
        update((all) => all.map((e) => (e.key === next.key ? { ...e, status, message } : e)));
      }
    } finally {
      flushing.current = false;
    }
  }, [key, update]);

  useEffect(() => {
    const online = () => {
      setIsOnline(true);
      void flush();
    };
    const offline = () => setIsOnline(false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    void flush();
    const timer = window.setInterval(() => {
      if (load(key).some((e) => e.status === 'pending')) void flush();
    }, RETRY_MS);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      window.clearInterval(timer);
    };
  }, [flush, key]);

  /** Keeps an entry (new, or an edit of a refused one under its own key) and tries to send it. */
  const record = useCallback(
    (entry: Omit<QueuedEntry, 'status'>) => {
      update((all) => [...all.filter((e) => e.key !== entry.key), { ...entry, status: 'pending' }]);
      void flush();
    },
    [flush, update],
  );

  const dismiss = useCallback(
    (entryKey: string) => update((all) => all.filter((e) => e.key !== entryKey)),
    [update],
  );

  return {
    entries,
    pending: entries.filter((e) => e.status === 'pending').length,
    sent: sentCount,
    needsAttention: entries.filter((e) => e.status === 'conflict' || e.status === 'refused'),
    isOnline,
    record,
    dismiss,
    flush,
  };
}
