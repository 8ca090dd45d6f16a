import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ProgressEvent } from '../../../core/api/events';
import { call, newCallId, onEvent } from '../../api/client';

/** The outbox of a settlement and the approval of the version shown; refreshed when posting or review changes. */
export function useOutbox(settlementId: string, versionId: number) {
  const qc = useQueryClient();
  useEffect(
    () =>
      onEvent((e) => {
        // An approval given or revoked in the review queue changes what this panel allows.
        if (e.type === 'changed' && (e.topic === 'review' || e.topic === 'settlements')) void qc.invalidateQueries({ queryKey: ['posting'] });
      }),
    [qc],
  );
  return useQuery({ queryKey: ['posting', 'outbox', settlementId, versionId], queryFn: () => call('posting.list', { settlementId, versionId }) });
}

/** What posting would send; asked only when the user is about to confirm (it contacts the ERP). */
export function usePostingPlan() {
  return useMutation({ mutationFn: (input: { versionId: number; connectionId: string }) => call('posting.plan', input) });
}

/** A long posting call (post or replay) with its progress events and a cancel. */
function useLongPostingCall<I, O>(run: (input: I, callId: string) => Promise<O>) {
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
        return await run(input, cid);
      } finally {
        setCallId(null);
      }
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ['posting'] }),
  });
  const cancel = () => (callId ? call('calls.cancel', { callId }) : Promise.resolve({ cancelled: false }));
  return { ...mutation, progress, cancel };
}

export const usePostSettlement = () =>
  useLongPostingCall((input: { versionId: number; connectionId: string }, cid) => call('posting.post', input, cid));

export const useReplayDocument = () =>
  useLongPostingCall((input: { naturalKey: string; connectionId: string }, cid) => call('posting.replay', input, cid));

export function useCancelDocument() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (naturalKey: string) => call('posting.cancel', { naturalKey, reason: 'cancelled in the Settlements preview' }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['posting'] }),
  });
}
