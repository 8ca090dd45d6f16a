import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
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
export const useImportSettlement = () =>
  useLongCall(async (file: File, cid, report) => {
    report({ type: 'progress', callId: cid, phase: `Reading ${file.name}`, done: 0, total: file.size });
    const contentBase64 = await fileToBase64(file);
    return call('settlements.importUpload', { fileName: file.name, contentBase64 }, cid);
  }, [['settlements']]);

/** "Import new settlements": every Amazon connection asked for reports not imported yet, with progress and a cancel. */
export const useImportNew = () =>
  useLongCall((_: void, cid: string) => call('settlements.importNew', {}, cid), [['settlements'], ['review'], ['jobs'], ['dashboard']]);

/** Makes a version of a settlement current (audited on the server); lists, review and dashboard follow. */
export function useMakeCurrent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { versionId: number; reason?: string }) => call('settlements.makeCurrent', input),
    onSettled: () => Promise.all([['settlements'], ['review'], ['posting'], ['dashboard']].map((queryKey) => qc.invalidateQueries({ queryKey }))),
  });
}
