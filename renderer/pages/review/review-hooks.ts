import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../core/api';
import { call } from '../../api/client';

export type ReviewFilter = CallInput<'review.list'>;

/** The queue; the core checks settlements again first where mappings, ERP data or imports changed. */
export function useReviewQueue(filter: ReviewFilter) {
  // The queue follows imports, mappings and posting through useLiveInvalidation.
  // Always asked again when the screen opens: an unchanged queue answers in milliseconds.
  return useQuery({ queryKey: ['review', 'list', filter], queryFn: () => call('review.list', filter), refetchOnMount: 'always' });
}

/** What approving one settlement would approve (asked when the confirmation opens). */
export const useApprovalPreview = (settlementId: string | null, connectionId: string | undefined) =>
  useQuery({
    queryKey: ['review', 'status', settlementId, connectionId],
    queryFn: () => call('review.status', { settlementId: settlementId!, ...(connectionId ? { connectionId } : {}) }),
    enabled: settlementId !== null,
    // The approval dialog promises the journal as it stands now: never show a journal kept from an earlier
    // opening (a rule may have changed since), read it afresh each time the dialog opens.
    gcTime: 0,
    refetchOnMount: 'always',
  });

function useInvalidating<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      // A resolution can change the mappings and the settlement list's status as well as the queue.
      await Promise.all([qc.invalidateQueries({ queryKey: ['review'] }), qc.invalidateQueries({ queryKey: ['mappings'] }), qc.invalidateQueries({ queryKey: ['settlements'] })]);
    },
  });
}

export const useResolve = () => useInvalidating((input: CallInput<'review.resolve'>) => call('review.resolve', input));
export const useApprove = () => useInvalidating((input: CallInput<'review.approve'>) => call('review.approve', input));
export const useRevoke = () => useInvalidating((input: CallInput<'review.revokeApproval'>) => call('review.revokeApproval', input));
