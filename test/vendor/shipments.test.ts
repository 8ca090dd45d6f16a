import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_VENDOR_CODE } from '../../core/sandbox/amazon/vendor-seed';
import { proposeAcknowledgements, setAcknowledgeMode } from '../../core/vendor/acknowledgement-proposal';
import { pollAcknowledgementTransactions, submitQueuedAcknowledgements } from '../../core/vendor/acknowledgement-sending';
import type { SalesOrderIntent } from '../../core/vendor/purchase-order-intake';
import { readPurchaseOrders } from '../../core/vendor/purchase-order-intake';
import { sendSalesOrders } from '../../core/vendor/sales-order-sending';
import { markShipmentConfirmedElsewhere, proposeShipmentConfirmations, sendShipmentConfirmation, type ShipmentIntent } from '../../core/vendor/shipment-confirmation';
import { pollShipmentTransactions, submitQueuedShipmentConfirmations } from '../../core/vendor/shipment-confirmation-sending';
import { requestBodyErrors, responseErrors } from '../amazon/contract';
import { AMAZON, ERP, intakeOptions, vendorFixture, type VendorFixture } from './vendor-fixture';

let f: VendorFixture;
afterEach(async () => { await f?.stop(); });

const flow = () => ({ db: f.h.db, outbox: f.outbox, reviews: f.reviews, erp: f.erp, client: f.h.client, erpConnectionId: ERP, amazonConnectionId: AMAZON, now: f.now });
const shipments = () => f.outbox.list<ShipmentIntent>({ kind: 'shipment' });
const shipmentOf = (po: string) => shipments().find((s) => s.document.poNumber === po)!;
const salesOrderNumber = (po: string) => f.outbox.list<SalesOrderIntent>({ kind: 'sales-order' }).find((e) => e.document.poNumber === po)!.result!;
const sentBodies = () => f.h.sent.filter((s) => s.url.endsWith('/vendor/shipping/v1/shipmentConfirmations')).map((s) => JSON.parse(s.body!) as { shipmentConfirmations: Array<Record<string, unknown>> });
const send = (po: string) => sendShipmentConfirmation({ outbox: f.outbox, amazonConnectionId: AMAZON, vendorCode: DEMO_VENDOR_CODE, shipmentNumber: shipmentOf(po).document.erpShipment.number, shipFromPartyId: 'MLCD1-DUS', now: f.now });

/** The demo POs as BC sales orders; all but 4TX81A2C acknowledged and accepted by Amazon. */
async function acknowledgedOrders() {
  await readPurchaseOrders(intakeOptions(f));
  await sendSalesOrders(f.outbox, f.reviews, ERP, f.erp);
  setAcknowledgeMode(f.h.db, ERP, DEMO_VENDOR_CODE, 'from-availability', f.now());
  await proposeAcknowledgements(flow());
  const c = f.outbox.list({ kind: 'acknowledgement' }).find((e) => e.subject === `${DEMO_VENDOR_CODE}:4TX81A2C`)!;
  f.outbox.move(c, ['pending'], 'held', {});
  await submitQueuedAcknowledgements(flow());
  f.h.emulator.advanceTime(11_000);
  await pollAcknowledgementTransactions(flow());
}

describe('Vendor Central shipment confirmations', () => {
  it('holds a confirmation of each posted Business Central shipment until a person sends it; it goes once, and Amazon’s outcome is read back, a rejection in its words', async () => {
    f = await vendorFixture();
    await acknowledgedOrders();
    expect((await proposeShipmentConfirmations(flow())).proposed).toEqual([]);

    f.bc.salesOrders.ship(salesOrderNumber('4TX81A2B'));
    f.bc.salesOrders.ship(salesOrderNumber('4TX81A2C'));
    const proposed = await proposeShipmentConfirmations(flow());
    expect(proposed.proposed).toHaveLength(2);
    expect(shipmentOf('4TX81A2B')).toMatchObject({ state: 'held', document: { shipToPartyId: 'DUS2', erpShipment: { externalDocumentNumber: '4TX81A2B', orderNumber: salesOrderNumber('4TX81A2B') } } });
    expect(shipmentOf('4TX81A2B').document.shippedItems).toEqual([
      { itemSequenceNumber: '1', amazonProductIdentifier: 'B0DEMO1900', vendorProductIdentifier: '1900-S', shippedQuantity: { amount: 12, unitOfMeasure: 'Eaches' }, itemDetails: { purchaseOrderNumber: '4TX81A2B' } },
      { itemSequenceNumber: '2', amazonProductIdentifier: 'B0DEMO1906', vendorProductIdentifier: '1906-S', shippedQuantity: { amount: 4, unitOfMeasure: 'Eaches' }, itemDetails: { purchaseOrderNumber: '4TX81A2B' } },
    ]);
    // Nothing leaves before a person sends it, and reading the shipments again proposes nothing new.
    expect((await submitQueuedShipmentConfirmations(flow())).submitted).toEqual([]);
    expect((await proposeShipmentConfirmations(flow())).proposed).toEqual([]);
    expect(() => sendShipmentConfirmation({ outbox: f.outbox, amazonConnectionId: AMAZON, vendorCode: DEMO_VENDOR_CODE, shipmentNumber: shipmentOf('4TX81A2B').document.erpShipment.number, shipFromPartyId: ' ', now: f.now }))
      .toThrow(/name the warehouse it left from/);

    send('4TX81A2B');
    send('4TX81A2C');
    expect(() => send('4TX81A2B')).toThrow(/already queued to be sent; Amazon gets each shipment once/);
    expect((await submitQueuedShipmentConfirmations(flow())).submitted).toHaveLength(2);
    expect((await submitQueuedShipmentConfirmations(flow())).submitted).toEqual([]);
    const bodies = sentBodies();
    expect(bodies).toHaveLength(2);
    for (const b of bodies) expect(requestBodyErrors('vendorShipments.json', 'SubmitShipmentConfirmations', b)).toEqual([]);
    expect(bodies[0]!.shipmentConfirmations[0]).toMatchObject({
      shipmentIdentifier: shipmentOf('4TX81A2B').document.erpShipment.number, shipmentConfirmationType: 'Original', shipmentConfirmationDate: expect.stringMatching(/^2026-06-16T08:1\d:\d\d\.\d{3}Z$/),
      sellingParty: { partyId: 'MLCD1' }, shipFromParty: { partyId: 'MLCD1-DUS' }, shipToParty: { partyId: 'DUS2' },
    });

    expect((await pollShipmentTransactions(flow())).processing).toBe(2);
    f.h.emulator.advanceTime(11_000);
    const polled = await pollShipmentTransactions(flow());
    expect(polled.accepted).toEqual([shipmentOf('4TX81A2B').naturalKey]);
    expect(polled.rejected).toEqual([shipmentOf('4TX81A2C').naturalKey]);
    expect(shipmentOf('4TX81A2C')).toMatchObject({ state: 'rejected', detail: { reasons: [expect.stringMatching(/^PurchaseOrderNotAcknowledged: Shipment S-SHPT\d+, item 1: purchase order 4TX81A2C has not been acknowledged/)] } });
    const item = f.reviews.list({ erpConnectionId: ERP }).find((r) => r.kind === 'shipment-rejected')!;
    expect(item).toMatchObject({ poNumber: '4TX81A2C', state: 'open' });
    expect(item.title).toMatch(/Amazon rejected the confirmation of shipment S-SHPT\d+ \(PO 4TX81A2C\): PurchaseOrderNotAcknowledged/);
    expect([...f.h.emulator.vendor.shipmentConfirmations.values()]).toEqual([1, 1]);
  });

  it('never sends a confirmation twice through a dropped connection, and one confirmed elsewhere is not sent at all', async () => {
    f = await vendorFixture();
    await acknowledgedOrders();
    f.bc.salesOrders.ship(salesOrderNumber('4TX81A2B'));
    f.bc.salesOrders.ship(salesOrderNumber('4TX81A2D'));
    await proposeShipmentConfirmations(flow());
    send('4TX81A2B');
    markShipmentConfirmedElsewhere({ outbox: f.outbox, amazonConnectionId: AMAZON, vendorCode: DEMO_VENDOR_CODE, shipmentNumber: shipmentOf('4TX81A2D').document.erpShipment.number, note: 'our carrier sends ASNs' });
    f.h.emulator.faults.dropAfterProcessing(1, { operation: 'SubmitShipmentConfirmations' });
    const first = await submitQueuedShipmentConfirmations(flow());
    expect(first).toEqual({ submitted: [], failed: [shipmentOf('4TX81A2B').naturalKey] });
    expect((shipmentOf('4TX81A2B').detail as { message: string }).message).toMatch(/may have reached Amazon.*not sent again/);
    expect(await submitQueuedShipmentConfirmations(flow())).toEqual({ submitted: [], failed: [] });
    expect(shipmentOf('4TX81A2D')).toMatchObject({ state: 'cancelled', detail: { reason: 'Confirmed to Amazon outside this app: our carrier sends ASNs' } });
    expect([...f.h.emulator.vendor.shipmentConfirmations.entries()]).toEqual([[shipmentOf('4TX81A2B').document.erpShipment.number, 1]]);
  });

  it('answers SubmitShipmentConfirmations and a malformed one as the model declares', async () => {
    f = await vendorFixture();
    const bad = { shipmentConfirmations: [{ shipmentIdentifier: '' }] };
    const res = await f.h.client.request({ operation: 'SubmitShipmentConfirmations', method: 'POST', path: '/vendor/shipping/v1/shipmentConfirmations', body: bad }).catch((e: unknown) => e);
    expect(String((res as Error).message)).toMatch(/Invalid Shipment ID/);
    expect(responseErrors('vendorShipments.json', 'SubmitShipmentConfirmations', 400, { errors: [{ code: 'InvalidInput', message: 'shipmentConfirmations[0]: Invalid Shipment ID' }] })).toEqual([]);
    expect(responseErrors('vendorShipments.json', 'SubmitShipmentConfirmations', 202, { payload: { transactionId: 'x' } })).toEqual([]);
  });
});
