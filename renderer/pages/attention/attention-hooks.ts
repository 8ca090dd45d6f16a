import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../core/api';
import { call } from '../../api/client';
import { useLongCall } from '../../api/hooks';

export const useHeldRecords = (flow: string | null) =>
  useQuery({ queryKey: ['attention', 'list', flow], queryFn: () => call('attention.list', flow ? { flow } : {}) });

/** Per flow: last run, moved, waiting, failed (the Dashboard and the flow filter). */
export const useFlowActivity = () => useQuery({ queryKey: ['attention', 'flows'], queryFn: () => call('attention.flows', {}) });

export function useRetry() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => call('attention.retry', { id }),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: ['attention'] }), qc.invalidateQueries({ queryKey: ['dashboard'] })]),
  });
}

export const useRetryAll = () =>
  useLongCall((flow: string | null, cid) => call('attention.retryAll', flow ? { flow } : {}, cid), [['attention'], ['dashboard']]);

export function useMapReturnCode() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'returns.mapCode'>) => call('returns.mapCode', input),
    onSettled: () => qc.invalidateQueries({ queryKey: ['attention'] }),
  });
}

/** What returns become in each ERP connection, and the ERP's reason codes as last read. */
export const useReturnErpSettings = () => useQuery({ queryKey: ['attention', 'returns-erp'], queryFn: () => call('returns.erpSettings', {}) });

export function useSetReturnWarehouses() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'returns.setWarehouses'>) => call('returns.setWarehouses', input),
    onSettled: () => qc.invalidateQueries({ queryKey: ['attention'] }),
  });
}

export function useSetReturnDocument() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'returns.setErpDocument'>) => call('returns.setErpDocument', input),
    onSettled: () => qc.invalidateQueries({ queryKey: ['attention'] }),
  });
}
