import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** A drop zone that also opens the file picker: field teams drag the file from their desktop. */
export function UploadDrop({
  isBusy,
  isCompact = false,
  onFile,
}: {
  isBusy: boolean;
  /** Beside a preview: one line, to replace the previewed file. */
  isCompact?: boolean;
  onFile: (file: File) => void;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [isOver, setIsOver] = useState(false);

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setIsOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !isBusy) onFile(file);
  }

  return (
    <div
      className={`dropzone${isOver ? ' is-over' : ''}${isCompact ? ' dropzone--compact' : ''}`}
      data-testid="worksheet-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setIsOver(true);
      }}
      onDragLeave={() => setIsOver(false)}
      onDrop={onDrop}
    >
      <p>
        {t('worksheets.upload.drop')}{' '}
        <button
          type="button"
          className="button button--small"
          disabled={isBusy}
          onClick={() => input.current?.click()}
        >
          {t('worksheets.upload.choose')}
        </button>
      </p>
      <input
        ref={input}
        className="visually-hidden"
        type="file"
        name="file"
        data-testid="worksheet-file"
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = '';
        }}
      />
      {isCompact ? null : <p className="field__hint">{t('worksheets.upload.hint')}</p>}
    </div>
  );
}
