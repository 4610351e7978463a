import { useCallback, useState } from 'react';
import { uploadLoad, type LoadBatch, type LoadKind, type LoadMode } from '../api/loads-api.ts';

type UploadState =
  | { status: 'idle' }
  | { status: 'uploading' }
  | { status: 'done'; batch: LoadBatch }
  | { status: 'error'; error: unknown };

export function useUpload(onDone: () => void) {
  const [state, setState] = useState<UploadState>({ status: 'idle' });
  const upload = useCallback(
    async (kind: LoadKind, file: File, mode: LoadMode = 'full') => {
      setState({ status: 'uploading' });
      try {
        const { batch } = await uploadLoad(kind, file, mode);
        setState({ status: 'done', batch });
      } catch (error) {
        setState({ status: 'error', error });
      } finally {
        onDone();
      }
    },
    [onDone],
  );
  return { state, upload };
}
