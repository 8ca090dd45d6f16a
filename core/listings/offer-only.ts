import { getListingShown } from '../amazon/listings';
import { putOfferOnlyListing, type OfferOnly } from '../amazon/listing-offer';
import type { SpApiClient } from '../amazon/sp-api-client';
import type { StockAndPriceReading } from '../erp/erp-connector';
import { DomainError } from '../errors/domain-error';
import { toDecimalString } from '../money/amount-format';
import { parseAmount } from '../money/amount-parser';
import { currencyExponent } from '../money/currency';
import type { AuditLog } from '../store';
import { priceFor, quantityFor, type ListingRule } from './listing-rule';
import type { ListingIssue } from './listing-outbox';

/** What a person asks for: an offer on an existing ASIN for an ERP item mapped to a SKU. */
export interface OfferWanted {
  sku: string;
  itemNumber: string;
  asin: string;
  productType: string;
  condition: string;
  /** null: the seller ships it (DEFAULT, with the ERP's stock); else the FBA channel, e.g. AMAZON_EU. */
  fbaChannel: string | null;
}

export interface OfferCheck {
  offer: OfferOnly;
  /** How price and quantity were reached from the ERP, in words. */
  steps: string;
  status: 'VALID' | 'INVALID';
  /** Amazon's issues in its words, each naming the attributes it concerns. */
  issues: ListingIssue[];
}

export type OfferCreated = OfferCheck & { outcome: 'created' | 'already-listed' | 'refused'; submissionId: string | null };

/** The offer a rule gives an ERP item: its price through the rule, its stock less the buffer (none for FBA). */
export async function offerFromErp(rule: ListingRule, erp: StockAndPriceReading, w: OfferWanted, signal?: AbortSignal): Promise<{ offer: OfferOnly; steps: string }> {
  const [price] = await erp.readPrices([w.itemNumber], signal);
  if (!price) throw new DomainError('invalid_input', `The ERP has no item ${w.itemNumber}, so it gives no price for SKU ${w.sku}.`);
  if (price.currency !== null && price.currency !== rule.currency) throw new DomainError('invalid_input', `Item ${w.itemNumber}'s price is in ${price.currency} and the rule sells in ${rule.currency}; prices are never converted.`);
  const exponent = currencyExponent(rule.currency);
  const p = priceFor(rule, parseAmount(price.unitPrice, exponent));
  const steps = [p.steps];
  let fulfillment: OfferOnly['fulfillment'];
  if (w.fbaChannel) {
    fulfillment = { channel: w.fbaChannel };
    steps.push(`FBA (${w.fbaChannel}): Amazon counts the stock`);
  } else {
    const [stock] = await erp.readStock([w.itemNumber], signal);
    const q = quantityFor(rule.stockBuffer, stock?.quantity ?? 0);
    fulfillment = { channel: 'DEFAULT', quantity: q.quantity };
    steps.push(q.steps);
  }
  return {
    offer: { sellerId: rule.sellerId, sku: w.sku, marketplaceId: rule.marketplaceId, productType: w.productType, asin: w.asin, condition: w.condition,
      price: { amount: toDecimalString(p.priceMinor, exponent), currency: rule.currency }, fulfillment },
    steps: steps.join('; '),
  };
}

const issuesOf = (s: { issues?: { code: string; message: string; severity: string; attributeNames?: string[] }[] | undefined }): ListingIssue[] =>
  (s.issues ?? []).map((i) => ({ code: i.code, message: i.message, severity: i.severity, ...(i.attributeNames?.length ? { attributeNames: i.attributeNames } : {}) }));

/** Asks Amazon to validate the offer against its product type's requirements (VALIDATION_PREVIEW); nothing is listed. */
export async function validateOffer(client: SpApiClient, offer: OfferOnly, steps: string, signal?: AbortSignal): Promise<OfferCheck> {
  const s = await putOfferOnlyListing(client, offer, { validateOnly: true, ...(signal ? { signal } : {}) });
  return { offer, steps, status: s.status === 'VALID' ? 'VALID' : 'INVALID', issues: issuesOf(s) };
}

/**
 * Creates the offer once: validated first (an INVALID preview stops it, with Amazon's issues per attribute), then a
 * SKU Amazon already lists is left alone, and only then is it put. A PUT sets the SKU's whole listing, so a retry
 * after a dropped connection cannot make a second one. Audited with what was asked and what Amazon said.
 */
export async function createOffer(client: SpApiClient, audit: AuditLog, offer: OfferOnly, steps: string, actor: string, connectionId: string, signal?: AbortSignal): Promise<OfferCreated> {
  const record = (outcome: OfferCreated) => {
    audit.record({
      kind: 'state_change', system: 'amazon', operation: 'listing-offer.create', actor, connectionId, subjectType: 'listing', subjectId: offer.sku, status: outcome.outcome,
      detail: { marketplaceId: offer.marketplaceId, asin: offer.asin, price: offer.price, fulfillment: offer.fulfillment, submissionId: outcome.submissionId, issues: outcome.issues },
    });
    return outcome;
  };
  const check = await validateOffer(client, offer, steps, signal);
  if (check.status !== 'VALID') return record({ ...check, outcome: 'refused', submissionId: null });
  if (await getListingShown(client, { sellerId: offer.sellerId, sku: offer.sku, marketplaceId: offer.marketplaceId }, signal)) {
    return record({ ...check, outcome: 'already-listed', submissionId: null });
  }
  const s = await putOfferOnlyListing(client, offer, { validateOnly: false, ...(signal ? { signal } : {}) });
  return record({ ...check, status: s.status === 'INVALID' ? 'INVALID' : 'VALID', issues: issuesOf(s), outcome: s.status === 'ACCEPTED' ? 'created' : 'refused', submissionId: s.submissionId });
}
