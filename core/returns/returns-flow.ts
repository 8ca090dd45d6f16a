import type { AttentionFlow, DeadLetter, DeadLetterStore, RetryResult } from '../attention';
import type { Db } from '../store';
import { FbaReturnStore, unitKey, type StoredReturn } from './fba-return-store';
import { ReturnReasonMap } from './return-reason-map';
import type { UnreadableReturnLine } from './returns-report';

/** The flow's name under Needs attention and on the Dashboard. */
export const RETURNS_FLOW = 'fba-returns';

/** A return's identity under Needs attention: one row per return, whatever stops it (its reason, its ERP document). */
export const returnRecordKey = (r: Pick<StoredReturn, 'amazonConnectionId' | 'orderId' | 'licensePlateNumber' | 'sku' | 'returnDate'>) =>
  `${r.amazonConnectionId}|${r.orderId}|${unitKey(r)}|${r.returnDate}`;

export const returnSummary = (r: StoredReturn) =>
  `Return of ${r.quantity} × ${r.sku}${r.asin ? ` (${r.asin})` : ''} on order ${r.orderId}${r.licensePlateNumber ? `, licence plate ${r.licensePlateNumber}` : ''}, returned ${r.returnDate.slice(0, 10)}`;

/** Why a return cannot be ready yet; null when its reason maps. */
function unmappedProblem(r: StoredReturn, map: ReturnReasonMap): Omit<RetryResult & { ok: false }, 'ok'> & { code: string } | null {
  if (!r.reason) {
    return { code: '', error: 'Amazon gave no return reason for this return.', fix: 'Map the empty reason ("") to the ERP return reason code to use when Amazon gives none, then retry.' };
  }
  if (map.get('reason', r.reason) !== null) return null;
  return {
    code: r.reason,
    error: `Amazon's return reason "${r.reason}" has no ERP return reason code.`,
    fix: `Map Amazon return reason "${r.reason}" to an ERP return reason code (Map reason), then retry.`,
  };
}

/**
 * Moves returns on: one whose reason maps becomes ready with its ERP codes (the condition's code too,
 * where the user mapped it); one whose reason does not is held under Needs attention with what to map.
 */
export class ReturnsFlow {
  readonly returns: FbaReturnStore;
  readonly map: ReturnReasonMap;

  constructor(
    private readonly db: Db,
    private readonly letters: DeadLetterStore,
    map: ReturnReasonMap,
    now: () => Date,
    /** Sends a ready return on to the ERP connections that take returns (none: the return stops at ready). */
    private readonly deliver: ((r: StoredReturn, signal?: AbortSignal) => Promise<RetryResult>) | null = null,
  ) {
    this.returns = new FbaReturnStore(db, now);
    this.map = map;
  }

  /** Ready or held, for each return given; counts of each. */
  settle(returns: readonly StoredReturn[]): { ready: number; held: number } {
    let ready = 0;
    let held = 0;
    for (const r of returns) {
      const result = this.settleOne(r);
      if (result.ok) ready++;
      else held++;
    }
    return { ready, held };
  }

  private settleOne(r: StoredReturn): RetryResult {
    if (r.state === 'ready') {
      // A mapping changed after the return was ready (the ERP lacked the first code) applies to what is still to be sent.
      const code = this.map.get('reason', r.reason);
      if (code && code !== r.erpReasonCode) this.returns.recode(r.id, code, this.map.get('disposition', r.disposition));
      return { ok: true };
    }
    const problem = unmappedProblem(r, this.map);
    if (problem) {
      this.letters.hold({
        flow: RETURNS_FLOW, recordKey: returnRecordKey(r), summary: returnSummary(r), error: problem.error, fix: problem.fix!,
        facts: { returnId: r.id, orderId: r.orderId, sku: r.sku, asin: r.asin, quantity: r.quantity, reason: r.reason, disposition: r.disposition, licensePlateNumber: r.licensePlateNumber, returnDate: r.returnDate },
        fixAction: { kind: 'map-return-reason', label: 'Map reason', params: { codeKind: 'reason', amazonCode: problem.code } },
      });
      return { ok: false, error: problem.error, fix: problem.fix! };
    }
    this.returns.markReady(r.id, this.map.get('reason', r.reason)!, this.map.get('disposition', r.disposition));
    return { ok: true };
  }

  /** Holds lines of a report that could not be read: never dropped, shown with their cells. */
  holdUnreadable(amazonConnectionId: string, reportId: string, lines: readonly UnreadableReturnLine[]): void {
    for (const l of lines) {
      this.letters.hold({
        flow: RETURNS_FLOW, recordKey: `${amazonConnectionId}|report ${reportId}|line ${l.line}`,
        summary: `Line ${l.line} of returns report ${reportId}${l.cells['order-id'] ? ` (order ${l.cells['order-id']})` : ''}`,
        error: `Line ${l.line} of the returns report could not be read: ${l.problem}.`,
        fix: 'Amazon wrote this line in a way ml-connector cannot read: enter the return in the ERP by hand from the cells shown, and tell support which report it was.',
        facts: { reportId, line: l.line, cells: l.cells },
      });
    }
  }

  /**
   * The retry of a held return: after the mapping it becomes ready, then goes on to the ERP, where each
   * connection's outbox row makes sure it is one document however often it is retried.
   */
  async retry(letter: DeadLetter, signal?: AbortSignal): Promise<RetryResult> {
    const id = letter.facts['returnId'];
    if (typeof id !== 'number') return { ok: false, error: String(letter.error), fix: letter.fix };
    const r = this.returns.get(id);
    if (!r) return { ok: false, error: `The return ${letter.recordKey} is no longer stored (its Amazon connection was removed).`, fix: 'Nothing to retry: restore the connection or leave it.' };
    const settled = this.db.transaction(() => this.settleOne(r))();
    if (!settled.ok || !this.deliver) return settled;
    return this.deliver(this.returns.get(id)!, signal);
  }

  /** What the Dashboard shows of the flow. `lastRun` is the returns job's, which the sync layer knows. */
  attentionFlow(lastRun: () => { at: string; status: string } | null): AttentionFlow {
    return {
      flow: RETURNS_FLOW,
      label: 'FBA customer returns',
      retry: (letter, signal) => this.retry(letter, signal),
      activity: () => {
        const c = this.returns.counts();
        return { lastRun: lastRun(), moved: c.ready, waiting: 0 };
      },
    };
  }
}
