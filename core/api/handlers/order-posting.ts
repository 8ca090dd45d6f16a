import { OrderInvoiceGroupings } from '../../connections/order-invoice-grouping';
import { OrderPostingModes } from '../../connections/order-posting-mode';
import { setOrderInvoiceGrouping } from '../../posting/order-summary-invoices';
import { PostingOutbox } from '../../posting/outbox';
import type { ConnectionRow } from '../../connections/connection-repository';
import { erpKind } from '../../erp/registry';
import type { Workspace } from '../../workspace/workspace';
import type { OrderPostingSettingView } from '../calls/order-posting';
import type { Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';

type OrderPostingCall = 'orderPosting.get' | 'orderPosting.set' | 'orderPosting.setGrouping';

function erpConnection(ws: Workspace, id: string): ConnectionRow {
  const row = ws.connections.get(id);
  if (!row) throw new ApiFailure('not_found', `No connection with id ${id}: it may have been removed.`);
  if (!erpKind(row.kind)) throw new ApiFailure('invalid_input', `"${row.name}" is not an ERP connection; orders are booked into an ERP.`);
  return row;
}

/** The sales invoice flow needs a built connector that declares it. */
const invoicesSupported = (row: ConnectionRow) => {
  const kind = erpKind(row.kind);
  return !!kind?.connector && kind.capabilities.flows.includes('salesInvoices');
};

function view(ws: Workspace, row: ConnectionRow): OrderPostingSettingView {
  return {
    connectionId: row.id, ...new OrderPostingModes(ws.db, ws.audit).get(row.id), invoicesSupported: invoicesSupported(row),
    grouping: new OrderInvoiceGroupings(ws.db, ws.audit).get(row.id).grouping,
  };
}

export const orderPostingHandlers: Pick<Handlers, OrderPostingCall> = {
  'orderPosting.get': ({ connectionId }, { ws }) => view(ws, erpConnection(ws, connectionId)),

  'orderPosting.set': ({ connectionId, mode }, { ws }) => {
    const row = erpConnection(ws, connectionId);
    if (mode === 'orders-as-invoices' && !invoicesSupported(row)) {
      throw new ApiFailure('invalid_input', `${row.name} cannot take Amazon orders as sales invoices yet; it stays on "Settlement only", where the settlement journal books revenue, fees and refunds.`);
    }
    if (new OrderPostingModes(ws.db, ws.audit).set(row.id, mode, ws.osUser, new Date(ws.clock.now()))) ws.events.emit({ type: 'changed', topic: 'connections' });
    return view(ws, row);
  },

  'orderPosting.setGrouping': ({ connectionId, grouping }, { ws }) => {
    const row = erpConnection(ws, connectionId);
    const { changed, note } = setOrderInvoiceGrouping({
      db: ws.db, audit: ws.audit, outbox: new PostingOutbox(ws.db, ws.audit), connectionId: row.id, actor: ws.osUser, now: new Date(ws.clock.now()),
    }, grouping);
    if (changed) {
      ws.events.emit({ type: 'changed', topic: 'connections' });
      ws.events.emit({ type: 'changed', topic: 'posting' });
    }
    return { ...view(ws, row), note: changed ? note : `${row.name} already makes ${grouping === 'daily-summary' ? 'one summary invoice per marketplace per day' : 'one invoice per shipped order'}; nothing changed.` };
  },
};
