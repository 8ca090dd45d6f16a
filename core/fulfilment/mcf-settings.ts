import type { Db } from '../store';
import type { ShippingSpeedCategory } from '../amazon/fulfillment-outbound';

export type DefaultSpeed = Extract<ShippingSpeedCategory, 'Standard' | 'Expedited' | 'Priority'>;

export interface McfSettings {
  erpConnectionId: string;
  amazonConnectionId: string;
  /** ERP orders with lines at this location are shipped by Amazon. */
  locationCode: string;
  defaultSpeed: DefaultSpeed;
}

/** Which ERP orders Amazon ships, per ERP connection (mcf_settings, migration 192). */
export class McfSettingsStore {
  constructor(private readonly db: Db, private readonly now: () => Date) {}

  get(erpConnectionId: string): McfSettings | null {
    const r = this.db.prepare('SELECT * FROM mcf_settings WHERE erp_connection_id = ?').get(erpConnectionId) as
      { erp_connection_id: string; amazon_connection_id: string; location_code: string; default_speed: DefaultSpeed } | undefined;
    return r ? { erpConnectionId: r.erp_connection_id, amazonConnectionId: r.amazon_connection_id, locationCode: r.location_code, defaultSpeed: r.default_speed } : null;
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
