// The editor's draft: the JSON text is the truth; the quick toggles parse it, change one rule and
// write it back, so whatever else the coordinator typed (params, overrides) is kept as is.
import { useCallback, useMemo, useState } from 'react';
import { crossRecordOf, type CrossRecordView } from '../components/cross-record-view.ts';
import {
  createRuleSet,
  rulesOf,
  type RuleSetDetail,
  type RuleView,
  type Severity,
} from '../api/rule-sets-api.ts';

type Parsed =
  { ok: true; document: Record<string, unknown>; rules: RuleView[] } | { ok: false; error: string };

function parse(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, error: 'not-object' };
  const document = value as Record<string, unknown>;
  if (!Array.isArray(document.rules)) return { ok: false, error: 'no-rules' };
  return { ok: true, document, rules: rulesOf(document) };
}

/** The stored document minus its version: the server numbers the new one. */
export function draftText(document: Record<string, unknown>): string {
  const { version: _version, ...rest } = document;
  return JSON.stringify(rest, null, 2);
}

type SaveState = { status: 'idle' } | { status: 'saving' } | { status: 'error'; error: unknown };

export function useRuleSetDraft(base: RuleSetDetail, onSaved: (saved: RuleSetDetail) => void) {
  const [text, setText] = useState(() => draftText(base.document));
  const [note, setNote] = useState('');
  const [save, setSave] = useState<SaveState>({ status: 'idle' });
  const parsed = useMemo(() => parse(text), [text]);

  const patchRule = useCallback(
    (index: number, patch: { enabled?: boolean; severity?: Severity }) => {
      const current = parse(text);
      if (!current.ok) return;
      const rules = [...(current.document.rules as Record<string, unknown>[])];
      rules[index] = { ...rules[index], ...patch };
      setText(JSON.stringify({ ...current.document, rules }, null, 2));
    },
    [text],
  );

  // writes the whole crossRecord object back (defaults made explicit), so the saved version says
  // what it checks
  const patchCrossRecord = useCallback(
    (check: keyof CrossRecordView, patch: Record<string, boolean | number>) => {
      const current = parse(text);
      if (!current.ok) return;
      const cross = crossRecordOf(current.document);
      const next = { ...cross, [check]: { ...cross[check], ...patch } };
      setText(JSON.stringify({ ...current.document, crossRecord: next }, null, 2));
    },
    [text],
  );

  const submit = useCallback(async () => {
    const current = parse(text);
    if (!current.ok) return;
    setSave({ status: 'saving' });
    try {
      const saved = await createRuleSet(current.document, note.trim());
      setSave({ status: 'idle' });
      onSaved(saved);
    } catch (error) {
      setSave({ status: 'error', error });
    }
  }, [text, note, onSaved]);

  return { text, setText, note, setNote, parsed, patchRule, patchCrossRecord, save, submit };
}
