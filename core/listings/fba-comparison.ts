import { z } from 'zod';
import type { InventorySummary } from '../amazon/fba-inventory';
import type { StockAndPriceReading } from '../erp/erp-connector';

/** One FBA SKU: Amazon's quantities (fbaInventory.json InventoryDetails) beside the ERP's stock of the mapped item. */
export interface FbaStockRow {
  sku: string;
  itemNumber: string | null;
  fulfillable: number;
  /** Working + shipped + receiving: on its way into Amazon's network. */
  inbound: number;
  reserved: number;
  unfulfillable: number;
  /** Amazon's totalQuantity. */
  amazonTotal: number;
  erpStock: number | null;
  /** ERP stock − Amazon's total; null when the SKU is not mapped or the ERP has no such item. */
  difference: number | null;
  note: string | null;
}

const Details = z.object({
  fulfillableQuantity: z.number().int().optional(),
  inboundWorkingQuantity: z.number().int().optional(),
  inboundShippedQuantity: z.number().int().optional(),
  inboundReceivingQuantity: z.number().int().optional(),
  reservedQuantity: z.object({ totalReservedQuantity: z.number().int().optional() }).passthrough().optional(),
  unfulfillableQuantity: z.object({ totalUnfulfillableQuantity: z.number().int().optional() }).passthrough().optional(),
}).passthrough();

/**
 * Compares FBA inventory (getInventorySummaries with details) with the ERP's stock of each mapped item: the
 * report lists every FBA SKU, and a difference wherever the ERP holds other than Amazon's total.
 */
export async function compareFbaStock(summaries: readonly InventorySummary[], skuItems: ReadonlyMap<string, string>, erp: StockAndPriceReading, signal?: AbortSignal): Promise<FbaStockRow[]> {
  const numbers = [...new Set(summaries.map((s) => skuItems.get(s.sellerSku ?? '')).filter((n): n is string => !!n))];
  const stock = new Map((numbers.length ? await erp.readStock(numbers, signal) : []).map((s) => [s.itemNumber, s.quantity]));
  return summaries
    .filter((s) => s.sellerSku)
    .map((s): FbaStockRow => {
      const d = Details.safeParse(s.inventoryDetails ?? {});
      const q = d.success ? d.data : {};
      const sku = s.sellerSku!;
      const itemNumber = skuItems.get(sku) ?? null;
      const erpStock = itemNumber ? stock.get(itemNumber) ?? null : null;
      const amazonTotal = s.totalQuantity ?? 0;
      return {
        sku, itemNumber,
        fulfillable: q.fulfillableQuantity ?? 0,
        inbound: (q.inboundWorkingQuantity ?? 0) + (q.inboundShippedQuantity ?? 0) + (q.inboundReceivingQuantity ?? 0),
        reserved: q.reservedQuantity?.totalReservedQuantity ?? 0,
        unfulfillable: q.unfulfillableQuantity?.totalUnfulfillableQuantity ?? 0,
        amazonTotal, erpStock,
        difference: erpStock === null ? null : erpStock - amazonTotal,
        note: !itemNumber ? 'Not mapped to an item' : erpStock === null ? `The ERP has no item ${itemNumber}` : null,
      };
    })
    .sort((a, b) => a.sku.localeCompare(b.sku));
}

const cell = (v: string | number | null) => {
  const t = v === null ? '' : String(v);
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};

/** The report as CSV (RFC 4180), for the seller's stock count. */
export function fbaStockCsv(rows: readonly FbaStockRow[]): string {
  const head = ['SKU', 'Item', 'Fulfillable', 'Inbound', 'Reserved', 'Unfulfillable', 'Amazon total', 'ERP stock', 'Difference', 'Note'];
  return [head, ...rows.map((r) => [r.sku, r.itemNumber, r.fulfillable, r.inbound, r.reserved, r.unfulfillable, r.amazonTotal, r.erpStock, r.difference, r.note])]
    .map((line) => line.map(cell).join(','))
    .join('\r\n') + '\r\n';
}
