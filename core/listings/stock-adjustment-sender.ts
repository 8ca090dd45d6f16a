import { getInventorySummaries } from '../amazon/fba-inventory';
import type { SpApiClient } from '../amazon/sp-api-client';
import type { InventoryAdjustmentPosting, StockAndPriceReading } from '../erp/erp-connector';
import { ErpError } from '../erp/erp-error';
import type { AdjustmentScope, StockAdjustment, StockAdjustments } from './stock-adjustments';

export interface AdjustmentSources {
  erp: StockAndPriceReading & InventoryAdjustmentPosting;
  /** Amazon's total FBA quantity per SKU now (getInventorySummaries); a SKU Amazon no longer lists is absent. */
  readAmazonTotals(skus: readonly string[], signal?: AbortSignal): Promise<Map<string, number>>;
}

export interface AdjustmentSendResult {
  posted: number;
  /** Posted by an earlier attempt whose answer was lost: found in the ERP, not created again. */
  found: number;
  failed: number;
  withdrawn: { sku: string; reason: string }[];
  /** Why sending stopped early, in words; null when every adjustment got the ERP's answer. */
  stopped: string | null;
}

/** Amazon's FBA totals of some SKUs of a marketplace, read now: getInventorySummaries filtered by sellerSkus, 50 at a time (its maxItems in fbaInventory.json). */
export function fbaTotals(client: SpApiClient, marketplaceId: string): AdjustmentSources['readAmazonTotals'] {
  return async (skus, signal) => {
    const totals = new Map<string, number>();
    const unique = [...new Set(skus)];
    for (let i = 0; i < unique.length; i += 50) {
      const found = await getInventorySummaries(client, marketplaceId, { details: false, sellerSkus: unique.slice(i, i + 50), ...(signal ? { signal } : {}) });
      for (const f of found) if (f.sellerSku) totals.set(f.sellerSku, f.totalQuantity ?? 0);
    }
    return totals;
  };
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/**
 * Posts the approved adjustments of a marketplace to the ERP, each exactly once. First, what a previous send
 * left on its way goes again (the connector looks its natural key up before creating, so a document made
 * before a crash or a lost answer is found, not made twice); its counts are not read again, since the
 * adjustment itself may be what moved the ERP's. Then both sides are read again for the approved ones, and
 * one whose Amazon total or ERP stock moved since it was approved is withdrawn, saying which and by how much.
 */
export async function sendStockAdjustments(store: StockAdjustments, scope: AdjustmentScope, sources: AdjustmentSources, o: { actor: string; date: string; signal?: AbortSignal }): Promise<AdjustmentSendResult> {
  const result: AdjustmentSendResult = { posted: 0, found: 0, failed: 0, withdrawn: [], stopped: null };
  const queue = store.list(scope, ['sending']).reverse();

  const approved = store.list(scope, ['approved']).reverse();
  if (approved.length) {
    const totals = await sources.readAmazonTotals(approved.map((a) => a.sku), o.signal);
    const stock = new Map((await sources.erp.readStock([...new Set(approved.map((a) => a.itemNumber))], o.signal)).map((s) => [s.itemNumber, s.quantity]));
    for (const a of approved) {
      const moved: string[] = [];
      const amazon = totals.get(a.sku);
      if (amazon === undefined) moved.push(`Amazon no longer counts FBA stock for SKU ${a.sku}`);
      else if (amazon !== a.amazonTotal) moved.push(`Amazon's total for SKU ${a.sku} moved from ${a.amazonTotal} to ${amazon}`);
      const erp = stock.get(a.itemNumber);
      if (erp === undefined) moved.push(`the ERP no longer gives item ${a.itemNumber} a stock`);
      else if (erp !== a.erpStock) moved.push(`item ${a.itemNumber}'s ERP stock moved from ${a.erpStock} to ${erp}`);
      if (!moved.length) {
        queue.push(a);
        continue;
      }
      const reason = `Withdrawn before posting: ${moved.join('; ')} since ${a.approvedBy} approved ${signed(a.quantity)}. Compare again to see the difference now.`;
      store.withdraw([a.id], reason, o.actor);
      result.withdrawn.push({ sku: a.sku, reason });
    }
  }

  for (const a of queue) {
    o.signal?.throwIfAborted();
    store.markSending(a.id, o.actor);
    try {
      const done = await sources.erp.postInventoryAdjustment(documentOf(a, o.date), o.signal);
      store.markPosted(a.id, done.documentNumber, done.alreadyExisted, o.actor);
      if (done.alreadyExisted) result.found++;
      else result.posted++;
    } catch (err) {
      if (o.signal?.aborted) throw err;
      const again = err instanceof ErpError ? err.retryable : false;
      store.markFailed(a.id, (err as Error).message, again, o.actor);
      if (again) {
        result.stopped = `${(err as Error).message} The adjustment of SKU ${a.sku} is looked up in the ERP and posted with the next send.`;
        return result;
      }
      result.failed++;
    }
  }
  return result;
}

function documentOf(a: StockAdjustment, date: string) {
  return {
    externalDocumentNumber: a.naturalKey,
    date,
    description: `FBA count ${a.sku} ${signed(a.quantity)}`,
    itemNumber: a.itemNumber,
    quantity: a.quantity,
  };
}
