import { afterEach, describe, expect, it } from 'vitest';
import type { FulfilmentMarker } from '../../core/erp';
import { markedLocation } from '../../core/erp';
import { McfSettingsStore } from '../../core/fulfilment/mcf-settings';
import { openDatabase } from '../../core/store';
import { migrations } from '../../core/store/migrations';
import { startBusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { startSapB1Emulator } from '../../core/sandbox/sap-b1/emulator';
import { createOrder } from '../../core/sandbox/sap-b1/emulator-orders';
import { onlineConnector } from '../erp/bc-fixtures';
import { b1Connector } from '../erp/sap-b1/sap-b1-fixtures';
import { tempDir } from '../support/temp-workspace';

// Orders marked for Amazon fulfilment by location, shipping agent or a field the user picks, as each ERP's
// API shows them: the connector reads only the marked orders and refuses, in words, what the ERP lacks.
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

const numbers = (orders: Array<{ number: string; lines: unknown[] }>) => orders.map((o) => `${o.number}:${o.lines.length}`);

describe('Business Central: by location or by a field of salesOrders; no shipping agent in API v2.0', () => {
  async function bcWorld() {
    const bc = await startBusinessCentralEmulator();
    const erp = onlineConnector(bc);
    cleanups.push(() => bc.stop(), () => erp.close());
    const fba = bc.rows('locations').find((l) => l.code === 'AMAZON-FBA')!.id;
    const order = async (po: string, header: Record<string, string>, atFba: boolean) => {
      const created = await erp.syncSalesOrder({ externalDocumentNumber: po, customerNumber: 'AMZ-DE', orderDate: '2026-11-20', currency: 'EUR', lines: [{ itemNumber: '1900-S', quantity: 2, unitPrice: 15040 }, { itemNumber: '1906-S', quantity: 1, unitPrice: 9900 }] });
      bc.salesOrders.edit(created.documentNumber, { shipToName: 'Jane Doe', ...header }, atFba ? { locationId: fba } : undefined);
      return created.documentNumber;
    };
    return { erp, order };
  }

  it('reads the orders whose salesperson is the marker, with all their item lines, and not the others', async () => {
    const { erp, order } = await bcWorld();
    const marked = await order('WEB-1', { salesperson: 'AMZ' }, false);
    await order('WEB-2', { salesperson: 'PS' }, false);
    const atFba = await order('WEB-3', {}, true);
    expect(numbers(await erp.readFulfilmentOrders({ by: 'field', field: 'salesperson', value: 'AMZ' }))).toEqual([`${marked}:2`]);
    expect(numbers(await erp.readFulfilmentOrders({ by: 'location', code: 'AMAZON-FBA' }))).toEqual([`${atFba}:2`]);
  });

  it('refuses a field salesOrders does not have and a shipping agent, naming what it offers', async () => {
    const { erp } = await bcWorld();
    await expect(erp.readFulfilmentOrders({ by: 'field', field: 'shippingAgentCode', value: 'AMZ' })).rejects.toThrow(/Business Central's sales orders have no field "shippingAgentCode".*Pick one of externalDocumentNumber, customerNumber, salesperson/);
    await expect(erp.checkFulfilmentMarker({ by: 'shipping-agent', code: 'DHL' })).rejects.toThrow('Business Central cannot mark orders shipped by Amazon by shipping agent: API v2.0 salesOrders has no shipping agent field (only shipmentMethodId, the shipment method). Mark them by location or field in the fulfilment settings.');
    await expect(erp.checkFulfilmentMarker({ by: 'location', code: 'NOWHERE' })).rejects.toThrow('Business Central has no location NOWHERE');
  });
});

describe('SAP Business One: by warehouse, by shipping type (TransportationCode) or by a user field (U_)', () => {
  async function b1World() {
    const b1 = await startSapB1Emulator();
    const erp = b1Connector(b1);
    cleanups.push(() => b1.stop(), () => erp.close());
    const order = (ref: string, header: Record<string, unknown>, warehouse = '01') =>
      String(createOrder({ CardCode: 'C-AMZ-US', CardName: 'Jane Doe', NumAtCard: ref, DocDate: '2026-11-20', AddressExtension: { ShipToCity: 'Seattle', ShipToCountry: 'US' }, ...header,
        DocumentLines: [{ ItemCode: 'A00001', Quantity: 2, WarehouseCode: warehouse }, { ItemCode: 'A00002', Quantity: 1, WarehouseCode: '01' }] }, b1.seed, b1.salesOrders(), '2026-11-20').DocNum);
    return { erp, order };
  }

  it('reads the orders naming the shipping type (by name or code) or holding the user field\'s value, with all their open lines', async () => {
    const { erp, order } = await b1World();
    const byAgent = order('WEB-1', { TransportationCode: 2 });
    const byField = order('WEB-2', { U_ShipByAmazon: 'Y' });
    const byChannel = order('WEB-3', { U_Channel: 7, TransportationCode: 1 });
    const atWarehouse = order('WEB-4', {}, '02');
    expect(numbers(await erp.readFulfilmentOrders({ by: 'shipping-agent', code: 'Amazon MCF' }))).toEqual([`${byAgent}:2`]);
    expect(numbers(await erp.readFulfilmentOrders({ by: 'shipping-agent', code: '2' }))).toEqual([`${byAgent}:2`]);
    expect(numbers(await erp.readFulfilmentOrders({ by: 'field', field: 'U_ShipByAmazon', value: 'Y' }))).toEqual([`${byField}:2`]);
    expect(numbers(await erp.readFulfilmentOrders({ by: 'field', field: 'U_Channel', value: '7' }))).toEqual([`${byChannel}:2`]);
    expect(numbers(await erp.readFulfilmentOrders({ by: 'location', code: '02' }))).toEqual([`${atWarehouse}:1`]);
  });

  it('refuses a shipping type or user field the company does not have, a field that is not a user field, and a number field given text', async () => {
    const { erp } = await b1World();
    const refused = (m: FulfilmentMarker) => erp.checkFulfilmentMarker(m);
    await expect(refused({ by: 'shipping-agent', code: 'DHL' })).rejects.toThrow('SAP Business One has no shipping type DHL, the one set for orders shipped by Amazon.');
    await expect(refused({ by: 'field', field: 'U_AmazonShip', value: 'Y' })).rejects.toThrow('SAP Business One has no user field U_AmazonShip on sales orders (table ORDR)');
    await expect(refused({ by: 'field', field: 'Comments', value: 'Amazon' })).rejects.toThrow('"Comments" is not a user-defined field');
    await expect(refused({ by: 'field', field: 'U_Channel', value: 'web' })).rejects.toThrow('The user field U_Channel holds whole numbers, so "web" can never match an order.');
    await expect(refused({ by: 'field', field: 'U_ShipByAmazon', value: 'Y' })).resolves.toBeUndefined();
  });
});

describe('the marker, stored per connection', () => {
  it('keeps each kind of marker; settings stored before migration 310 keep their location', () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const file = `${dir.dir}/ws.sqlite`;
    const before = openDatabase(file, { migrations: migrations.filter((m) => m.id < 310) });
    const at = '2026-11-20T12:00:00.000Z';
    for (const id of ['erp-1', 'erp-2', 'amz']) before.prepare("INSERT INTO connection (id, kind, name, settings, created_at, updated_at) VALUES (?, 'sap-b1', ?, '{}', ?, ?)").run(id, id, at, at);
    before.prepare("INSERT INTO mcf_settings (erp_connection_id, amazon_connection_id, location_code, default_speed, updated_at) VALUES ('erp-1', 'amz', 'AMAZON-FBA', 'Expedited', ?)").run(at);
    before.close();
    const db = openDatabase(file);
    cleanups.push(() => { db.close(); });
    const store = new McfSettingsStore(db, () => new Date(at));
    expect(store.get('erp-1')).toMatchObject({ marker: { by: 'location', code: 'AMAZON-FBA' }, defaultSpeed: 'Expedited' });
    store.set({ erpConnectionId: 'erp-2', amazonConnectionId: 'amz', marker: { by: 'field', field: ' U_ShipByAmazon ', value: 'Y ' }, defaultSpeed: 'Standard' });
    expect(store.get('erp-2')!.marker).toEqual({ by: 'field', field: 'U_ShipByAmazon', value: 'Y' });
    store.set({ erpConnectionId: 'erp-2', amazonConnectionId: 'amz', marker: { by: 'shipping-agent', code: 'Amazon MCF' }, defaultSpeed: 'Standard' });
    expect(store.get('erp-2')!.marker).toEqual({ by: 'shipping-agent', code: 'Amazon MCF' });
    expect(() => store.set({ erpConnectionId: 'erp-2', amazonConnectionId: 'amz', marker: { by: 'field', field: 'U_ShipByAmazon', value: ' ' }, defaultSpeed: 'Standard' })).toThrow('an empty value would match no order');
    expect(store.get('erp-2')!.marker).toEqual({ by: 'shipping-agent', code: 'Amazon MCF' });
  });

  it('a connector that marks by location only takes its location in one line and refuses the other markers in words', () => {
    const erp = { system: 'acumatica', label: 'Acumatica' };
    expect(markedLocation({ by: 'location', code: 'WH-AMZ' }, erp)).toBe('WH-AMZ');
    expect(() => markedLocation({ by: 'field', field: 'UsrAmazon', value: '1' }, erp)).toThrow('Acumatica cannot mark orders shipped by Amazon by field. Mark them by location in the fulfilment settings.');
  });
});
