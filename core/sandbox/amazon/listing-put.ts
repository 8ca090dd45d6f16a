import { randomBytes } from 'node:crypto';
import type { SeedSeller } from './seed-data';
import { listingRejection, type ListingIssue } from './listing-patches';

/**
 * putListingsItem (listingsItems_2021-08-01.json) for offer-only listings. The model's own sandbox examples fix
 * the answer's shape: status VALID or INVALID under mode=VALIDATION_PREVIEW (nothing is stored), ACCEPTED or
 * INVALID otherwise; each issue carries code, message, severity and categories (all four required by the Issue
 * definition) and attributeNames; a required attribute left out reads "'condition_type' is required but not
 * supplied." (code 90220, MISSING_ATTRIBUTE) and an attribute the product type does not know "The attributes are
 * invalid." (code 90000900). Which attributes a product type requires comes from the Product Type Definitions
 * API, not in the local models: the sets below are UNVERIFIED, chosen as the offer-only listing guide lists them.
 */
const OFFER_ONLY_REQUIRED = ['merchant_suggested_asin', 'condition_type', 'purchasable_offer', 'fulfillment_availability'] as const;
const LISTING_REQUIRED = [...OFFER_ONLY_REQUIRED, 'item_name', 'brand'] as const;
const KNOWN = new Set<string>([...LISTING_REQUIRED, 'list_price', 'condition_note', 'merchant_shipping_group', 'max_order_quantity', 'externally_assigned_product_identifier', 'skip_offer', 'product_description', 'bullet_point']);
/** ASIN form (ten characters, B0 then eight letters or digits for most products); UNVERIFIED as Amazon's own check. */
const ASIN = /^B0[0-9A-Z]{8}$/;

type Issue = ListingIssue & { severity: 'ERROR' | 'WARNING' | 'INFO'; categories: string[] };
type Reply = { status: number; body: unknown };

export function putListingsItem(state: { listingRejections: Map<string, ListingIssue> }, seller: SeedSeller, url: URL, body: Buffer, sellerId: string, sku: string): Reply {
  const invalid = (message: string): Reply => ({ status: 400, body: { errors: [{ code: 'InvalidInput', message, details: '' }] } });
  if (sellerId !== seller.sellerId) return { status: 403, body: { errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: '' }] } };
  const marketplaceId = url.searchParams.get('marketplaceIds')?.split(',')[0];
  if (!marketplaceId) return invalid('marketplaceIds is required');
  let request: { productType?: unknown; requirements?: unknown; attributes?: unknown };
  try {
    request = JSON.parse(body.toString('utf8')) as typeof request;
  } catch {
    return invalid('The request body is not valid JSON');
  }
  // ListingsItemPutRequest: productType and attributes required; requirements one of LISTING, LISTING_PRODUCT_ONLY, LISTING_OFFER_ONLY.
  const requirements = request.requirements ?? 'LISTING';
  if (typeof request.productType !== 'string' || typeof request.attributes !== 'object' || request.attributes === null || Array.isArray(request.attributes)
    || !['LISTING', 'LISTING_PRODUCT_ONLY', 'LISTING_OFFER_ONLY'].includes(String(requirements))) {
    return invalid('The request body does not match ListingsItemPutRequest');
  }
  const attributes = request.attributes as Record<string, unknown>;
  const issues: Issue[] = [];
  const required = requirements === 'LISTING_OFFER_ONLY' ? OFFER_ONLY_REQUIRED : LISTING_REQUIRED;
  for (const name of required) {
    if (!Array.isArray(attributes[name]) || !(attributes[name] as unknown[]).length) {
      issues.push({ code: '90220', message: `'${name}' is required but not supplied.`, severity: 'ERROR', attributeNames: [name], categories: ['MISSING_ATTRIBUTE'] });
    }
  }
  const unknown = Object.keys(attributes).filter((k) => !KNOWN.has(k));
  if (unknown.length) issues.push({ code: '90000900', message: 'The attributes are invalid.', severity: 'ERROR', attributeNames: unknown, categories: [] });
  const asin = (attributes.merchant_suggested_asin as { value?: unknown }[] | undefined)?.[0]?.value;
  if (asin !== undefined && !ASIN.test(String(asin))) {
    issues.push({ code: '90244', message: `The value '${String(asin)}' provided for 'merchant_suggested_asin' is not a valid ASIN.`, severity: 'ERROR', attributeNames: ['merchant_suggested_asin'], categories: ['INVALID_ATTRIBUTE'] });
  }
  const price = (attributes.purchasable_offer as { our_price?: { schedule?: { value_with_tax?: unknown }[] }[] }[] | undefined)?.[0]?.our_price?.[0]?.schedule?.[0]?.value_with_tax;
  if (price !== undefined && !(typeof price === 'number' && price > 0)) {
    issues.push({ code: '90244', message: "The value provided for 'purchasable_offer' is not a valid price.", severity: 'ERROR', attributeNames: ['purchasable_offer'], categories: ['INVALID_PRICE'] });
  }
  const rejected = listingRejection(state, sku);
  if (rejected) issues.push({ ...rejected, severity: 'ERROR', categories: ['INVALID_ATTRIBUTE'] });

  const preview = url.searchParams.get('mode') === 'VALIDATION_PREVIEW';
  const submissionId = randomBytes(16).toString('hex');
  const failed = issues.some((i) => i.severity === 'ERROR');
  const identifiers = url.searchParams.get('includedData')?.split(',').includes('identifiers')
    ? { identifiers: failed || asin === undefined ? [] : [{ marketplaceId, asin: String(asin) }] } : {};
  if (failed) return { status: 200, body: { sku, status: 'INVALID', submissionId, ...identifiers, issues } };
  if (!preview) {
    // A PUT replaces the whole listing of the SKU: the same request twice leaves one listing.
    seller.listings ??= {};
    seller.listings[sku] = { productType: request.productType, attributes: attributes as Record<string, unknown[]> };
  }
  return { status: 200, body: { sku, status: preview ? 'VALID' : 'ACCEPTED', submissionId, ...identifiers, issues } };
}
