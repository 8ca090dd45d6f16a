import { PostingOutbox } from '../posting/outbox';
import type { Workspace } from '../workspace/workspace';

/** A document the ERP holds but a person still has to post there (F&O's journals: its API cannot post them). */
export interface AwaitingInErp {
  connectionId: string | null;
  /** The ERP connection's name as the user gave it, which the screens say the document waits in. */
  connectionName: string;
  settlementId: string;
  naturalKey: string;
  /** The ERP's own key of the unposted document (F&O: the journal batch number). */
  erpDocumentNumber: string | null;
  /** When the ERP created it and it began to wait: the outbox entry does not change while it waits. */
  since: string;
}

/** Every document waiting to be posted in its ERP, longest waiting first. */
export function awaitingInErp(ws: Pick<Workspace, 'db' | 'audit' | 'connections'>): AwaitingInErp[] {
  const names = new Map(ws.connections.list().map((c) => [c.id, c.name]));
  return new PostingOutbox(ws.db, ws.audit).list({ state: 'awaiting' })
    .map((e) => ({
      connectionId: e.connectionId, connectionName: (e.connectionId && names.get(e.connectionId)) || 'the ERP', settlementId: e.settlementId,
      naturalKey: e.naturalKey, erpDocumentNumber: e.erpDocumentNumber, since: e.updatedAt,
    }))
    .sort((a, b) => a.since.localeCompare(b.since) || a.naturalKey.localeCompare(b.naturalKey));
}
