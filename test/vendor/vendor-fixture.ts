import { clockStartingAt } from '../../core/clock/clock';
import { demoSeller } from '../../core/sandbox/amazon/seed-data';
import { DEMO_VENDOR_CODE, demoPurchaseOrders } from '../../core/sandbox/amazon/vendor-seed';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { VendorMappings } from '../../core/vendor/vendor-mappings';
import { VendorOutbox } from '../../core/vendor/vendor-outbox';
import { VendorReviews } from '../../core/vendor/vendor-reviews';
import { harness, type Harness } from '../amazon/harness';
import { onlineConnector } from '../erp/bc-fixtures';

export const AMAZON = 'amz-vendor';
export const ERP = 'bc-vendor';
export const DAY = 86_400_000;
/** Where every vendor test's Amazon, Business Central and seed start, so 7-day PO windows fall alike on any day. */
export const VENDOR_START = Date.parse('2026-06-16T08:14:22Z');

export interface VendorFixture {
  h: Harness;
  bc: BusinessCentralEmulator;
  erp: ReturnType<typeof onlineConnector>;
  mappings: VendorMappings;
  outbox: VendorOutbox;
  reviews: VendorReviews;
  now: () => Date;
  stop(): Promise<void>;
}

/** Amazon (a vendor group with the demo POs) and Business Central, with the demo vendor code and its items mapped. */
export async function vendorFixture(seller = demoSeller(VENDOR_START)): Promise<VendorFixture> {
  seller.purchaseOrders ??= demoPurchaseOrders(VENDOR_START);
  // These tests plant Amazon's payments themselves.
  delete seller.vendorPayments;
  const clock = clockStartingAt(VENDOR_START);
  const h = await harness({ sellers: [seller], clock });
  const bc = await startBusinessCentralEmulator({ clock });
  const now = () => new Date(h.client.clock.now());
  for (const [id, kind] of [[AMAZON, 'amazon'], [ERP, 'business-central']] as const) {
    h.db.prepare('INSERT INTO connection (id, kind, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, kind, id, '{}', now().toISOString(), now().toISOString());
  }
  const mappings = new VendorMappings(h.db, ERP, now);
  mappings.set('vendor-code', DEMO_VENDOR_CODE, 'AMZ-DE');
  for (const sku of ['1900-S', '1906-S', '1896-S']) mappings.set('vendor-sku', sku, sku);
  mappings.set('deduction', 'shortage', '8440');
  mappings.set('deduction', 'price-difference', '8410');
  return {
    h, bc, erp: onlineConnector(bc), mappings, now,
    outbox: new VendorOutbox(h.db, h.audit, now),
    reviews: new VendorReviews(h.db, h.audit, now),
    stop: async () => { await bc.stop(); await h.stop(); },
  };
}

export function intakeOptions(f: VendorFixture, vendorCodes: readonly string[] = [DEMO_VENDOR_CODE, 'UNMAP1']) {
  return {
    db: f.h.db, audit: f.h.audit, client: f.h.client, amazonConnectionId: AMAZON, erpConnectionId: ERP, vendorCodes,
    mappings: f.mappings, outbox: f.outbox, reviews: f.reviews, firstReadFrom: new Date(f.now().getTime() - 30 * DAY), now: f.now,
  };
}
