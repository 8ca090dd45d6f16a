import { AmazonSettingsSchema } from '../../connections/connection-kinds';
import { marketplaceById, MARKETPLACES } from '../../amazon/marketplaces';
import { erpKind } from '../../erp/registry';
import { ListingRules } from '../../listings/listing-rules';
import type { ListingChange } from '../../listings/listing-outbox';
import { fbaStockCsv } from '../../listings/fba-comparison';
import { fbaStockReport, listAdjustments, listingOutbox, postAdjustments, previewListings, sendListings, skuItems, stockAdjustments } from '../../listings/listings-run';
import type { StockAdjustment } from '../../listings/stock-adjustments';
import { createOffer, offerFromErp, validateOffer, type OfferWanted } from '../../listings/offer-only';
import type { OfferOnly } from '../../amazon/listing-offer';
import { supports } from '../../erp/erp-connector';
import { connectionResources } from '../../sync/connection-resources';
import type { Workspace } from '../../workspace/workspace';
import type { ListingChangeView, StockAdjustmentView } from '../calls/listings';
import type { Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';

type ListingCall = 'listings.setup' | 'listings.rules' | 'listings.saveRule' | 'listings.preview' | 'listings.changes' | 'listings.approve' | 'listings.send' | 'listings.fbaReport'
  | 'listings.offerCheck' | 'listings.offerCreate' | 'listings.adjustments' | 'listings.approveAdjustments' | 'listings.withdrawAdjustments' | 'listings.postAdjustments';

const changeView = (c: ListingChange): ListingChangeView => ({
  id: c.id, sku: c.sku, itemNumber: c.itemNumber, currency: c.currency, erpPriceMinor: c.erpPriceMinor, sentPriceMinor: c.sentPriceMinor,
  amazonPriceMinor: c.amazonPriceMinor, newPriceMinor: c.newPriceMinor, erpQuantity: c.erpQuantity, sentQuantity: c.sentQuantity,
  amazonQuantity: c.amazonQuantity, newQuantity: c.newQuantity, rule: c.rule, holdReason: c.holdReason, state: c.state, approvedBy: c.approvedBy,
  via: c.via, feedId: c.feedId, issues: c.issues, withdrawnReason: c.withdrawnReason, updatedAt: c.updatedAt,
});

const adjustmentView = (a: StockAdjustment): StockAdjustmentView => ({
  id: a.id, sku: a.sku, itemNumber: a.itemNumber, amazonTotal: a.amazonTotal, erpStock: a.erpStock, quantity: a.quantity, naturalKey: a.naturalKey, state: a.state,
  approvedBy: a.approvedBy, documentNumber: a.documentNumber, error: a.error, withdrawnReason: a.withdrawnReason, updatedAt: a.updatedAt,
});

function ruleOf(ws: Workspace, amazonConnectionId: string, marketplaceId: string) {
  const rule = new ListingRules(ws.db, ws.audit).get(amazonConnectionId, marketplaceId);
  const name = ws.connections.get(amazonConnectionId)?.name ?? amazonConnectionId;
  if (!rule) throw new ApiFailure('not_found', `${name} has no listing rule for ${marketplaceById(marketplaceId)?.name ?? marketplaceId}; save one first.`);
  return rule;
}

type OfferCallInput = { amazonConnectionId: string; marketplaceId: string } & Omit<OfferWanted, 'itemNumber'>;

/** The rule's price and the ERP's stock for an offer of a mapped SKU, with the connections to send it through. */
async function offerOf(ws: Workspace, input: OfferCallInput, signal?: AbortSignal) {
  const rule = ruleOf(ws, input.amazonConnectionId, input.marketplaceId);
  const itemNumber = skuItems(ws, rule.erpConnectionId).get(input.sku);
  const erpName = ws.connections.get(rule.erpConnectionId)?.name ?? rule.erpConnectionId;
  if (!itemNumber) throw new ApiFailure('invalid_input', `SKU ${input.sku} is not mapped to an item of ${erpName}; map it under Mappings first.`);
  const resources = connectionResources(ws);
  const erp = await resources.erpConnector(rule.erpConnectionId);
  if (!supports(erp, 'stockAndPrices')) throw new ApiFailure('invalid_input', `${erpName} cannot give item prices and stock.`);
  const { offer, steps } = await offerFromErp(rule, erp, { ...input, itemNumber }, signal);
  return { offer, steps, amazon: await resources.amazonClient(input.amazonConnectionId) };
}

const offerView = (offer: OfferOnly, steps: string) => ({ price: offer.price, quantity: 'quantity' in offer.fulfillment ? offer.fulfillment.quantity : null, steps });

/** Whether a connection's ERP can give prices and stock (its connector declares the flow). */
const givesStock = (kind: string) => {
  const k = erpKind(kind);
  return !!k?.connector && k.capabilities.flows.includes('stockAndPrices');
};

export const listingHandlers: Pick<Handlers, ListingCall> = {
  'listings.setup': (_input, { ws }) => {
    const rows = ws.connections.list();
    return {
      amazon: rows.filter((c) => c.kind === 'amazon').map((c) => {
        const s = AmazonSettingsSchema.safeParse(c.settings);
        return { id: c.id, name: c.name, sellerId: s.success ? s.data.sellingPartnerId ?? null : null };
      }),
      erp: rows.filter((c) => givesStock(c.kind)).map((c) => ({ id: c.id, name: c.name })),
      marketplaces: MARKETPLACES.map((m) => ({ id: m.id, name: m.name, currency: m.currency })),
    };
  },

  'listings.rules': (_input, { ws }) => new ListingRules(ws.db, ws.audit).list(),

  'listings.saveRule': (input, { ws }) => {
    const amazon = ws.connections.get(input.amazonConnectionId);
    if (!amazon || amazon.kind !== 'amazon') throw new ApiFailure('invalid_input', `There is no Amazon connection with id ${input.amazonConnectionId}.`);
    const erp = ws.connections.get(input.erpConnectionId);
    if (!erp || !givesStock(erp.kind)) throw new ApiFailure('invalid_input', `${erp?.name ?? input.erpConnectionId} cannot give item prices and stock, so it cannot feed Amazon listings.`);
    if (!marketplaceById(input.marketplaceId)) throw new ApiFailure('invalid_input', `${input.marketplaceId} is not an Amazon marketplace id.`);
    return new ListingRules(ws.db, ws.audit).save(input, ws.osUser, new Date(ws.clock.now()));
  },

  'listings.preview': async ({ amazonConnectionId, marketplaceId }, ctx) => {
    const { ws } = ctx;
    const rule = ruleOf(ws, amazonConnectionId, marketplaceId);
    ctx.progress({ phase: 'Reading prices and stock, and what Amazon shows', done: 0, total: null });
    const resources = connectionResources(ws);
    const set = await previewListings(ws, rule, await resources.amazonClient(amazonConnectionId), await resources.erpConnector(rule.erpConnectionId), ws.osUser, ctx.signal);
    return { found: set.found.length, held: set.found.filter((c) => c.state === 'held').length, unchanged: set.unchanged, skipped: set.skipped, withdrawn: set.withdrawn };
  },

  'listings.changes': ({ amazonConnectionId, marketplaceId }, { ws }) =>
    listingOutbox(ws).list({ amazonConnectionId, marketplaceId, limit: 5_000 }).map(changeView),

  'listings.approve': ({ ids }, { ws }) => listingOutbox(ws).approve(ids, ws.osUser).map(changeView),

  'listings.fbaReport': async ({ amazonConnectionId, marketplaceId }, ctx) => {
    const { ws } = ctx;
    const rule = ruleOf(ws, amazonConnectionId, marketplaceId);
    ctx.progress({ phase: 'Reading FBA inventory and ERP stock', done: 0, total: null });
    const resources = connectionResources(ws);
    const { rows, adjustable } = await fbaStockReport(ws, rule, await resources.amazonClient(amazonConnectionId), await resources.erpConnector(rule.erpConnectionId), ws.osUser, ctx.signal);
    return {
      rows, differences: rows.filter((r) => r.difference !== null && r.difference !== 0).length, csv: fbaStockCsv(rows), adjustable,
      adjustments: adjustable ? listAdjustments(ws, rule).map(adjustmentView) : [],
    };
  },

  'listings.adjustments': ({ amazonConnectionId, marketplaceId }, { ws }) => listAdjustments(ws, ruleOf(ws, amazonConnectionId, marketplaceId)).map(adjustmentView),

  'listings.approveAdjustments': ({ ids }, { ws }) => stockAdjustments(ws).approve(ids, ws.osUser).map(adjustmentView),

  'listings.withdrawAdjustments': ({ ids }, { ws }) => stockAdjustments(ws).withdraw(ids, `Withdrawn by ${ws.osUser}.`, ws.osUser).map(adjustmentView),

  'listings.postAdjustments': async ({ amazonConnectionId, marketplaceId }, ctx) => {
    const { ws } = ctx;
    const rule = ruleOf(ws, amazonConnectionId, marketplaceId);
    const resources = connectionResources(ws);
    ctx.progress({ phase: 'Reading FBA inventory and ERP stock again, then posting', done: 0, total: null });
    return postAdjustments(ws, rule, await resources.amazonClient(amazonConnectionId), await resources.erpConnector(rule.erpConnectionId), ws.osUser, ctx.signal);
  },

  'listings.offerCheck': async (input, ctx) => {
    const { offer, steps, amazon } = await offerOf(ctx.ws, input, ctx.signal);
    const check = await validateOffer(amazon, offer, steps, ctx.signal);
    return { ...offerView(offer, steps), status: check.status, issues: check.issues };
  },

  'listings.offerCreate': async (input, ctx) => {
    const { offer, steps, amazon } = await offerOf(ctx.ws, input, ctx.signal);
    const done = await createOffer(amazon, ctx.ws.audit, offer, steps, ctx.ws.osUser, input.amazonConnectionId, ctx.signal);
    return { ...offerView(offer, steps), status: done.status, issues: done.issues, outcome: done.outcome };
  },

  'listings.send': async ({ amazonConnectionId, marketplaceId }, ctx) => {
    const { ws } = ctx;
    const rule = ruleOf(ws, amazonConnectionId, marketplaceId);
    const resources = connectionResources(ws);
    const amazon = await resources.amazonClient(amazonConnectionId);
    ctx.progress({ phase: 'Reading the ERP again before sending', done: 0, total: null });
    return sendListings(ws, rule, amazon, await resources.erpConnector(rule.erpConnectionId), { actor: ws.osUser, signal: ctx.signal, onProgress: (done, total) => ctx.progress({ phase: 'Sending to Amazon', done, total }) });
  },
};
