import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../core/api';
import { call } from '../../api/client';
import { useLongCall } from '../../api/hooks';

/** Per ERP connection that can hand orders to Amazon: settings and orders with Amazon's preview. */
export const useMcfOverview = () => useQuery({ queryKey: ['attention', 'mcf'], queryFn: () => call('mcf.overview', {}) });

export function useSetMcfSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'mcf.setSettings'>) => call('mcf.setSettings', input),
    onSettled: () => qc.invalidateQueries({ queryKey: ['attention'] }),
  });
}

export const useMcfPreview = () => useLongCall((connectionId: string, cid) => call('mcf.preview', { connectionId }, cid), [['attention'], ['dashboard']]);

export function useApproveFirstOrders() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'mcf.approveFirstOrders'>) => call('mcf.approveFirstOrders', input),
    onSettled: () => qc.invalidateQueries({ queryKey: ['attention'] }),
  });
}
