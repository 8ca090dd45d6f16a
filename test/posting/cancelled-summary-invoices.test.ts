import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderChargeMapping } from '../../core/mapping/order-charge-mapping';
import { runPosting } from '../../core/posting';
import { cancelledSummariesOf, reissueCancelledSummaries } from '../../core/posting/cancelled-summaries';
import { closeSummaryDays, setOrderInvoiceGrouping } from '../../core/posting/order-summary-invoices';
import type { ErpConnector } from '../../core/erp/erp-connector';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { startSapB1Emulator, type SapB1Emulator } from '../../core/sandbox/sap-b1/emulator';
import { CHARGED_ORDERS, CHARGED_TOTALS, ordersWorkspace, US } from '../erp/order-invoice-fixtures';
import { b1EntryConnector } from '../erp/sap-b1/sap-b1-fixtures';
import { connectorFor } from './posting-fixture';

type Ws = ReturnType<typeof ordersWorkspace>;
const ORDER_IDS = CHARGED_ORDERS.map((o) => o.orderId);
const NET = ORDER_IDS.reduce((s, id) => s + CHARGED_TOTALS[id]!.net, 0);

function summarised(ws: Ws, connectionId: string, customer: string, items: { chair: string; box: string }, charges: readonly OrderChargeMapping[]) {
  setOrderInvoiceGrouping({ db: ws.db, audit: ws.audit, outbox: ws.outbox, connectionId, actor: 'tester', now: new Date(ws.clock.now()) }, 'daily-summary');
  ws.enqueue(customer, items, CHARGED_ORDERS, charges);
  expect(closeSummaryDays({ db: ws.db, audit: ws.audit, outbox: ws.outbox, connectionId, actor: 'tester' }, '2026-06-02')).toEqual([`${US}:2026-06-01:USD:summary-invoice:V1`]);
}

const check = (ws: Ws, connectionId: string, erp: ErpConnector) =>
  reissueCancelledSummaries({ db: ws.db, audit: ws.audit, outbox: ws.outbox, connectionId, actor: 'tester', erp: async () => erp, at: new Date(ws.clock.now()) });

describe('a summary invoice a person cancelled in the ERP: its orders go on a further version, the cancelled one left as it was', () => {
  const C = 'bc-cancelled-summary';
  const CHARGES: OrderChargeMapping[] = [
    { charge: 'shipping', marketplace: '', lineType: 'account', target: '6100' },
    { charge: 'promotion', marketplace: '', lineType: 'account', target: '6100' },
    { charge: 'tax', marketplace: '', lineType: 'tax-code', target: 'STANDARD' },
  ];
  let bc: BusinessCentralEmulator;
  let ws: Ws;
  beforeEach(async () => {
    bc = await startBusinessCentralEmulator({ latencyMs: 1 });
    ws = ordersWorkspace({ id: C, kind: 'business-central', name: 'CRONUS' });
  });
  afterEach(async () => {
    ws.close();
    await bc.stop();
  });

  it('Business Central: found Canceled on the next check, its orders are invoiced once more on V2; checked again, nothing more is made', async () => {
    summarised(ws, C, 'AMZ-DE', { chair: '1900-S', box: '1906-S' }, CHARGES);
    const connector = connectorFor(bc);
    expect(await runPosting(ws.outbox, C, connector)).toMatchObject({ outcome: 'completed', failed: [] });
    // Nobody cancelled anything: nothing changes.
    expect(await check(ws, C, connector)).toEqual([]);
    const [v1] = bc.rows('salesInvoices');
    bc.cancelSalesInvoice(String(v1!.number));

    const found = await check(ws, C, connector);
    expect(found).toEqual([{ summaryKey: 'AMZ-US-20260601-USD-V1', erpDocumentNumber: String(v1!.number), orderIds: ORDER_IDS, queued: [`${US}:2026-06-01:USD:summary-invoice:V2`] }]);
    expect(await runPosting(ws.outbox, C, connector)).toMatchObject({ outcome: 'completed', failed: [] });
    const invoices = bc.rows('salesInvoices');
    expect(invoices.map((i) => [i.externalDocumentNumber, i.status, i.totalAmountExcludingTax])).toEqual([
      ['AMZ-US-20260601-USD-V1', 'Canceled', NET / 100], ['AMZ-US-20260601-USD-V2', 'Open', NET / 100],
    ]);
    // The first summary stays in the outbox as it was made; each order shows it, and is filed under the new one.
    expect(ws.outbox.list().filter((e) => e.kind === 'salesInvoice').map((e) => [e.naturalKey, e.state])).toEqual([
      [`${US}:2026-06-01:USD:summary-invoice:V1`, 'posted'], [`${US}:2026-06-01:USD:summary-invoice:V2`, 'posted'],
    ]);
    for (const id of ORDER_IDS) expect(cancelledSummariesOf(ws.db, id).map((c) => c.summaryKey)).toEqual(['AMZ-US-20260601-USD-V1']);
    expect(ws.db.prepare(`SELECT DISTINCT summary_key FROM order_summary_member WHERE erp_connection_id = ?`).all(C)).toEqual([{ summary_key: 'AMZ-US-20260601-USD-V2' }]);
    const audit = ws.db.prepare(`SELECT subject_id FROM audit_event WHERE operation = 'order.summary-invoice-cancelled'`).all() as { subject_id: string }[];
    expect(audit).toEqual([{ subject_id: 'AMZ-US-20260601-USD-V1' }]);

    expect(await check(ws, C, connector)).toEqual([]);
    expect((await runPosting(ws.outbox, C, connector)).posted).toHaveLength(0);
    expect(bc.rows('salesInvoices')).toHaveLength(2);
  });
});

describe('SAP Business One: a cancelled summary A/R invoice', () => {
  const C = 'b1-cancelled-summary';
  const CHARGES: OrderChargeMapping[] = [
    { charge: 'shipping', marketplace: '', lineType: 'freight', target: '1' },
    { charge: 'promotion', marketplace: '', lineType: 'freight', target: '3' },
    { charge: 'tax', marketplace: 'Amazon.com', lineType: 'tax-code', target: 'CA' },
  ];
  let emu: SapB1Emulator;
  let ws: Ws;
  beforeEach(async () => {
    emu = await startSapB1Emulator();
    ws = ordersWorkspace({ id: C, kind: 'sap-b1', name: 'OEC Computers' });
  });
  afterEach(async () => {
    ws.close();
    await emu.stop();
  });

  it('found Cancelled = tYES, its orders go on V2, created once through a lost answer', async () => {
    summarised(ws, C, 'C-AMZ-US', { chair: 'A00001', box: 'A00002' }, CHARGES);
    const erp = b1EntryConnector(emu, ws, C);
    expect(await runPosting(ws.outbox, C, erp)).toMatchObject({ outcome: 'completed', failed: [] });
    expect(await check(ws, C, erp)).toEqual([]);
    // A person cancels the invoice in B1's own window.
    Object.assign(emu.invoices()[0]!, { Cancelled: 'tYES' });
    expect((await check(ws, C, erp)).map((f) => f.queued)).toEqual([[`${US}:2026-06-01:USD:summary-invoice:V2`]]);
    emu.faults.dropAfterProcessing(1, { path: /^POST Invoices$/ });
    expect(await runPosting(ws.outbox, C, erp)).toMatchObject({ outcome: 'completed', failed: [] });
    expect(emu.invoices().map((i) => [i.NumAtCard, i.Cancelled])).toEqual([['AMZ-US-20260601-USD-V1', 'tYES'], ['AMZ-US-20260601-USD-V2', 'tNO']]);
    expect(await check(ws, C, erp)).toEqual([]);
    await erp.close();
  });
});
