import { getInventorySummaries } from '../amazon/fba-inventory';
import { getListingShown } from '../amazon/listings';
import type { SpApiClient } from '../amazon/sp-api-client';
import { supports, type ErpConnector } from '../erp/erp-connector';
import { DomainError } from '../errors/domain-error';
import { MappingStore } from '../mapping/mapping-store';
import type { Workspace } from '../workspace/workspace';
import { withdrawStale, type Withdrawn } from './approval-check';
import { buildChangeSet, type ChangeSetResult } from './change-set';
import { compareFbaStock, type FbaStockRow } from './fba-comparison';
import type { ListingRule } from './listing-rule';
import { ListingOutbox } from './listing-outbox';
import { sendListingChanges, type SendOptions, type SendResult } from './listing-sender';
import { fbaTotals, sendStockAdjustments, type AdjustmentSendResult } from './stock-adjustment-sender';
import { StockAdjustments, type StockAdjustment } from './stock-adjustments';

export const listingOutbox = (ws: Workspace) => new ListingOutbox(ws.db, ws.audit, () => new Date(ws.clock.now()));
export const stockAdjustments = (ws: Workspace) => new StockAdjustments(ws.db, ws.audit, () => new Date(ws.clock.now()));

/** The SKU → item mappings of an ERP connection. */
export function skuItems(ws: Workspace, erpConnectionId: string): Map<string, string> {
  return new Map(new MappingStore(ws.db, ws.audit).list(erpConnectionId).filter((m) => m.kind === 'sku').map((m) => [m.subject, m.target]));
}

/** Reads the ERP and Amazon for a rule and records the change set; nothing reaches Amazon. */
export async function previewListings(ws: Workspace, rule: ListingRule, amazon: SpApiClient, erp: ErpConnector, actor: string, signal?: AbortSignal, o: { quantitiesOnly?: boolean } = {}): Promise<ChangeSetResult> {
  if (!supports(erp, 'stockAndPrices')) {
    const name = ws.connections.get(rule.erpConnectionId)?.name ?? rule.erpConnectionId;
    throw new DomainError('invalid_input', `${name} cannot give item prices and stock yet, so it cannot feed Amazon listings.`);
  }
  return buildChangeSet(listingOutbox(ws), rule, {
    erp,
    skuItems: skuItems(ws, rule.erpConnectionId),
    readAmazon: (sku, s) => getListingShown(amazon, { sellerId: rule.sellerId, sku, marketplaceId: rule.marketplaceId }, s),
  }, actor, signal, o);
}

/**
 * Sends the rule's ready changes (approved or small enough) through the listings outbox, after reading the ERP
 * again: a change whose ERP price or stock moved since it was found or approved is withdrawn, not sent.
 */
export async function sendListings(ws: Workspace, rule: ListingRule, amazon: SpApiClient, erp: ErpConnector, options: SendOptions): Promise<SendResult & { withdrawn: Withdrawn[] }> {
  const outbox = listingOutbox(ws);
  const withdrawn = supports(erp, 'stockAndPrices') ? await withdrawStale(outbox, rule, erp, options.actor, options.signal, { quantitiesOnly: options.quantitiesOnly ?? false }) : [];
  return { ...(await sendListingChanges(outbox, amazon, rule, options)), withdrawn };
}

/**
 * FBA inventory of the rule's marketplace beside the ERP's stock of each mapped item. Where the ERP takes
 * inventory adjustments, each difference is proposed as one, held for approval (an open proposal on the
 * same counts keeps its place and approval; one on other counts is withdrawn).
 */
export async function fbaStockReport(ws: Workspace, rule: ListingRule, amazon: SpApiClient, erp: ErpConnector, actor: string, signal?: AbortSignal): Promise<{ rows: FbaStockRow[]; adjustable: boolean }> {
  if (!supports(erp, 'stockAndPrices')) throw new DomainError('invalid_input', `${ws.connections.get(rule.erpConnectionId)?.name ?? rule.erpConnectionId} cannot give item stock yet.`);
  const summaries = await getInventorySummaries(amazon, rule.marketplaceId, { details: true, ...(signal ? { signal } : {}) });
  const rows = await compareFbaStock(summaries, skuItems(ws, rule.erpConnectionId), erp, signal);
  const adjustable = supports(erp, 'inventoryAdjustments');
  if (adjustable) {
    const store = stockAdjustments(ws);
    for (const r of rows) {
      if (r.itemNumber === null || r.erpStock === null) continue;
      store.propose(rule, { erpConnectionId: rule.erpConnectionId, sku: r.sku, itemNumber: r.itemNumber, amazonTotal: r.amazonTotal, erpStock: r.erpStock }, actor);
    }
  }
  return { rows, adjustable };
}

/** The open and recent adjustments of the rule's marketplace, newest first. */
export function listAdjustments(ws: Workspace, rule: ListingRule): StockAdjustment[] {
  return stockAdjustments(ws).list(rule, undefined, 500);
}

/**
 * Posts the rule's approved adjustments to its ERP, each once, after reading Amazon's FBA totals and the
 * ERP's stock again: an adjustment whose counts moved since its approval is withdrawn, not posted.
 */
export async function postAdjustments(ws: Workspace, rule: ListingRule, amazon: SpApiClient, erp: ErpConnector, actor: string, signal?: AbortSignal): Promise<AdjustmentSendResult> {
  if (!supports(erp, 'inventoryAdjustments') || !supports(erp, 'stockAndPrices')) {
    throw new DomainError('invalid_input', `${ws.connections.get(rule.erpConnectionId)?.name ?? rule.erpConnectionId} does not take inventory adjustments through its API.`);
  }
  const date = new Date(ws.clock.now()).toISOString().slice(0, 10);
  return sendStockAdjustments(stockAdjustments(ws), rule, { erp, readAmazonTotals: fbaTotals(amazon, rule.marketplaceId) }, { actor, date, ...(signal ? { signal } : {}) });
}
