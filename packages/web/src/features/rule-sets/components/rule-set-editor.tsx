import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../lib/error-message.ts';
import { problemsOf } from '../api/rule-set-problems.ts';
import type { RuleSetDetail } from '../api/rule-sets-api.ts';
import { crossRecordOf } from './cross-record-view.ts';
import { CrossRecordThresholds } from './cross-record-thresholds.tsx';
import { useRuleSetDraft } from '../hooks/use-rule-set-draft.ts';
import { ProblemList } from './problem-list.tsx';
import { RuleToggles } from './rule-toggles.tsx';

type RuleSetEditorProps = {
  base: RuleSetDetail;
  onSaved: (saved: RuleSetDetail) => void;
  onCancel: () => void;
};

/** Edits a copy of `base`; saving always creates a new, inactive version. */
export function RuleSetEditor({ base, onSaved, onCancel }: RuleSetEditorProps) {
  const { t } = useTranslation();
  const draft = useRuleSetDraft(base, onSaved);
  const noteId = useId();
  const jsonId = useId();
  const problems = draft.save.status === 'error' ? problemsOf(draft.save.error) : null;
  const parseError = draft.parsed.ok ? null : draft.parsed.error;

  return (
    <section className="card" data-testid="rule-set-editor">
      <div className="card__title card__title--row">
        <h2 className="card__heading">{t('ruleSets.editor.title', { version: base.version })}</h2>
        <span className="muted small">{t('ruleSets.editor.hint')}</span>
      </div>
      <div className="card__content">
        <div>
          <h3 className="section-title">{t('ruleSets.editor.quick')}</h3>
          {draft.parsed.ok ? (
            <RuleToggles rules={draft.parsed.rules} onChange={draft.patchRule} />
          ) : (
            <p className="muted">{t('ruleSets.editor.quickUnavailable')}</p>
          )}
        </div>
        {draft.parsed.ok ? (
          <div>
            <h3 className="section-title">{t('ruleSets.cross.title')}</h3>
            <p className="muted small">{t('ruleSets.cross.hint')}</p>
            <CrossRecordThresholds
              value={crossRecordOf(draft.parsed.document)}
              onChange={draft.patchCrossRecord}
            />
          </div>
        ) : null}
        <div className="field">
          <label className="field__label" htmlFor={jsonId}>
            {t('ruleSets.editor.json')}
          </label>
          <textarea
            id={jsonId}
            className={`input json-editor${parseError ? ' is-invalid' : ''}`}
            spellCheck={false}
            value={draft.text}
            onChange={(e) => draft.setText(e.target.value)}
            data-testid="json-editor"
          />
          {parseError ? (
            <p className="field__error" role="alert">
              {parseError === 'not-object' || parseError === 'no-rules'
                ? t(`ruleSets.editor.${parseError === 'not-object' ? 'notObject' : 'noRules'}`)
                : t('ruleSets.editor.syntax', { detail: parseError })}
            </p>
          ) : (
            <p className="field__hint">{t('ruleSets.editor.jsonHint')}</p>
          )}
        </div>
        <div className="field">
          <label className="field__label" htmlFor={noteId}>
            {t('ruleSets.editor.note')}
          </label>
          <input
            id={noteId}
            className="input"
            maxLength={500}
            value={draft.note}
            placeholder={t('ruleSets.editor.notePlaceholder')}
            onChange={(e) => draft.setNote(e.target.value)}
          />
        </div>
        {problems ? <ProblemList problems={problems} /> : null}
        {draft.save.status === 'error' && !problems ? (
          <div className="alert alert--error" role="alert">
            {errorMessage(t, draft.save.error)}
          </div>
        ) : null}
        <div className="form-actions">
          <button
            type="button"
            className="button button--primary"
            disabled={!draft.parsed.ok || draft.save.status === 'saving'}
            onClick={() => void draft.submit()}
          >
            {draft.save.status === 'saving' ? t('ruleSets.editor.saving') : t('ruleSets.editor.save')}
          </button>
          <button type="button" className="button button--ghost" onClick={onCancel}>
            {t('ruleSets.editor.cancel')}
          </button>
        </div>
      </div>
    </section>
  );
}
