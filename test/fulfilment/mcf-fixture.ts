/**
 * The world of the Multi-Channel Fulfillment tests: the Amazon harness, a Business Central emulator and its
 * connector, both connections stored, the MCF flow set to ship from AMAZON-FBA, one SKU mapped, and the
 * Needs attention store. Each test gets a fresh one; `approveFirstOrders` says whether a person has already
 * let the connection's first orders go (the preview tests start before that).
 */
import { afterEach, beforeEach } from 'vitest';
import { DeadLetterStore } from '../../core/attention';
import { clockStartingAt, type Clock } from '../../core/clock/clock';
import type { ConnectionKind } from '../../core/connections/connection-kinds';
import type { BusinessCentralConnector } from '../../core/erp/business-central/client';
import type { AmazonFulfilmentOrders } from '../../core/erp/erp-connector';
import { McfFlow, type McfLinks } from '../../core/fulfilment/mcf-flow';
import { skuOfItem } from '../../core/fulfilment/sku-of-item';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { harness, type Harness } from '../amazon/harness';
import { onlineConnector } from '../erp/bc-fixtures';

export const ERP = 'bc-1';
export const AMAZON = 'amz-1';

export const address = { shipToName: 'Jane Doe', shipToAddressLine1: '1 Main St', shipToCity: 'Seattle', shipToState: 'WA', shipToPostCode: '98101', shipToCountry: 'US' };

export interface McfWorld {
  h: Harness;
  bc: BusinessCentralEmulator;
  erp: BusinessCentralConnector;
  flow: McfFlow;
  letters: DeadLetterStore;
  links: McfLinks;
}

/** Registers the hooks that build and tear down the world around each test; its fields are the current test's. */
export function useMcfWorld(o: { approveFirstOrders: boolean }): McfWorld {
  const w = {} as McfWorld;
  beforeEach(async () => {
    // Noon UTC on a pinned day: previews promise the same days however long a test takes.
    w.h = await harness({ clock: clockStartingAt(Date.parse('2026-11-20T12:00:00Z')) });
    w.bc = await startBusinessCentralEmulator();
    w.erp = onlineConnector(w.bc);
    const now = () => new Date(w.h.client.clock.now());
    for (const [id, kind] of [[AMAZON, 'amazon'], [ERP, 'business-central']] as const) {
      w.h.db.prepare('INSERT INTO connection (id, kind, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, kind, id, '{}', now().toISOString(), now().toISOString());
    }
    w.letters = new DeadLetterStore(w.h.db, now);
    w.flow = new McfFlow(w.h.db, w.letters, skuOfItem(w.h.db, w.h.audit), now);
    w.flow.settings.set({ erpConnectionId: ERP, amazonConnectionId: AMAZON, marker: { by: 'location', code: 'AMAZON-FBA' }, defaultSpeed: 'Standard' });
    w.links = { erp: w.erp, amazon: w.h.client };
    mapSku(w, 'SKU-1900', '1900-S');
    if (o.approveFirstOrders) w.flow.settings.approveFirstOrders(ERP, 'tester');
  });
  afterEach(async () => {
    await w.erp.close();
    await w.bc.stop();
    await w.h.stop();
  });
  return w;
}

export function mapSku(w: McfWorld, sku: string, item: string): void {
  w.h.db.prepare("INSERT INTO mapping_rule (connection_id, kind, subject, target, updated_at, updated_by) VALUES (?, 'sku', ?, ?, ?, 'test')").run(ERP, sku, item, new Date(w.h.client.clock.now()).toISOString());
}

/** A BC sales order; its lines stand at `location` (AMAZON-FBA: shipped by Amazon). */
export async function order(w: McfWorld, po: string, location = 'AMAZON-FBA', items = ['1900-S'], shipTo: Record<string, string> = address): Promise<string> {
  const created = await w.erp.syncSalesOrder({ externalDocumentNumber: po, customerNumber: 'AMZ-DE', orderDate: '2026-11-20', currency: 'EUR', lines: items.map((itemNumber) => ({ itemNumber, quantity: 2, unitPrice: 15040 })) });
  const locationId = w.bc.rows('locations').find((l) => l.code === location)!.id;
  w.bc.salesOrders.edit(created.documentNumber, shipTo, { locationId });
  return created.documentNumber;
}

/** The Comment lines of a BC sales order: where tracking and Amazon's notes are written. */
export function trackingLines(w: McfWorld, number: string) {
  const id = w.bc.rows('salesOrders').find((o) => o.number === number)!.id;
  return w.bc.rows('salesOrderLines').filter((l) => l.documentId === id && l.lineType === 'Comment');
}

/** The world of another ERP's MCF tests: its own emulator and connector, the Amazon harness, the flow set up. */
export interface ErpMcfWorld<Emu, Erp extends AmazonFulfilmentOrders> {
  h: Harness;
  emu: Emu;
  erp: Erp;
  flow: McfFlow;
  links: McfLinks;
}

/**
 * As useMcfWorld, for any ERP with orders shipped by Amazon: `start` brings up its emulator and connector on
 * the harness's pinned day, the flow ships from `location`, the SKUs are mapped and the first orders let go.
 */
export function useErpMcfWorld<Emu extends { stop(): Promise<void> }, Erp extends AmazonFulfilmentOrders & { close(): Promise<void> }>(o: {
  erpConnectionId: string; kind: ConnectionKind; location: string; skus: ReadonlyArray<[sku: string, item: string]>;
  start(clock: Clock): Promise<{ emu: Emu; erp: Erp }>;
}): ErpMcfWorld<Emu, Erp> {
  const w = {} as ErpMcfWorld<Emu, Erp>;
  beforeEach(async () => {
    const start = Date.parse('2026-11-20T12:00:00Z');
    w.h = await harness({ clock: clockStartingAt(start) });
    Object.assign(w, await o.start(clockStartingAt(start)));
    const now = () => new Date(w.h.client.clock.now());
    for (const [id, kind] of [[AMAZON, 'amazon'], [o.erpConnectionId, o.kind]] as const) {
      w.h.db.prepare('INSERT INTO connection (id, kind, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, kind, id, '{}', now().toISOString(), now().toISOString());
    }
    for (const [sku, item] of o.skus) {
      w.h.db.prepare("INSERT INTO mapping_rule (connection_id, kind, subject, target, updated_at, updated_by) VALUES (?, 'sku', ?, ?, ?, 'test')").run(o.erpConnectionId, sku, item, now().toISOString());
    }
    w.flow = new McfFlow(w.h.db, new DeadLetterStore(w.h.db, now), skuOfItem(w.h.db, w.h.audit), now);
    w.flow.settings.set({ erpConnectionId: o.erpConnectionId, amazonConnectionId: AMAZON, marker: { by: 'location', code: o.location }, defaultSpeed: 'Standard' });
    w.flow.settings.approveFirstOrders(o.erpConnectionId, 'tester');
    w.links = { erp: w.erp, amazon: w.h.client };
  });
  afterEach(async () => {
    await w.erp.close();
    await w.emu.stop();
    await w.h.stop();
  });
  return w;
}
