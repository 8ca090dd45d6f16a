/** One JSON-patch-like operation of a ListingsItemPatchRequest or a JSON_LISTINGS_FEED message. */
export interface ListingPatch {
  op?: unknown;
  path?: unknown;
  value?: unknown;
}

/**
 * Applies patches to an emulated listing's attributes, as the Listings Items API and the listings feed both
 * do: `/attributes/<name>` paths; `delete` drops the attribute, `merge` keeps the fields the patch leaves out
 * (e.g. restock_date beside quantity), add and replace set it.
 */
export function applyListingPatches(listing: { attributes: Record<string, unknown[]> }, patches: readonly ListingPatch[]): void {
  for (const p of patches) {
    const name = String(p.path).replace(/^\/attributes\//, '');
    const value = Array.isArray(p.value) ? p.value : [p.value];
    const existing = listing.attributes[name] ?? [];
    if (p.op === 'delete') delete listing.attributes[name];
    else if (p.op === 'merge') listing.attributes[name] = value.map((v, i) => ({ ...(existing[i] as object | undefined), ...(v as object) }));
    else listing.attributes[name] = value;
  }
}
