import { useCallback, useState } from 'react';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import {
  commitUpload,
  listExports,
  listUnits,
  listUploadRows,
  listUploads,
  uploadWorksheet,
  type Outcome,
  type UploadSummary,
} from '../api/worksheets-api.ts';

export const useUnits = () => useApiQuery((signal) => listUnits(signal), []);
export const useExports = () => useApiQuery((signal) => listExports(signal), []);
export const useUploads = () => useApiQuery((signal) => listUploads(signal), []);

export const useUploadRows = (id: string, outcomes: Outcome[] | null, version: number) =>
  useApiQuery((signal) => listUploadRows(id, outcomes, signal), [id, outcomes?.join(','), version]);

type Step =
  | { status: 'idle' }
  | { status: 'uploading'; fileName: string }
  | { status: 'previewed'; upload: UploadSummary }
  | { status: 'committing'; upload: UploadSummary }
  | {
      status: 'committed';
      upload: UploadSummary;
      applied: number;
      conflicts: number;
      alreadyCommitted: boolean;
    }
  | { status: 'error'; error: unknown };

/** Upload → preview → commit, one file at a time. */
export function useImportFlow(onChange: () => void) {
  const [step, setStep] = useState<Step>({ status: 'idle' });
  const upload = useCallback(
    async (file: File) => {
      setStep({ status: 'uploading', fileName: file.name });
      try {
        const { upload } = await uploadWorksheet(file);
        setStep({ status: 'previewed', upload });
      } catch (error) {
        setStep({ status: 'error', error });
      } finally {
        onChange();
      }
    },
    [onChange],
  );
  const commit = useCallback(
    async (current: UploadSummary) => {
      setStep({ status: 'committing', upload: current });
      try {
        const r = await commitUpload(current.id);
        setStep({
          status: 'committed',
          upload: r.upload,
          applied: r.applied,
          conflicts: r.conflicts,
          alreadyCommitted: r.alreadyCommitted,
        });
      } catch (error) {
        setStep({ status: 'error', error });
      } finally {
        onChange();
      }
    },
    [onChange],
  );
  const reset = useCallback(() => setStep({ status: 'idle' }), []);
  return { step, upload, commit, reset };
}
