import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoadKind, LoadMode } from '../api/loads-api.ts';

const KINDS: readonly LoadKind[] = ['customers', 'org_units'];

export function UploadForm({
  isUploading,
  onUpload,
}: {
  isUploading: boolean;
  onUpload: (kind: LoadKind, file: File, mode: LoadMode) => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<LoadKind>('customers');
  const [file, setFile] = useState<File | null>(null);
  const [isDelta, setIsDelta] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const fileId = useId();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (file) onUpload(kind, file, isDelta ? 'delta' : 'full');
  }

  return (
    <form className="upload-form" onSubmit={onSubmit}>
      <fieldset className="field">
        <legend className="field__label">{t('loads.kindLabel')}</legend>
        <div className="segmented">
          {KINDS.map((option) => (
            <label key={option} className={`segmented__option${kind === option ? ' is-active' : ''}`}>
              <input
                type="radio"
                name="kind"
                value={option}
                checked={kind === option}
                onChange={() => setKind(option)}
              />
              {t(`loads.kind.${option}`)}
            </label>
          ))}
        </div>
        {/* the org-unit file's headers and level values are codes the file must hold */}
        <p className="field__hint" data-file-format>
          {t(`loads.kindHint.${kind}`)}
        </p>
        {kind === 'customers' ? (
          <label className="field__hint">
            <input type="checkbox" checked={isDelta} onChange={(e) => setIsDelta(e.target.checked)} />{' '}
            {t('loads.deltaLabel')}
          </label>
        ) : null}
      </fieldset>
      <div className="field">
        <label className="field__label" htmlFor={fileId}>
          {t('loads.fileLabel')}
        </label>
        <div className="file-picker">
          <input
            ref={inputRef}
            id={fileId}
            className="visually-hidden"
            type="file"
            name="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
          <button type="button" className="button" onClick={() => inputRef.current?.click()}>
            {t('loads.chooseFile')}
          </button>
          <span className={`file-picker__name${file ? '' : ' muted'}`}>
            {file ? file.name : t('loads.noFile')}
          </span>
        </div>
        <p className="field__hint">{t('loads.fileHint')}</p>
      </div>
      <div className="upload-form__actions">
        <button type="submit" className="button button--primary" disabled={!file || isUploading}>
          {isUploading ? t('loads.uploading') : t('loads.upload')}
        </button>
      </div>
    </form>
  );
}
