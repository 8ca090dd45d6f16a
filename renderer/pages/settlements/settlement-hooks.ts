import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ProgressEvent } from '../../../core/api/events';
import { call, newCallId, onEvent } from '../../api/client';
import { useLongCall } from '../../api/hooks';

export const useSettlements = () => useQuery({ queryKey: ['settlements'], queryFn: () => call('settlements.list', {}) });

export const useSettlementPreview = (versionId: number | null, connectionId?: string) =>
  useQuery({
    queryKey: ['settlements', 'preview', versionId, connectionId ?? null],
    queryFn: () => call('settlements.preview', { versionId: versionId!, ...(connectionId ? { connectionId } : {}) }),
    enabled: versionId !== null,
  });

/** The file's bytes as base64, read in the renderer (no Node here). */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}`));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

/** Uploads one settlement file with a progress bar and a cancel. */
export function useImportSettlement() {
  const qc = useQueryClient();
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [callId, setCallId] = useState<string | null>(null);
  useEffect(() => {
    if (!callId) return;
    return onEvent((e) => {
      if (e.type === 'progress' && e.callId === callId) setProgress(e);
    });
  }, [callId]);
  const mutation = useMutation({
    mutationFn: async (file: File) => {
      const cid = newCallId();
      setCallId(cid);
      setProgress({ type: 'progress', callId: cid, phase: `Reading ${file.name}`, done: 0, total: file.size });
      try {
        const contentBase64 = await fileToBase64(file);
        return await call('settlements.importUpload', { fileName: file.name, contentBase64 }, cid);
      } finally {
        setCallId(null);
      }
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ['settlements'] }),
  });
  const cancel = () => (callId ? call('calls.cancel', { callId }) : Promise.resolve({ cancelled: false }));
  return { ...mutation, progress, cancel };
}

/** "Import new settlements": every Amazon connection asked for reports not imported yet, with progress and a cancel. */
export const useImportNew = () =>
  useLongCall((_: void, cid: string) => call('settlements.importNew', {}, cid), [['settlements'], ['review'], ['jobs'], ['dashboard']]);
