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

/** An ERP connection's order charge mappings, with each target's name in the ERP. */
export const useChargeMappings = (connectionId: string) =>
  useQuery({ queryKey: ['mappings', connectionId, 'orderCharges'], queryFn: () => call('orders.chargeMappings', { connectionId }), enabled: !!connectionId });

/** Saves or removes one charge mapping; saving one may invoice orders held for it, so orders and attention follow. */
export function useChargeMappingChange() {
  const qc = useQueryClient();
  const done = () => Promise.all([qc.invalidateQueries({ queryKey: ['mappings'] }), qc.invalidateQueries({ queryKey: ['posting'] }), qc.invalidateQueries({ queryKey: ['attention'] })]);
  return {
    save: useMutation({ mutationFn: (input: CallInput<'orders.setChargeMapping'>) => call('orders.setChargeMapping', input), onSuccess: done }),
    remove: useMutation({ mutationFn: (input: CallInput<'orders.removeChargeMapping'>) => call('orders.removeChargeMapping', input), onSuccess: done }),
  };
}

/** Runs order invoicing for an Amazon connection now, with its progress and a cancel. */
export const useInvoiceNow = () =>
  useLongCall((amazonConnectionId: string, cid) => call('orders.invoiceNow', { amazonConnectionId }, cid), [['posting'], ['jobs']]);
