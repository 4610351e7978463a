// The agent's workbench state: the call in hand, the draft (mirrored to localStorage), and the
// save — retried with the same request id while the network is down, never sent twice as new.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../lib/api-client.ts';
import {
  nextCall,
  releaseCall,
  saveCallResult,
  type Call,
  type CallField,
  type CallResult,
  type CallResultResponse,
  type Verdict,
} from '../api/calls-api.ts';
import {
  dropDraft,
  emptyDraft,
  findPendingDraft,
  loadDraft,
  newRequestId,
  storeDraft,
  toBody,
  type Draft,
} from './call-draft.ts';

const RETRY_MS = 3_000;

export type FieldProblem = { field: string; zh: string; en: string };
export type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'retrying'; attempt: number }
  | { status: 'saved'; saved: CallResultResponse }
  | { status: 'refused'; messageKey?: string; message?: string; problems: FieldProblem[] };

export function useCallWorkbench(planId: string | undefined) {
  const [call, setCall] = useState<Call | null>(null);
  const [remaining, setRemaining] = useState<number | null>(null);
  const [doneToday, setDoneToday] = useState<number | null>(null);
  const [isLoading, setIsLoading] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(undefined);
  const [draft, setDraftState] = useState<Draft | null>(null);
  const [save, setSave] = useState<SaveState>({ status: 'idle' });
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const attempts = useRef(0);

  const setDraft = useCallback((next: Draft | null) => {
    setDraftState(next);
    if (next) storeDraft(next);
  }, []);

  const fetchNext = useCallback(
    async (keepDraft = false) => {
      setIsLoading(true);
      setLoadError(undefined);
      try {
        const r = await nextCall(planId);
        setCall(r.call);
        setRemaining(r.remaining);
        setDoneToday(r.doneToday);
        if (r.call) {
          const stored = loadDraft(r.call.id);
          setDraftState((current) =>
            keepDraft && current?.callId === r.call!.id ? current : (stored ?? emptyDraft(r.call!.id)),
          );
        } else setDraftState(null);
        if (!keepDraft) setSave({ status: 'idle' });
      } catch (error) {
        setLoadError(error);
      } finally {
        setIsLoading(false);
      }
    },
    [planId],
  );

  const send = useCallback(
    async (d: Draft) => {
      clearTimeout(retryTimer.current);
      const requestId = d.requestId ?? newRequestId();
      const body = toBody(d, requestId);
      if ('missing' in body) {
        setSave({ status: 'refused', messageKey: body.missing, problems: [] });
        return;
      }
      const pending = { ...d, requestId };
      setDraft(pending);
      setSave(
        attempts.current > 0 ? { status: 'retrying', attempt: attempts.current } : { status: 'saving' },
      );
      try {
        const saved = await saveCallResult(d.callId, body);
        attempts.current = 0;
        dropDraft(d.callId);
        setDraftState(null);
        setSave({ status: 'saved', saved });
        setRemaining((n) => (n === null ? n : Math.max(0, n - 1)));
      } catch (error) {
        if (!(error instanceof ApiError) || error.code === 'network' || error.status >= 500) {
          // The save may or may not have landed: keep the request id and try again.
          attempts.current++;
          setSave({ status: 'retrying', attempt: attempts.current });
          retryTimer.current = setTimeout(() => void send(pending), RETRY_MS);
          return;
        }
        attempts.current = 0;
        const unlocked = { ...pending, requestId: null };
        const reason = (error.details as { reason?: string } | undefined)?.reason;
        if (reason === 'already_recorded' || reason === 'lease_lost') {
          dropDraft(d.callId);
          setDraftState(null);
          setCall(null);
        } else setDraft(unlocked);
        const problems = Array.isArray(error.details) ? (error.details as FieldProblem[]) : [];
        setSave({
          status: 'refused',
          messageKey: reason ? `calls.workbench.conflict.${reason}` : undefined,
          message: error.message,
          problems,
        });
        // The record changed under the agent: show the new values, keep what they typed.
        if (reason === 'version_changed') await fetchNext(true);
      }
    },
    [fetchNext, setDraft],
  );

  // A save left in flight when the page closed is sent again first (same request id).
  useEffect(() => {
    const pending = findPendingDraft();
    if (pending) {
      setDraftState(pending);
      void send(pending).then(() => fetchNext(true));
    }
    return () => clearTimeout(retryTimer.current);
    // once, on mount
  }, []);

  const isLocked = draft?.requestId != null;
  const edit = useCallback(
    (change: (d: Draft) => Draft) => {
      if (!draft || isLocked) return;
      setDraft(change(draft));
      if (save.status === 'refused') setSave({ status: 'idle' });
    },
    [draft, isLocked, save.status, setDraft],
  );

  return {
    call,
    remaining,
    isLoading,
    loadError,
    draft,
    save,
    isLocked,
    doneToday,
    next: () => fetchNext(false),
    /** 跳过: release the held customer (its draft is dropped) and take the next one. */
    skip: async () => {
      if (!call || save.status === 'saving' || save.status === 'retrying') return;
      try {
        await releaseCall(call.id);
      } catch (error) {
        setLoadError(error);
        return;
      }
      dropDraft(call.id);
      await fetchNext(false);
    },
    setResult: (result: CallResult) => edit((d) => ({ ...d, result })),
    setVerdict: (field: CallField, verdict: Verdict) =>
      edit((d) => ({ ...d, fields: { ...d.fields, [field]: { ...d.fields[field], verdict } } })),
    setValue: (field: CallField, value: string) =>
      edit((d) => ({ ...d, fields: { ...d.fields, [field]: { verdict: 'wrong', value } } })),
    markRestCorrect: (fields: readonly CallField[]) =>
      edit((d) => ({
        ...d,
        fields: Object.fromEntries(fields.map((f) => [f, d.fields[f] ?? { verdict: 'correct' }])),
      })),
    setNote: (note: string) => edit((d) => ({ ...d, note })),
    submit: () => (draft && !isLocked ? send(draft) : Promise.resolve()),
    retryNow: () => (draft ? send(draft) : Promise.resolve()),
  };
}
