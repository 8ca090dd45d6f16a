import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { CallInput, ProgressEvent } from '../../core/api';
import { call, newCallId, onEvent } from './client';

export const useAppInfo = () => useQuery({ queryKey: ['app.info'], queryFn: () => call('app.info', {}) });
export const useConnections = () => useQuery({ queryKey: ['connections'], queryFn: () => call('connections.list', {}) });
export const useAuditEvents = (filter: CallInput<'audit.list'>) =>
  useQuery({ queryKey: ['audit', filter], queryFn: () => call('audit.list', filter) });

export function useSaveConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'connections.save'>) => call('connections.save', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['connections'] }),
  });
}

export function useDeleteConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('connections.delete', { id }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['connections'] }),
  });
}

/** Removed connections, kept with their rules and jobs until restored. */
export const useArchivedConnections = () => useQuery({ queryKey: ['connections', 'archived'], queryFn: () => call('connections.archived', {}) });

export function useRestoreConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('connections.restore', { id }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['connections'] }),
  });
}

/** Tests a connection: a long call with its progress events and a cancel. */
export const useTestConnection = () => useLongCall((id: string, cid) => call('connections.test', { id }, cid));

/**
 * What else shows data derived from a topic: a settlement's status follows its review and its posting,
 * the queue follows the mappings, reports and the dashboard follow all of them.
 */
const DERIVED: Record<string, readonly string[]> = {
  settlements: ['review', 'posting', 'reports', 'dashboard'],
  review: ['settlements', 'posting', 'reports', 'dashboard'],
  posting: ['settlements', 'review', 'reports', 'dashboard'],
  mappings: ['settlements', 'review', 'reports'],
  jobs: ['dashboard', 'attention'],
  connections: ['dashboard'],
};

/** Keeps cached data fresh when the core says something changed (another window, the sync engine). */
export function useLiveInvalidation() {
  const qc = useQueryClient();
  useEffect(
    () =>
      onEvent((e) => {
        if (e.type !== 'changed') return;
        for (const key of [e.topic, ...(DERIVED[e.topic] ?? [])]) void qc.invalidateQueries({ queryKey: [key] });
      }),
    [qc],
  );
}

/**
 * A long call with progress events under its own id and a cancel: `run` gets the call id to pass to
 * `call`. `invalidate` names the cached queries to refresh when it ends, whatever the outcome.
 */
export function useLongCall<I, O>(
  run: (input: I, callId: string, report: (p: ProgressEvent) => void) => Promise<O>,
  invalidate: ReadonlyArray<readonly unknown[]> = [],
) {
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
    mutationFn: async (input: I) => {
      const cid = newCallId();
      setCallId(cid);
      setProgress(null);
      try {
        return await run(input, cid, setProgress);
      } finally {
        setCallId(null);
      }
    },
    onSettled: () => Promise.all(invalidate.map((queryKey) => qc.invalidateQueries({ queryKey: [...queryKey] }))),
  });
  const cancel = () => (callId ? call('calls.cancel', { callId }) : Promise.resolve({ cancelled: false }));
  return { ...mutation, progress, cancel };
}
