import { afterEach, describe, expect, it } from 'vitest';
import { demoSeller } from '../../core/sandbox/amazon/seed-data';
import { DEMO_VENDOR_CODE, demoPurchaseOrders, vendorPurchaseOrder } from '../../core/sandbox/amazon/vendor-seed';
import { decideAcknowledgement, proposeAcknowledgements, setAcknowledgeMode, type AcknowledgementIntent } from '../../core/vendor/acknowledgement-proposal';
import { acknowledgementsOf, resendAcknowledgement } from '../../core/vendor/acknowledgement-resend';
import { pollAcknowledgementTransactions, submitQueuedAcknowledgements } from '../../core/vendor/acknowledgement-sending';
import { readPurchaseOrders } from '../../core/vendor/purchase-order-intake';
import { sendSalesOrders } from '../../core/vendor/sales-order-sending';
import { requestBodyErrors } from '../amazon/contract';
import { AMAZON, DAY, ERP, intakeOptions, VENDOR_START, vendorFixture, type VendorFixture } from './vendor-fixture';

let f: VendorFixture;
afterEach(async () => { await f?.stop(); });

/**
 * The demo POs and two more for the ATHENS Mobile Pedestal (1906-S), of which Business Central holds 7:
 * 4TX81A2B takes 4, 4TX81A2E wants 5 (a backorder allowed) and 4TX81A2F wants 1 (no backorder).
 */
function seller() {
  const now = VENDOR_START;
  const s = demoSeller(now);
  const e = vendorPurchaseOrder('4TX81A2E', DEMO_VENDOR_CODE, now - 2 * DAY, [{ vendorSku: '1906-S', asin: 'B0DEMO1906', quantity: 5, netCost: '219.50' }]);
  (e.orderDetails.items[0] as { isBackOrderAllowed: boolean }).isBackOrderAllowed = true;
  s.purchaseOrders = [...demoPurchaseOrders(now), e, vendorPurchaseOrder('4TX81A2F', DEMO_VENDOR_CODE, now - DAY, [{ vendorSku: '1906-S', asin: 'B0DEMO1906', quantity: 1, netCost: '219.50' }])];
  return s;
}

async function ordersInErp() {
  await readPurchaseOrders(intakeOptions(f));
  await sendSalesOrders(f.outbox, f.reviews, ERP, f.erp);
}
const flow = () => ({ db: f.h.db, outbox: f.outbox, reviews: f.reviews, erp: f.erp, client: f.h.client, erpConnectionId: ERP, amazonConnectionId: AMAZON, now: f.now });
const acks = () => f.outbox.list<AcknowledgementIntent>({ kind: 'acknowledgement' });
const ack = (po: string) => acks().find((a) => a.document.poNumber === po)!;
const sentBodies = () => f.h.sent.filter((s) => s.url.endsWith('/vendor/orders/v1/acknowledgements')).map((s) => JSON.parse(s.body!) as { acknowledgements: Array<Record<string, unknown>> });

describe('Vendor Central acknowledgements', () => {
  it('proposes each PO line from Business Central stock and holds it until a person confirms; the decision goes to Amazon once and its outcome is read back', async () => {
    f = await vendorFixture(seller());
    await ordersInErp();
    const proposed = await proposeAcknowledgements(flow());
    expect(proposed.queued).toEqual([]);
    expect(proposed.proposed).toHaveLength(5);
    expect(acks().every((a) => a.state === 'held')).toBe(true);
    expect(ack('4TX81A2B').document.lines.map((l) => [l.accepted, l.backordered, l.rejected])).toEqual([[12, 0, 0], [4, 0, 0]]);
    expect(ack('4TX81A2E').document.lines[0]).toMatchObject({ accepted: 3, backordered: 2, rejected: 0 });
    expect(ack('4TX81A2F').document.lines[0]).toMatchObject({ accepted: 0, backordered: 0, rejected: 1, rejectionReason: 'TemporarilyUnavailable' });
    expect(ack('4TX81A2F').document.stock).toMatchObject({ '1906-S': 7 });
    // Nothing leaves before a person decides, and a second proposal run changes nothing.
    expect((await submitQueuedAcknowledgements(flow())).submitted).toEqual([]);
    expect((await proposeAcknowledgements(flow())).proposed).toEqual([]);

    decideAcknowledgement({ ...flow(), vendorCode: DEMO_VENDOR_CODE, poNumber: '4TX81A2F', lines: [{ itemSequenceNumber: '1', accepted: 0, backordered: 0, rejected: 1, rejectionReason: 'ObsoleteProduct' }] });
    expect(() => decideAcknowledgement({ ...flow(), vendorCode: DEMO_VENDOR_CODE, poNumber: '4TX81A2E', lines: [{ itemSequenceNumber: '1', accepted: 5, backordered: 1, rejected: 0 }] }))
      .toThrow(/accepted 5 \+ backordered 1 \+ rejected 0 must make the 5 eaches Amazon ordered/);
    decideAcknowledgement({ ...flow(), vendorCode: DEMO_VENDOR_CODE, poNumber: '4TX81A2E', lines: [{ itemSequenceNumber: '1', accepted: 3, backordered: 2, rejected: 0 }] });
    expect(() => decideAcknowledgement({ ...flow(), vendorCode: DEMO_VENDOR_CODE, poNumber: '4TX81A2E', lines: [{ itemSequenceNumber: '1', accepted: 5, backordered: 0, rejected: 0 }] }))
      .toThrow(/already queued to be sent; Amazon gets one acknowledgement per PO/);

    expect((await submitQueuedAcknowledgements(flow())).submitted.sort()).toEqual(['MLCD1:4TX81A2E', 'MLCD1:4TX81A2F']);
    expect((await submitQueuedAcknowledgements(flow())).submitted).toEqual([]);
    const bodies = sentBodies();
    expect(bodies).toHaveLength(2);
    for (const b of bodies) expect(requestBodyErrors('vendorOrders.json', 'submitAcknowledgement', b)).toEqual([]);
    expect(bodies.find((b) => b.acknowledgements[0]!.purchaseOrderNumber === '4TX81A2F')!.acknowledgements[0]).toMatchObject({
      sellingParty: { partyId: 'MLCD1' },
      items: [{ itemSequenceNumber: '1', vendorProductIdentifier: '1906-S', orderedQuantity: { amount: 1, unitOfMeasure: 'Eaches' }, netCost: { currencyCode: 'EUR', amount: '219.50' },
        itemAcknowledgements: [{ acknowledgementCode: 'Rejected', acknowledgedQuantity: { amount: 1, unitOfMeasure: 'Eaches' }, rejectionReason: 'ObsoleteProduct' }] }],
    });
    expect(bodies.find((b) => b.acknowledgements[0]!.purchaseOrderNumber === '4TX81A2E')!.acknowledgements[0]!.items).toMatchObject([{
      itemAcknowledgements: [{ acknowledgementCode: 'Accepted', acknowledgedQuantity: { amount: 3 } }, { acknowledgementCode: 'Backordered', acknowledgedQuantity: { amount: 2 } }],
    }]);

    expect((await pollAcknowledgementTransactions(flow())).processing).toBe(2);
    f.h.emulator.advanceTime(11_000);
    expect((await pollAcknowledgementTransactions(flow())).accepted.sort()).toEqual(['MLCD1:4TX81A2E', 'MLCD1:4TX81A2F']);
    expect(ack('4TX81A2E').state).toBe('accepted');
    const pos = f.h.emulator.sellers[0]!.purchaseOrders!;
    expect(pos.filter((p) => p.purchaseOrderState === 'Acknowledged').map((p) => p.purchaseOrderNumber).sort()).toEqual(['4TX81A2E', '4TX81A2F']);
    expect([...f.h.emulator.vendor.acknowledgements.values()]).toEqual([1, 1]);
  });

  it('sends the availability proposal itself where the vendor code says so, and never twice through a dropped connection', async () => {
    f = await vendorFixture(seller());
    setAcknowledgeMode(f.h.db, ERP, DEMO_VENDOR_CODE, 'from-availability', f.now());
    await ordersInErp();
    expect((await proposeAcknowledgements(flow())).queued).toHaveLength(5);
    f.h.emulator.faults.dropAfterProcessing(1, { operation: 'submitAcknowledgement' });
    const first = await submitQueuedAcknowledgements(flow());
    expect(first.failed).toHaveLength(1);
    expect(first.submitted).toHaveLength(4);
    const second = await submitQueuedAcknowledgements(flow());
    expect(second).toEqual({ submitted: [], failed: [] });
    const failed = acks().find((a) => a.state === 'failed')!;
    expect((failed.detail as { message: string }).message).toMatch(/may have reached Amazon.*not sent again/);
    expect([...f.h.emulator.vendor.acknowledgements.values()].every((n) => n === 1)).toBe(true);
    expect(f.h.emulator.vendor.acknowledgements.size).toBe(5);
  });

  it('shows Amazon’s reasons on a review item when it rejects an acknowledgement', async () => {
    f = await vendorFixture(seller());
    setAcknowledgeMode(f.h.db, ERP, DEMO_VENDOR_CODE, 'from-availability', f.now());
    await ordersInErp();
    await proposeAcknowledgements(flow());
    // Amazon no longer knows the PO (the emulator's rejection stands in for any of Amazon's checks).
    const pos = f.h.emulator.sellers[0]!.purchaseOrders!;
    pos.splice(pos.findIndex((p) => p.purchaseOrderNumber === '4TX81A2C'), 1);
    await submitQueuedAcknowledgements(flow());
    f.h.emulator.advanceTime(11_000);
    const polled = await pollAcknowledgementTransactions(flow());
    expect(polled.rejected).toEqual(['MLCD1:4TX81A2C']);
    expect(polled.accepted).toHaveLength(4);
    const item = f.reviews.list({ erpConnectionId: ERP }).find((r) => r.kind === 'acknowledgement-rejected')!;
    expect(item).toMatchObject({ poNumber: '4TX81A2C', state: 'open' });
    expect(item.title).toMatch(/Amazon rejected the acknowledgement of PO 4TX81A2C: InvalidPurchaseOrder: Purchase order 4TX81A2C was not issued/);
    expect(item.facts).toMatchObject({ amazon: { acknowledgement: { purchaseOrderNumber: '4TX81A2C' } } });
  });

  it('sends a person’s corrected acknowledgement as a new one after Amazon rejects theirs, keeping the rejected one with Amazon’s reasons', async () => {
    f = await vendorFixture(seller());
    await ordersInErp();
    await proposeAcknowledgements(flow());
    // 4TX81A2C does not allow a backorder (isBackOrderAllowed false); the person backorders it anyway.
    decideAcknowledgement({ ...flow(), vendorCode: DEMO_VENDOR_CODE, poNumber: '4TX81A2C', lines: [{ itemSequenceNumber: '1', accepted: 0, backordered: 2, rejected: 0 }] });
    await submitQueuedAcknowledgements(flow());
    f.h.emulator.advanceTime(11_000);
    expect((await pollAcknowledgementTransactions(flow())).rejected).toEqual(['MLCD1:4TX81A2C']);
    const resend = (lines: Parameters<typeof resendAcknowledgement>[0]['lines']) =>
      resendAcknowledgement({ db: f.h.db, outbox: f.outbox, reviews: f.reviews, vendorCode: DEMO_VENDOR_CODE, poNumber: '4TX81A2C', lines, actor: 'anna', now: f.now });
    expect(() => resend([{ itemSequenceNumber: '1', accepted: 1, backordered: 0, rejected: 0 }])).toThrow(/must make the 2 eaches Amazon ordered/);

    const again = resend([{ itemSequenceNumber: '1', accepted: 2, backordered: 0, rejected: 0 }]);
    expect(again).toMatchObject({ naturalKey: 'MLCD1:4TX81A2C#2', state: 'pending', document: { decidedBy: 'user', lines: [{ accepted: 2, backordered: 0 }] } });
    expect(() => resend([{ itemSequenceNumber: '1', accepted: 2, backordered: 0, rejected: 0 }])).toThrow(/no rejected acknowledgement to send again: its last one is pending/);
    const closed = f.reviews.list({ erpConnectionId: ERP }).find((r) => r.kind === 'acknowledgement-rejected')!;
    expect(closed).toMatchObject({ state: 'posted', resolution: { action: 'dismiss', note: expect.stringContaining('anna sent a corrected acknowledgement (MLCD1:4TX81A2C#2)') } });

    expect((await submitQueuedAcknowledgements(flow())).submitted).toEqual(['MLCD1:4TX81A2C#2']);
    f.h.emulator.advanceTime(11_000);
    expect((await pollAcknowledgementTransactions(flow())).accepted).toEqual(['MLCD1:4TX81A2C#2']);
    const [first, second] = acknowledgementsOf(f.outbox, DEMO_VENDOR_CODE, '4TX81A2C');
    expect(first).toMatchObject({ state: 'rejected', detail: { reasons: ['BackorderNotAllowed: Purchase order 4TX81A2C, item 1 does not allow backorders; accept or reject it.'] } });
    expect(second!.state).toBe('accepted');
    expect(second!.result).not.toBe(first!.result);
    const bodies = sentBodies().filter((b) => b.acknowledgements[0]!.purchaseOrderNumber === '4TX81A2C');
    expect(bodies).toHaveLength(2);
    for (const b of bodies) expect(requestBodyErrors('vendorOrders.json', 'submitAcknowledgement', b)).toEqual([]);
    expect(f.h.emulator.vendor.acknowledgements.get('4TX81A2C')).toBe(2);
    expect(f.h.emulator.sellers[0]!.purchaseOrders!.find((p) => p.purchaseOrderNumber === '4TX81A2C')!.purchaseOrderState).toBe('Acknowledged');
    const trail = f.h.audit.list().filter((e) => e.subjectId === 'MLCD1:4TX81A2C' && e.operation === 'vendor.rejected');
    expect(trail).toHaveLength(1);
    expect(JSON.parse(String(trail[0]!.detail))).toMatchObject({ naturalKey: 'MLCD1:4TX81A2C', result: first!.result, detail: { reasons: [expect.stringMatching(/^BackorderNotAllowed/)] } });
  });
});
