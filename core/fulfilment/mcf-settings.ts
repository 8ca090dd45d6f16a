import type { Db } from '../store';
import type { ShippingSpeedCategory } from '../amazon/fulfillment-outbound';

export type DefaultSpeed = Extract<ShippingSpeedCategory, 'Standard' | 'Expedited' | 'Priority'>;

export interface McfSettings {
  erpConnectionId: string;
  amazonConnectionId: string;
  /** ERP orders with lines at this location are shipped by Amazon. */
  locationCode: string;
  defaultSpeed: DefaultSpeed;
  /** When a person saw the previews of the first orders and let them go; until then nothing is sent. */
  firstOrderApprovedAt?: string | null;
  firstOrderApprovedBy?: string | null;
}

interface Row {
  erp_connection_id: string; amazon_connection_id: string; location_code: string; default_speed: DefaultSpeed; first_order_approved_at: string | null; first_order_approved_by: string | null;
}
const fromRow = (r: Row): McfSettings => ({
  erpConnectionId: r.erp_connection_id, amazonConnectionId: r.amazon_connection_id, locationCode: r.location_code, defaultSpeed: r.default_speed,
  firstOrderApprovedAt: r.first_order_approved_at, firstOrderApprovedBy: r.first_order_approved_by,
});

/** Which ERP orders Amazon ships, per ERP connection (mcf_settings, migrations 192 and 250). */
export class McfSettingsStore {
  constructor(private readonly db: Db, private readonly now: () => Date) {}

  get(erpConnectionId: string): McfSettings | null {
    const r = this.db.prepare('SELECT * FROM mcf_settings WHERE erp_connection_id = ?').get(erpConnectionId) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  list(): McfSettings[] {
    return (this.db.prepare('SELECT * FROM mcf_settings ORDER BY erp_connection_id').all() as Row[]).map(fromRow);
  }

  /** A person lets the connection's orders go to Amazon after seeing their previews; later orders go by themselves. */
  approveFirstOrders(erpConnectionId: string, actor: string): McfSettings {
    if (!this.get(erpConnectionId)) throw new Error(`Multi-Channel Fulfillment is not set up for ERP connection ${erpConnectionId}.`);
    this.db.prepare('UPDATE mcf_settings SET first_order_approved_at = COALESCE(first_order_approved_at, ?), first_order_approved_by = COALESCE(first_order_approved_by, ?) WHERE erp_connection_id = ?')
      .run(this.now().toISOString(), actor, erpConnectionId);
    return this.get(erpConnectionId)!;
  }

  set(s: McfSettings): void {
    const code = s.locationCode.trim();
    if (!code) throw new Error('Pick the ERP location whose orders Amazon ships; an empty location code would match no order.');
    this.db
      .prepare(
        `INSERT INTO mcf_settings (erp_connection_id, amazon_connection_id, location_code, default_speed, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (erp_connection_id) DO UPDATE SET amazon_connection_id = excluded.amazon_connection_id, location_code = excluded.location_code,
           default_speed = excluded.default_speed, updated_at = excluded.updated_at`,
      )
      .run(s.erpConnectionId, s.amazonConnectionId, code, s.defaultSpeed, this.now().toISOString());
  }
}
