import { DEMO_VENDOR_CODE } from '../sandbox/amazon/vendor-seed';
import { VendorMappings } from '../vendor/vendor-mappings';
import type { Workspace } from '../workspace/workspace';

/**
 * The demo's Vendor Central mappings for its Business Central company (core/sandbox/business-central/emulator-seed.ts):
 * the demo vendor code to customer AMZ-DE and the US marketplace, its vendor SKUs to the items of the same number,
 * shortages to 8440 and price differences to 8410. Seeded once; a person's changes stay.
 */
export function seedVendorDemo(ws: Workspace, erpConnectionId: string, now: Date): void {
  const m = new VendorMappings(ws.db, erpConnectionId, () => now);
  if (m.vendorCodes().length) return;
  m.set('vendor-code', DEMO_VENDOR_CODE, 'AMZ-DE');
  m.set('marketplace', DEMO_VENDOR_CODE, 'ATVPDKIKX0DER');
  for (const sku of ['1896-S', '1900-S', '1906-S']) m.set('vendor-sku', sku, sku);
  m.set('deduction', 'shortage', '8440');
  m.set('deduction', 'price-difference', '8410');
}
