import type { Db } from '../store';

export type VendorMappingKind = 'vendor-code' | 'asin' | 'vendor-sku' | 'deduction' | 'marketplace';

/** The deductions a remittance carries that post to their own account (Finances Invoices breakdown types). */
export type DeductionKind = 'shortage' | 'price-difference';

/**
 * How Vendor Central maps to the ERP, per ERP connection: the vendor code to the customer its sales orders
 * and invoices are for, an item by its vendor SKU (vendorProductIdentifier) or ASIN, a deduction kind to
 * its G/L account. Nothing is inferred from names: an unmapped subject is a review item.
 */
export class VendorMappings {
  constructor(private readonly db: Db, private readonly erpConnectionId: string, private readonly now: () => Date) {}

  set(kind: VendorMappingKind, subject: string, target: string): void {
    this.db.prepare(`INSERT INTO vendor_mapping (erp_connection_id, kind, subject, target, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (erp_connection_id, kind, subject) DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at`)
      .run(this.erpConnectionId, kind, subject, target, this.now().toISOString());
  }

  get(kind: VendorMappingKind, subject: string): string | null {
    const row = this.db.prepare('SELECT target FROM vendor_mapping WHERE erp_connection_id = ? AND kind = ? AND subject = ?')
      .get(this.erpConnectionId, kind, subject) as { target: string } | undefined;
    return row?.target ?? null;
  }

  /** Every mapping of this ERP connection, by kind and subject. */
  list(): Array<{ kind: VendorMappingKind; subject: string; target: string; updatedAt: string }> {
    return (this.db.prepare('SELECT kind, subject, target, updated_at FROM vendor_mapping WHERE erp_connection_id = ? ORDER BY kind, subject').all(this.erpConnectionId) as
      Array<{ kind: VendorMappingKind; subject: string; target: string; updated_at: string }>).map((r) => ({ kind: r.kind, subject: r.subject, target: r.target, updatedAt: r.updated_at }));
  }

  /** The vendor codes mapped to a customer: the ones whose purchase orders are read. */
  vendorCodes(): string[] {
    return (this.db.prepare(`SELECT subject FROM vendor_mapping WHERE erp_connection_id = ? AND kind = 'vendor-code' ORDER BY subject`)
      .all(this.erpConnectionId) as { subject: string }[]).map((r) => r.subject);
  }

  /** The item of an order line: its vendor SKU's mapping first, then its ASIN's. */
  itemOf(vendorSku: string | undefined, asin: string | undefined): string | null {
    return (vendorSku ? this.get('vendor-sku', vendorSku) : null) ?? (asin ? this.get('asin', asin) : null);
  }
}
