import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../core/api';
import { call } from '../../api/client';
import { useLongCall } from '../../api/hooks';

export const useMappings = (connectionId: string) =>
  useQuery({ queryKey: ['mappings', connectionId, 'list'], queryFn: () => call('mappings.list', { connectionId }), enabled: !!connectionId });

export const useReferenceData = (connectionId: string) =>
  useQuery({ queryKey: ['mappings', connectionId, 'reference'], queryFn: () => call('mappings.reference', { connectionId }), enabled: !!connectionId });

export const useSuggestions = (connectionId: string, catalogue = false) =>
  useQuery({ queryKey: ['mappings', connectionId, 'suggest', catalogue], queryFn: () => call('mappings.suggest', { connectionId, catalogue }), enabled: !!connectionId });

export const useLineRules = (connectionId: string) =>
  useQuery({ queryKey: ['mappings', connectionId, 'usage'], queryFn: () => call('mappings.usage', { connectionId }), enabled: !!connectionId });

/** What the ERP data says about a rule as it is being typed: the refusal shows before anything is saved. */
export const useCheck = (input: CallInput<'mappings.check'> | null) =>
  useQuery({
    queryKey: ['mappings', input?.connectionId, 'check', input],
    queryFn: () => call('mappings.check', input!),
    enabled: !!input && !!input.entry.target.trim(),
    staleTime: 10_000,
  });

/**
 * A rule change changes every journal built with it: the previews, the review's statuses and approvals and the
 * reports refresh at once, without waiting for the host's change event to arrive.
 */
function ruleChanged(qc: QueryClient, connectionId: string) {
  return Promise.all([['mappings', connectionId], ['settlements'], ['review'], ['reports']].map((queryKey) => qc.invalidateQueries({ queryKey })));
}

export function useSaveMapping(connectionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<CallInput<'mappings.save'>, 'connectionId'>) => call('mappings.save', { connectionId, ...input }),
    onSuccess: () => ruleChanged(qc, connectionId),
  });
}

export function useRemoveMapping(connectionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (key: CallInput<'mappings.remove'>['key']) => call('mappings.remove', { connectionId, key }),
    onSuccess: () => ruleChanged(qc, connectionId),
  });
}

export function useImportCsv(connectionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (csv: string) => call('mappings.importCsv', { connectionId, csv }),
    onSuccess: () => ruleChanged(qc, connectionId),
  });
}

/** The long read of the ERP's reference data, with its progress and a cancel. */
export const useRefreshReference = (connectionId: string) =>
  useLongCall((_: void, cid) => call('mappings.refreshReference', { connectionId }, cid), [['mappings', connectionId]]);
