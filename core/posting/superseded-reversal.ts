import { supports, type ErpConnector } from '../erp/erp-connector';
import { DomainError } from '../errors/domain-error';
import { parseSettlementNaturalKey } from './natural-key';
import { failureOf, type OutboxEntry, type PostingOutbox } from './outbox';

/** A posted document of a replaced version, and the ERP's entry that reversed it. */
export interface ReversedDocument {
  naturalKey: string;
  erpDocumentNumber: string;
  reversalDocumentNumber: string | null;
  /** Found already reversed in the ERP (an earlier attempt got through): nothing booked this time. */
  alreadyReversed: boolean;
}

/**
 * The journals of other versions of a settlement that are posted to this connection: what posting
 * `version` would book a second time (DESIGN.md §4: a re-issued settlement is a new version).
 */
export function supersededPostings(outbox: PostingOutbox, settlementId: string, version: number, connectionId: string): OutboxEntry[] {
  return outbox.list({ settlementId, connectionId, state: 'posted' })
    .filter((e) => e.kind === 'journal' && e.erpDocumentNumber !== null && parseSettlementNaturalKey(e.naturalKey)?.version !== version);
}

/**
 * Reverses in the ERP every journal of another version of the settlement posted to this connection, so
 * `version` can be posted in its place. Each step is audited: the request (who, for which version), then
 * the reversal with the ERP's number (the document leaves the settlement's posting: cancelled), or the
 * failure as the ERP gave it. The connector reverses exactly once, so running this again after a crash
 * or a failure finds what was already reversed instead of reversing it twice.
 */
export async function reverseSupersededPostings(
  outbox: PostingOutbox, erp: ErpConnector, target: { settlementId: string; version: number; connectionId: string; erpName: string }, actor: string, signal?: AbortSignal,
): Promise<ReversedDocument[]> {
  const entries = supersededPostings(outbox, target.settlementId, target.version, target.connectionId);
  if (!entries.length) return [];
  if (!supports(erp, 'journalReversals')) {
    throw new DomainError('conflict', `${target.erpName} cannot reverse journals from ml-connector. Reverse ${entries.map((e) => e.erpDocumentNumber).join(', ')} in ${target.erpName} itself.`);
  }
  const reversed: ReversedDocument[] = [];
  for (const entry of entries) {
    signal?.throwIfAborted();
    const erpDocumentNumber = entry.erpDocumentNumber!;
    outbox.note(entry, 'posting.reversal-requested', { erpDocumentNumber, supersededBy: target.version, requestedBy: actor });
    try {
      const result = await erp.reverseJournal({ documentNumber: erpDocumentNumber, naturalKey: entry.naturalKey }, signal);
      outbox.reversed(entry, result, actor);
      reversed.push({ naturalKey: entry.naturalKey, erpDocumentNumber, ...result });
    } catch (err) {
      outbox.note(entry, 'posting.reversal-failed', { erpDocumentNumber, error: failureOf(err) });
      throw err;
    }
  }
  return reversed;
}
