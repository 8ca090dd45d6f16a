/**
 * What a person maps for "Orders as invoices" in the demo Business Central company: the Amazon.de customer
 * and the German mugs' items (the starter mappings leave SKUs alone: one SKU rule makes every SKU of every
 * settlement a review item). Amazon.com and its mugs stay unmapped, so its order is refused.
 */
export const DEMO_ORDER_MAPPINGS = [
  { kind: 'marketplace', subject: 'Amazon.de', target: 'AMZ-DE' },
  { kind: 'sku', subject: 'TASSE-GRÜN', target: '1900-S' },
  { kind: 'sku', subject: 'TASSE-BLAU', target: '1906-S' },
] as const;
