import type { CachedRecord, ReferenceSnapshot } from '../mapping/reference-cache';
import type { VendorMappingKind } from './vendor-mappings';

const TARGETS: Partial<Record<VendorMappingKind, { kind: 'customers' | 'items' | 'accounts'; noun: string }>> = {
  'vendor-code': { kind: 'customers', noun: 'customer' },
  asin: { kind: 'items', noun: 'item' },
  'vendor-sku': { kind: 'items', noun: 'item' },
  deduction: { kind: 'accounts', noun: 'G/L account' },
};

/** Which of the ERP's reference lists a mapping's target must be in (none for a marketplace id, which is Amazon's). */
export const targetListOf = (kind: VendorMappingKind) => TARGETS[kind]?.kind ?? null;

/**
 * Why the ERP cannot take this mapping's target, or null: a customer, item or G/L account the ERP does not have
 * (by its number, as the ERP writes it) is named; a blocked one is named as blocked, since a sales order or
 * payment to it would be refused later, mid-run, where nobody is looking.
 */
export function vendorMappingProblem(kind: VendorMappingKind, subject: string, target: string, snapshot: ReferenceSnapshot, erpName: string): string | null {
  const t = TARGETS[kind];
  if (!t) return null;
  const list: CachedRecord[] = snapshot[t.kind];
  const found = list.find((r) => r.code === target) ?? list.find((r) => r.code.toUpperCase() === target.toUpperCase());
  const what = `${kind === 'vendor-code' ? 'Vendor code' : kind === 'deduction' ? 'Deduction' : kind === 'asin' ? 'ASIN' : 'Vendor SKU'} ${subject}`;
  if (!found) return `${erpName} has no ${t.noun} ${target}, so ${what} cannot be mapped to it. Check the number in ${erpName}; nothing was saved.`;
  if (!found.postable) return `${t.noun[0]!.toUpperCase()}${t.noun.slice(1)} ${found.code} (${found.name}) is blocked in ${erpName}, so ${what} cannot be mapped to it; nothing was saved.`;
  return null;
}
