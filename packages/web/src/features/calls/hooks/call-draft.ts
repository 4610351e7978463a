// The agent's input for one call, kept in localStorage until the server confirms the save: a
// reload, a crash or a dropped network never loses what was typed. The request id is fixed the
// first time a save is sent and kept until a definite answer, so a retry can never apply twice.
// Logging out removes them (lib/user-storage.ts: every `qingyuan.` key but the language).
import type { CallField, CallResult, CallResultBody, FieldVerdict } from '../api/calls-api.ts';

export type Draft = {
  callId: string;
  result: CallResult | null;
  fields: Partial<Record<CallField, FieldVerdict>>;
  note: string;
  /** Set while a save is in flight or its outcome is unknown. */
  requestId: string | null;
};

const PREFIX = 'qingyuan.calls.draft.';

export const emptyDraft = (callId: string): Draft => ({
  callId,
  result: null,
  fields: {},
  note: '',
  requestId: null,
});

export function loadDraft(callId: string): Draft | null {
  try {
    const raw = localStorage.getItem(PREFIX + callId);
    return raw ? ({ ...emptyDraft(callId), ...(JSON.parse(raw) as Partial<Draft>) } as Draft) : null;
  } catch {
    return null;
  }
}

export function storeDraft(draft: Draft): void {
  try {
    localStorage.setItem(PREFIX + draft.callId, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the draft lives in memory only.
  }
}

export function dropDraft(callId: string): void {
  try {
    localStorage.removeItem(PREFIX + callId);
  } catch {
    // nothing to do
  }
}

/** A draft left with a save in flight (the page closed mid-save): resend it first. */
export function findPendingDraft(): Draft | null {
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key?.startsWith(PREFIX)) continue;
      const draft = loadDraft(key.slice(PREFIX.length));
      if (draft?.requestId) return draft;
    }
  } catch {
    // no storage
  }
  return null;
}

export function newRequestId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** The body the API takes; null with a reason key when the draft is not ready to save. */
export function toBody(draft: Draft, requestId: string): CallResultBody | { missing: string } {
  if (!draft.result) return { missing: 'calls.workbench.needResult' };
  if (draft.result !== 'answered')
    return { requestId, result: draft.result, fields: {}, note: draft.note || undefined };
  const fields: CallResultBody['fields'] = {};
  for (const [field, input] of Object.entries(draft.fields) as [CallField, FieldVerdict][]) {
    if (!input) continue;
    fields[field] =
      input.verdict === 'wrong' ? { verdict: 'wrong', value: input.value ?? '' } : { verdict: input.verdict };
  }
  if (!Object.values(fields).some((f) => f.verdict !== 'unreachable'))
    return { missing: 'calls.workbench.needField' };
  return { requestId, result: 'answered', fields, note: draft.note || undefined };
}
