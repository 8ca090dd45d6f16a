import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../core/api';
import { call } from '../../api/client';
import { useConnections, useLongCall } from '../../api/hooks';

/** Orders found by id or SKU; they follow posting (invoices posted) and mappings (a refusal fixed). */
export const useOrders = (query: string) =>
  useQuery({ queryKey: ['posting', 'orders', query], queryFn: () => call('orders.find', { query, limit: 100 }) });

/** Every ERP connection's order posting mode. */
export function useOrderPostingModes() {
  const connections = useConnections();
  const erps = (connections.data ?? []).filter((c) => c.kind !== 'amazon');
  const modes = useQueries({
    queries: erps.map((c) => ({ queryKey: ['connections', 'orderPosting', c.id], queryFn: () => call('orderPosting.get', { connectionId: c.id }) })),
  });
  return erps.map((c, i) => ({ connection: c, setting: modes[i]?.data ?? null }));
}

export function useSetOrderPostingMode() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'orderPosting.set'>) => call('orderPosting.set', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['connections'] }),
  });
}

/** Chooses one invoice per order or one summary per marketplace per day; the answer's note says from when. */
export function useSetInvoiceGrouping() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'orderPosting.setGrouping'>) => call('orderPosting.setGrouping', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['connections'] }),
  });
}

/** Runs order invoicing for an Amazon connection now, with its progress and a cancel. */
export const useInvoiceNow = () =>
  useLongCall((amazonConnectionId: string, cid) => call('orders.invoiceNow', { amazonConnectionId }, cid), [['posting'], ['jobs']]);
