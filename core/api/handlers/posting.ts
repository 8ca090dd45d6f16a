import { BusinessCentralConnector } from '../../erp/business-central/client';
import type { ErpConnector } from '../../erp/erp-connector';
import { ErpError } from '../../erp/erp-error';
import { erpConnection, referenceSourceFor, UnusableConnection } from '../../mapping/erp-connection';
import { rereadLedgerRates } from '../../mapping/exchange-rate-cache';
import { PostingLease, PostingLeaseHeld, type HeldLease } from '../../posting/lease';
import { parseSettlementNaturalKey } from '../../posting/natural-key';
import { OutboxError, PostingOutbox, type OutboxEntry } from '../../posting/outbox';
import { runPosting, type PostingRunResult } from '../../posting/poster';
import { documentFacts, enqueuePlan, planSettlementPosting, PostingRefused, type SettlementPostingPlan } from '../../posting/settlement-posting';
import type { ConnectionRow } from '../../connections/connection-repository';
import { ApprovalStore } from '../../review/approval';
import type { Workspace } from '../../workspace/workspace';
import type { OutboxRow, PostingRunView } from '../calls/posting';
import type { CallContext, Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';

type PostingCall = 'posting.plan' | 'posting.post' | 'posting.list' | 'posting.replay' | 'posting.cancel';

const outboxOf = (ws: Workspace) => new PostingOutbox(ws.db, ws.audit);

function rowOf(e: OutboxEntry): OutboxRow {
  return {
    naturalKey: e.naturalKey,
    settlementId: e.settlementId,
    version: parseSettlementNaturalKey(e.naturalKey)?.version ?? null,
    ...documentFacts(e.document),
    state: e.state,
    retryable: e.retryable,
    erpDocumentNumber: e.erpDocumentNumber,
    error: e.error,
    attempts: e.attempts,
    updatedAt: e.updatedAt,
  };
}

/** The ERP connection and its connector; any reason it cannot be used becomes a typed API failure. */
async function connect(ws: Workspace, connectionId: string): Promise<{ connection: ConnectionRow; erp: ErpConnector }> {
  try {
    const connection = erpConnection(ws, connectionId);
    const erp = await referenceSourceFor(ws, connection);
    if (!(erp instanceof BusinessCentralConnector)) throw new ApiFailure('invalid_input', `${connection.name} cannot post journals yet.`);
    return { connection, erp };
  } catch (err) {
    if (err instanceof UnusableConnection) throw new ApiFailure(err.reason, err.message);
    throw err;
  }
}

/** Asks the ERP which company and local currency it is; unreachable or refused becomes a readable failure. */
async function companyOf(ws: Workspace, erp: ErpConnector, connection: ConnectionRow, signal: AbortSignal): Promise<{ company: string; localCurrency: string | null }> {
  try {
    const info = await erp.testConnection(signal);
    // The rates the ERP holds now: the plan converts at these, and one changed since approval withdraws it.
    await rereadLedgerRates(ws.db, connection.id, erp, new Date(ws.clock.now()), signal);
    return { company: info.companyName, localCurrency: info.localCurrency };
  } catch (err) {
    if (err instanceof ErpError) throw new ApiFailure('conflict', `${connection.name} could not be reached to check its company and currency: ${err.message}`);
    throw err;
  }
}

function plan(ws: Workspace, versionId: number, connection: ConnectionRow, company: { localCurrency: string | null }): SettlementPostingPlan {
  const p = planSettlementPosting(ws, outboxOf(ws), versionId, connection.id, {
    name: connection.name,
    localCurrency: company.localCurrency,
    // Business Central's journalLines API has no currency field: journals post in the local currency only.
    journalsInLocalCurrencyOnly: connection.kind === 'business-central',
  });
  if (!p) throw new ApiFailure('not_found', `There is no imported settlement version ${versionId}.`);
  return p;
}

function takeLease(ws: Workspace, purpose: string): HeldLease {
  try {
    return new PostingLease(ws.db).acquire(ws.osUser, purpose).keepAlive();
  } catch (err) {
    if (err instanceof PostingLeaseHeld) throw new ApiFailure('conflict', err.message);
    throw err;
  }
}

/** Posts the given natural keys under the lease, reporting progress and a `changed` event per document. */
async function post(ws: Workspace, ctx: CallContext, erp: ErpConnector, connection: ConnectionRow, lease: HeldLease, only: ReadonlySet<string>, enqueued: number): Promise<PostingRunView> {
  const started = performance.now();
  const phase = `Posting to ${connection.name}`;
  let lastDone = -1;
  const result: PostingRunResult = await runPosting(outboxOf(ws), erp, {
    signal: ctx.signal,
    only,
    leaseLost: () => !lease.renew(),
    onProgress: (p) => {
      ctx.progress({ phase, done: p.done, total: p.total, ...(p.current ? { current: p.current } : {}) });
      if (p.done !== lastDone) ws.events.emit({ type: 'changed', topic: 'posting' });
      lastDone = p.done;
    },
  });
  ws.events.emit({ type: 'changed', topic: 'posting' });
  return { ...result, enqueued, durationMs: Math.round(performance.now() - started) };
}

export const postingHandlers: Pick<Handlers, PostingCall> = {
  'posting.plan': async ({ versionId, connectionId }, { ws, signal }) => {
    const { connection, erp } = await connect(ws, connectionId);
    const company = await companyOf(ws, erp, connection, signal);
    const p = plan(ws, versionId, connection, company);
    return {
      versionId: p.versionId, settlementId: p.settlementId, version: p.version,
      connection: { id: connection.id, name: connection.name, company: company.company, localCurrency: company.localCurrency },
      approval: p.approval ? { approvedBy: p.approval.approvedBy, approvedAt: p.approval.approvedAt } : null,
      documents: p.documents,
      refusals: p.refusals,
    };
  },

  'posting.post': async ({ versionId, connectionId }, ctx) => {
    const { ws } = ctx;
    const { connection, erp } = await connect(ws, connectionId);
    const lease = takeLease(ws, `posting settlement version ${versionId} to ${connection.name}`);
    try {
      ctx.progress({ phase: `Checking ${connection.name}`, done: 0, total: null });
      const company = await companyOf(ws, erp, connection, ctx.signal);
      const p = plan(ws, versionId, connection, company);
      let enqueued: number;
      try {
        enqueued = enqueuePlan(outboxOf(ws), p, ws.osUser);
      } catch (err) {
        if (err instanceof PostingRefused) throw new ApiFailure('invalid_input', err.message);
        throw err;
      }
      ws.audit.record({
        kind: 'decision', system: 'app', operation: 'posting.run', actor: ws.osUser, connectionId: connection.id,
        subjectType: 'settlement', subjectId: p.settlementId,
        detail: { version: p.version, documents: p.documents.map((d) => d.naturalKey), enqueued, company: company.company },
      });
      if (enqueued) ws.events.emit({ type: 'changed', topic: 'posting' });
      return await post(ws, ctx, erp, connection, lease, new Set(p.documents.map((d) => d.naturalKey)), enqueued);
    } finally {
      lease.release();
    }
  },

  'posting.list': ({ settlementId, versionId }, { ws }) => {
    const approval = versionId !== undefined ? new ApprovalStore(ws.db).of(versionId) : null;
    return {
      documents: outboxOf(ws).list({ settlementId }).map(rowOf),
      run: new PostingLease(ws.db).current(),
      approval: approval ? { approvedBy: approval.approvedBy, approvedAt: approval.approvedAt } : null,
    };
  },

  'posting.replay': async ({ naturalKey, connectionId }, ctx) => {
    const { ws } = ctx;
    const outbox = outboxOf(ws);
    const entry = outbox.get(naturalKey);
    if (!entry) throw new ApiFailure('not_found', `No document with natural key ${naturalKey} in the posting outbox.`);
    if (entry.state !== 'failed') throw new ApiFailure('conflict', `Document ${naturalKey} is ${entry.state}; only a failed document can be replayed.`);
    const key = parseSettlementNaturalKey(naturalKey);
    const version = key && (ws.db.prepare('SELECT id FROM settlement_version WHERE settlement_id = ? AND version = ?').get(key.settlementId, key.version) as { id: number } | undefined);
    if (!version) throw new ApiFailure('not_found', `The settlement version of ${naturalKey} is no longer stored; it cannot be rebuilt.`);
    const { connection, erp } = await connect(ws, connectionId);
    const lease = takeLease(ws, `replaying ${naturalKey} to ${connection.name}`);
    try {
      ctx.progress({ phase: `Checking ${connection.name}`, done: 0, total: null });
      const company = await companyOf(ws, erp, connection, ctx.signal);
      const p = plan(ws, version.id, connection, company);
      if (p.refusals.length) throw new ApiFailure('invalid_input', new PostingRefused(p.refusals, `Document ${naturalKey}`).message);
      const rebuilt = p.erpDocuments.find((d) => d.externalDocumentNumber === naturalKey);
      if (!rebuilt) throw new ApiFailure('conflict', `Rebuilt from the current mappings, settlement ${key!.settlementId} no longer has a document ${naturalKey}; cancel it instead.`);
      try {
        outbox.replay(naturalKey, rebuilt, ws.osUser);
      } catch (err) {
        if (err instanceof OutboxError) throw new ApiFailure('conflict', err.message);
        throw err;
      }
      ws.events.emit({ type: 'changed', topic: 'posting' });
      return await post(ws, ctx, erp, connection, lease, new Set([naturalKey]), 0);
    } finally {
      lease.release();
    }
  },

  'posting.cancel': ({ naturalKey, reason }, { ws }) => {
    try {
      const e = outboxOf(ws).cancel(naturalKey, ws.osUser, reason);
      ws.events.emit({ type: 'changed', topic: 'posting' });
      return rowOf(e);
    } catch (err) {
      if (err instanceof OutboxError) throw new ApiFailure(/No document/.test(err.message) ? 'not_found' : 'conflict', err.message);
      throw err;
    }
  },
};
