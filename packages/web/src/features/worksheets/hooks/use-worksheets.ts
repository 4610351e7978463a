import { useCallback, useState } from 'react';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import {
  commitUpload,
  discardUpload,
  listExports,
  listStationProgress,
  listUnits,
  listUploadRows,
  listUploads,
  uploadWorksheet,
  type Outcome,
  type UploadSummary,
} from '../api/worksheets-api.ts';

export const useUnits = () => useApiQuery((signal) => listUnits(signal), []);
export const useExports = () => useApiQuery((signal) => listExports(signal), []);
export const useStationProgress = () => useApiQuery((signal) => listStationProgress(signal), []);
export const useUploads = () => useApiQuery((signal) => listUploads(signal), []);

export const useUploadRows = (id: string, outcomes: Outcome[] | null, version: number) =>
  useApiQuery((signal) => listUploadRows(id, outcomes, signal), [id, outcomes?.join(','), version]);

type Step =
  | { status: 'idle' }
  | { status: 'uploading'; fileName: string }
  | { status: 'previewed'; upload: UploadSummary }
  | { status: 'committing'; upload: UploadSummary }
  | { status: 'discarding'; upload: UploadSummary }
  | { status: 'discarded' }
  | {
      status: 'committed';
      upload: UploadSummary;
      applied: number;
      conflicts: number;
      alreadyCommitted: boolean;
    }
  | { status: 'error'; error: unknown };

/**
 * Upload → preview → commit (or discard), one file at a time. Dropping another file on a preview
 * replaces it: the old preview is discarded first, so it never lingers as 待确认.
 */
export function useImportFlow(onChange: () => void) {
  const [step, setStep] = useState<Step>({ status: 'idle' });
  const upload = useCallback(
    async (file: File, replacing?: UploadSummary) => {
      setStep({ status: 'uploading', fileName: file.name });
      try {
        if (replacing) await discardUpload(replacing.id);
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
  const discard = useCallback(
    async (current: UploadSummary) => {
      setStep({ status: 'discarding', upload: current });
      try {
        await discardUpload(current.id);
        setStep({ status: 'discarded' });
      } catch (error) {
        setStep({ status: 'error', error });
      } finally {
        onChange();
      }
    },
    [onChange],
  );
  const reset = useCallback(() => setStep({ status: 'idle' }), []);
  return { step, upload, commit, discard, reset };
}
