import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
import { useLongCall } from '../../api/hooks';

/** The outbox of a settlement and the approval of the version shown; refreshed when posting or review changes (useLiveInvalidation). */
export function useOutbox(settlementId: string, versionId: number) {
  return useQuery({ queryKey: ['posting', 'outbox', settlementId, versionId], queryFn: () => call('posting.list', { settlementId, versionId }) });
}

/** What posting would send; asked only when the user is about to confirm (it contacts the ERP). */
export function usePostingPlan() {
  return useMutation({ mutationFn: (input: { versionId: number; connectionId: string }) => call('posting.plan', input) });
}


export const usePostSettlement = () =>
  useLongCall((input: { versionId: number; connectionId: string }, cid) => call('posting.post', input, cid), [['posting']]);

/** Reverses in the ERP the posted journals of the versions a re-issued settlement replaced (SAP Business One: Cancel). */
export const useReverseSuperseded = () =>
  useLongCall((input: { versionId: number; connectionId: string }, cid) => call('posting.reverse', input, cid), [['posting']]);

export const useReplayDocument = () =>
  useLongCall((input: { naturalKey: string; connectionId: string }, cid) => call('posting.replay', input, cid), [['posting']]);

export function useCancelDocument() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (doc: { naturalKey: string; connectionId: string | null }) =>
      call('posting.cancel', { naturalKey: doc.naturalKey, ...(doc.connectionId ? { connectionId: doc.connectionId } : {}), reason: 'cancelled in the Settlements preview' }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['posting'] }),
  });
}

/** Asks an ERP connection now which of its documents waiting there a person has posted (the sync engine asks on its runs). */
export function useCheckErp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (connectionId: string) => call('posting.checkErp', { connectionId }),
    onSettled: () => Promise.all(['posting', 'settlements', 'dashboard'].map((key) => qc.invalidateQueries({ queryKey: [key] }))),
  });
}
