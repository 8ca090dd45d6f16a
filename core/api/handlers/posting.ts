import type { ErpCapabilities } from '../../erp/erp-capabilities';
import type { ErpConnector } from '../../erp/erp-connector';
import { ErpError } from '../../erp/erp-error';
import { rereadLedgerRates } from '../../mapping/exchange-rate-cache';
import { ledgerNames } from '../../mapping/ledger-names';
import { ReferenceCache } from '../../mapping/reference-cache';
import { accountTotals } from '../../reports/reconciliation-report';
import { PostingLease, type HeldLease } from '../../posting/lease';
import { parseSettlementNaturalKey } from '../../posting/natural-key';
import { PostingOutbox, type OutboxEntry } from '../../posting/outbox';
import { recheckAwaiting, runPosting, type PostingProgress, type PostingRunResult } from '../../posting/poster';
import { documentFacts, planSettlementPosting, PostingRefused, type ErpFacts, type SettlementPostingPlan } from '../../posting/settlement-posting';
import { postSettlementVersions } from '../../posting/settlement-posting-run';
import { orderCreditNoteFacts, orderInvoiceFacts } from '../../posting/order-invoices';
import { settlementPayoutFacts } from '../../posting/settlement-payout';
import { reverseSupersededPostings } from '../../posting/superseded-reversal';
import { storedVersion } from '../../posting/settlement-journal';
import type { ConnectionRow } from '../../connections/connection-repository';
import { ApprovalStore } from '../../review/approval';
import type { Workspace } from '../../workspace/workspace';
import type { OutboxRow, PostingRunView } from '../calls/posting';
import type { CallContext, Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';

type PostingCall = 'posting.plan' | 'posting.post' | 'posting.reverse' | 'posting.list' | 'posting.replay' | 'posting.checkErp' | 'posting.cancel';

// On the workspace's clock, as the sync jobs' outbox and lease are: a lease's expiry means the same to both.
const nowOf = (ws: Workspace) => () => new Date(ws.clock.now());
const outboxOf = (ws: Workspace) => new PostingOutbox(ws.db, ws.audit, nowOf(ws));
const leaseOf = (ws: Workspace) => new PostingLease(ws.db, { now: nowOf(ws) });

function rowOf(e: OutboxEntry): OutboxRow {
  return {
    naturalKey: e.naturalKey,
    connectionId: e.connectionId,
    kind: e.kind,
    settlementId: e.settlementId,
    version: parseSettlementNaturalKey(e.naturalKey)?.version ?? null,
    ...(e.kind === 'journal' ? documentFacts(e.document) : e.kind === 'settlementPayment' ? settlementPayoutFacts(e.document) : e.kind === 'salesCreditNote' ? orderCreditNoteFacts(e.document) : orderInvoiceFacts(e.document)),
    state: e.state,
    retryable: e.retryable,
    erpDocumentNumber: e.erpDocumentNumber,
    error: e.error,
    attempts: e.attempts,
    updatedAt: e.updatedAt,
  };
}

/**
 * The ERP connection and the workspace's one connector of it (the jobs post through the same one, so through
 * the same per-connection concurrency gate); any reason it cannot be used becomes a typed API failure.
 */
async function connect(ws: Workspace, connectionId: string): Promise<{ connection: ConnectionRow; erp: ErpConnector }> {
  const { row: connection } = ws.erp.connection(connectionId);
  const erp = await ws.erp.connector(connectionId);
  if (!erp.capabilities.flows.includes('settlementJournals')) throw new ApiFailure('invalid_input', `${connection.name} cannot post journals yet.`);
  return { connection, erp };
}

/** Asks the ERP which company and local currency it is; unreachable or refused becomes a readable failure. */
async function companyOf(ws: Workspace, erp: ErpConnector, connection: ConnectionRow, signal: AbortSignal): Promise<{ company: string; localCurrency: string | null; capabilities: ErpCapabilities }> {
  try {
    const info = await erp.testConnection(signal);
    // The rates the ERP holds now: the plan converts at these, and one changed since approval withdraws it.
    await rereadLedgerRates(ws.db, connection.id, erp, new Date(ws.clock.now()), signal);
    return { company: info.companyName, localCurrency: info.localCurrency, capabilities: erp.capabilities };
  } catch (err) {
    if (err instanceof ErpError) throw new ApiFailure('conflict', `${connection.name} could not be reached to check its company and currency: ${err.message}`);
    throw err;
  }
}

function factsOf(connection: ConnectionRow, company: { localCurrency: string | null; capabilities: ErpCapabilities }): ErpFacts {
  return { name: connection.name, localCurrency: company.localCurrency, capabilities: company.capabilities };
}

function plan(ws: Workspace, versionId: number, connection: ConnectionRow, company: { localCurrency: string | null; capabilities: ErpCapabilities }): SettlementPostingPlan {
  const p = planSettlementPosting(ws, outboxOf(ws), versionId, connection.id, factsOf(connection, company));
  if (!p) throw new ApiFailure('not_found', `There is no imported settlement version ${versionId}.`);
  return p;
}

function takeLease(ws: Workspace, purpose: string): HeldLease {
  return leaseOf(ws).acquire(ws.osUser, purpose).keepAlive();
}

/** Progress per document and a `changed` event whenever one is done, for a run under the lease. */
function runOptions(ws: Workspace, ctx: CallContext, connection: ConnectionRow, lease: HeldLease) {
  const phase = `Posting to ${connection.name}`;
  let lastDone = -1;
  return {
    signal: ctx.signal,
    leaseLost: () => !lease.renew(),
    onProgress: (p: PostingProgress) => {
      ctx.progress({ phase, done: p.done, total: p.total, ...(p.current ? { current: p.current } : {}) });
      if (p.done !== lastDone) ws.events.emit({ type: 'changed', topic: 'posting' });
      lastDone = p.done;
    },
  };
}

function runView(result: PostingRunResult, enqueued: number, started: number): PostingRunView {
  return { ...result, enqueued, durationMs: Math.round(performance.now() - started) };
}

export const postingHandlers: Pick<Handlers, PostingCall> = {
  'posting.plan': async ({ versionId, connectionId }, { ws, signal }) => {
    const { connection, erp } = await connect(ws, connectionId);
    const company = await companyOf(ws, erp, connection, signal);
    const p = plan(ws, versionId, connection, company);
    const accounts = accountTotals(p.erpDocuments).map(({ currency, account, dimensions, debit, credit }) => ({ currency, account, dimensions, debit, credit }));
    return {
      versionId: p.versionId, settlementId: p.settlementId, version: p.version,
      connection: { id: connection.id, name: connection.name, company: company.company, localCurrency: company.localCurrency },
      approval: p.approval ? { approvedBy: p.approval.approvedBy, approvedAt: p.approval.approvedAt } : null,
      documents: p.documents,
      accounts,
      names: ledgerNames(new ReferenceCache(ws.db).snapshot(connection.id), accounts),
      refusals: p.refusals,
      reversible: p.reversible,
    };
  },

  'posting.post': async ({ versionId, connectionId }, ctx) => {
    const { ws } = ctx;
    const { connection, erp } = await connect(ws, connectionId);
    const lease = takeLease(ws, `posting settlement version ${versionId} to ${connection.name}`);
    try {
      ctx.progress({ phase: `Checking ${connection.name}`, done: 0, total: null });
      const company = await companyOf(ws, erp, connection, ctx.signal);
      const started = performance.now();
      const outcome = await postSettlementVersions(ws, outboxOf(ws), { connectionId: connection.id, erp, facts: factsOf(connection, company) }, [{ versionId, actor: ws.osUser }], {
        ...runOptions(ws, ctx, connection, lease),
        auditDetail: { company: company.company },
        beforePosting: (planned) => {
          const refused = planned.refused[0];
          if (refused) throw new PostingRefused(refused.reasons, `Settlement ${refused.settlementId} version ${refused.plan.version}`);
          if (!planned.accepted.length) throw new ApiFailure('not_found', `There is no imported settlement version ${versionId}.`);
          if (planned.enqueued) ws.events.emit({ type: 'changed', topic: 'posting' });
        },
      });
      ws.events.emit({ type: 'changed', topic: 'posting' });
      return runView(outcome.run, outcome.enqueued, started);
    } finally {
      lease.release();
    }
  },

  'posting.reverse': async ({ versionId, connectionId }, ctx) => {
    const { ws } = ctx;
    const version = storedVersion(ws.db, versionId);
    if (!version) throw new ApiFailure('not_found', `There is no imported settlement version ${versionId}.`);
    if (version.status !== 'current') throw new ApiFailure('conflict', `Version ${version.version} of settlement ${version.settlement_id} is not the current version; only the current version replaces the others.`);
    const { connection, erp } = await connect(ws, connectionId);
    const lease = takeLease(ws, `reversing replaced versions of settlement ${version.settlement_id} in ${connection.name}`);
    try {
      ctx.progress({ phase: `Reversing in ${connection.name}`, done: 0, total: null });
      const reversed = await reverseSupersededPostings(outboxOf(ws), erp, { settlementId: version.settlement_id, version: version.version, connectionId: connection.id, erpName: connection.name }, ws.osUser, ctx.signal);
      ws.events.emit({ type: 'changed', topic: 'posting' });
      return { reversed };
    } finally {
      lease.release();
    }
  },

  'posting.list': ({ settlementId, versionId }, { ws }) => {
    const approval = versionId !== undefined ? new ApprovalStore(ws.db).of(versionId) : null;
    return {
      documents: outboxOf(ws).list({ settlementId }).map(rowOf),
      run: leaseOf(ws).current(),
      approval: approval ? { approvedBy: approval.approvedBy, approvedAt: approval.approvedAt } : null,
    };
  },

  'posting.replay': async ({ naturalKey, connectionId }, ctx) => {
    const { ws } = ctx;
    const outbox = outboxOf(ws);
    const entry = outbox.get({ connectionId, naturalKey });
    if (!entry) throw new ApiFailure('not_found', `No document with natural key ${naturalKey} in the posting outbox.`);
    if (entry.state !== 'failed') throw new ApiFailure('conflict', `Document ${naturalKey} is ${entry.state}; only a failed document can be replayed.`);
    if (entry.kind !== 'journal' && entry.kind !== 'settlementPayment') throw new ApiFailure('invalid_input', `Document ${naturalKey} is an order's invoice or credit note; fix its cause and retry it under Needs attention, which rebuilds an order's invoice from the current mappings and sends it once.`);
    const key = parseSettlementNaturalKey(naturalKey);
    const version = key && (ws.db.prepare('SELECT id FROM settlement_version WHERE settlement_id = ? AND version = ?').get(key.settlementId, key.version) as { id: number } | undefined);
    if (!version) throw new ApiFailure('not_found', `The settlement version of ${naturalKey} is no longer stored; it cannot be rebuilt.`);
    const { connection, erp } = await connect(ws, connectionId);
    const lease = takeLease(ws, `replaying ${naturalKey} to ${connection.name}`);
    try {
      ctx.progress({ phase: `Checking ${connection.name}`, done: 0, total: null });
      const company = await companyOf(ws, erp, connection, ctx.signal);
      const p = plan(ws, version.id, connection, company);
      if (p.refusals.length) throw new PostingRefused(p.refusals, `Document ${naturalKey}`);
      // A payout is rebuilt too: the invoices it applies to may have been posted or corrected since.
      const rebuilt = entry.kind === 'settlementPayment'
        ? (p.payout?.payment.externalDocumentNumber === naturalKey ? p.payout : undefined)
        : p.erpDocuments.find((d) => d.externalDocumentNumber === naturalKey);
      if (!rebuilt) throw new ApiFailure('conflict', `Rebuilt from the current mappings, settlement ${key!.settlementId} no longer has a document ${naturalKey}; cancel it instead.`);
      outbox.replay(entry, rebuilt, ws.osUser);
      ws.events.emit({ type: 'changed', topic: 'posting' });
      const started = performance.now();
      const result = await runPosting(outbox, connection.id, erp, { ...runOptions(ws, ctx, connection, lease), only: new Set([naturalKey]) });
      ws.events.emit({ type: 'changed', topic: 'posting' });
      return runView(result, 0, started);
    } finally {
      lease.release();
    }
  },

  'posting.checkErp': async ({ connectionId }, { ws, signal }) => {
    const { connection, erp } = await connect(ws, connectionId);
    try {
      const check = await recheckAwaiting(outboxOf(ws), connection.id, erp, signal);
      if (check.posted.length || check.gone.length) ws.events.emit({ type: 'changed', topic: 'posting' });
      return check;
    } catch (err) {
      if (err instanceof ErpError) throw new ApiFailure('conflict', `${connection.name} could not be asked which documents were posted there: ${err.message}`);
      throw err;
    }
  },

  'posting.cancel': ({ naturalKey, connectionId, reason }, { ws }) => {
    const e = outboxOf(ws).cancel(connectionId === undefined ? naturalKey : { connectionId, naturalKey }, ws.osUser, reason);
    ws.events.emit({ type: 'changed', topic: 'posting' });
    return rowOf(e);
  },
};
