import { DomainError } from '../errors/domain-error';
import type { SalesLineType } from '../erp/erp-connector';
import type { AuditLog, Db } from '../store';

/** What an order invoice carries besides its goods, each mapped once per connection (and marketplace, where it differs). */
export const ORDER_CHARGES = ['shipping', 'gift-wrap', 'promotion', 'tax'] as const;
export type OrderCharge = (typeof ORDER_CHARGES)[number];

/** How a person names a charge in messages. */
export const ORDER_CHARGE_NAMES: Record<OrderCharge, string> = { shipping: 'Shipping', 'gift-wrap': 'Gift wrap', promotion: 'Promotions', tax: 'Tax' };

/** Shipping, gift wrap and promotions book to an item, an account or a freight code; tax names the ERP's tax code. */
export type ChargeLineType = SalesLineType | 'tax-code';

export interface OrderChargeMapping {
  charge: OrderCharge;
  /** The marketplace name as orders and settlements give it ('Amazon.de'), or '' for every marketplace. */
  marketplace: string;
  lineType: ChargeLineType;
  /** The item number, account number, freight code or tax code. */
  target: string;
}

export interface StoredOrderChargeMapping extends OrderChargeMapping { updatedAt: string; updatedBy: string }

interface Row { charge: OrderCharge; marketplace: string; line_type: ChargeLineType; target: string; updated_at: string; updated_by: string }

export class OrderChargeMappingRefused extends DomainError {
  constructor(message: string) { super('invalid_input', message); }
}

const where = (m: Pick<OrderChargeMapping, 'charge' | 'marketplace'>) => `${ORDER_CHARGE_NAMES[m.charge].toLowerCase()}${m.marketplace ? ` on ${m.marketplace}` : ' on every marketplace'}`;

/**
 * The charge mappings of each ERP connection ("Orders as invoices"). Marketplaces are kept in lower case
 * (they are domain names), so Amazon.de and amazon.de are one row. Every change is audited.
 */
export class OrderChargeMappings {
  constructor(private readonly db: Db, private readonly audit: AuditLog, private readonly now: () => Date = () => new Date()) {}

  list(connectionId: string): StoredOrderChargeMapping[] {
    const rows = this.db.prepare('SELECT charge, marketplace, line_type, target, updated_at, updated_by FROM order_charge_mapping WHERE connection_id = ? ORDER BY charge, marketplace')
      .all(connectionId) as Row[];
    return rows.map((r) => ({ charge: r.charge, marketplace: r.marketplace, lineType: r.line_type, target: r.target, updatedAt: r.updated_at, updatedBy: r.updated_by }));
  }

  set(connectionId: string, m: OrderChargeMapping, actor: string): void {
    const target = m.target.trim();
    const marketplace = m.marketplace.trim().toLowerCase();
    if (!(ORDER_CHARGES as readonly string[]).includes(m.charge)) throw new OrderChargeMappingRefused(`"${m.charge}" is not an order charge; choose one of ${ORDER_CHARGES.join(', ')}.`);
    if (!target) throw new OrderChargeMappingRefused(`Map ${where({ ...m, marketplace })} to something: the target is empty.`);
    if (m.charge === 'tax' && m.lineType !== 'tax-code') throw new OrderChargeMappingRefused(`Tax maps to the ERP's tax code, not to ${m.lineType === 'item' ? 'an item' : `a ${m.lineType}`}.`);
    if (m.charge !== 'tax' && m.lineType === 'tax-code') throw new OrderChargeMappingRefused(`${ORDER_CHARGE_NAMES[m.charge]} maps to an item, an account or a freight code, not to a tax code.`);
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO order_charge_mapping (connection_id, charge, marketplace, line_type, target, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (connection_id, charge, marketplace) DO UPDATE SET line_type = excluded.line_type, target = excluded.target, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
        .run(connectionId, m.charge, marketplace, m.lineType, target, at, actor);
      this.audit.record({
        kind: 'decision', system: 'app', operation: 'mapping.order-charge-set', actor, connectionId,
        subjectType: 'order-charge', subjectId: `${m.charge}|${marketplace}`, detail: { charge: m.charge, marketplace, lineType: m.lineType, target },
      });
    })();
  }

  remove(connectionId: string, m: Pick<OrderChargeMapping, 'charge' | 'marketplace'>, actor: string): boolean {
    const marketplace = m.marketplace.trim().toLowerCase();
    return this.db.transaction(() => {
      const gone = this.db.prepare('DELETE FROM order_charge_mapping WHERE connection_id = ? AND charge = ? AND marketplace = ?').run(connectionId, m.charge, marketplace).changes > 0;
      if (gone) {
        this.audit.record({
          kind: 'decision', system: 'app', operation: 'mapping.order-charge-removed', actor, connectionId,
          subjectType: 'order-charge', subjectId: `${m.charge}|${marketplace}`, detail: { charge: m.charge, marketplace },
        });
      }
      return gone;
    })();
  }
}

/**
 * The mapping of a charge for a marketplace: its own row, else the every-marketplace row. The marketplace
 * is tried by each name given (an order names it by name and, through the marketplace table, by domain).
 */
export function chargeMappingOf(rows: readonly OrderChargeMapping[], charge: OrderCharge, marketplaceNames: ReadonlyArray<string | undefined>): OrderChargeMapping | null {
  const mine = rows.filter((r) => r.charge === charge);
  for (const n of marketplaceNames) {
    const hit = n ? mine.find((r) => r.marketplace.toLowerCase() === n.toLowerCase()) : undefined;
    if (hit) return hit;
  }
  return mine.find((r) => r.marketplace === '') ?? null;
}
