import type { Db } from '../store';
import type { ShippingSpeedCategory } from '../amazon/fulfillment-outbound';
import type { FulfilmentMarker } from '../erp';

export type DefaultSpeed = Extract<ShippingSpeedCategory, 'Standard' | 'Expedited' | 'Priority'>;

export interface McfSettings {
  erpConnectionId: string;
  amazonConnectionId: string;
  /** How an ERP order is marked as Amazon's: its lines at a location, its shipping agent, or a field's value. */
  marker: FulfilmentMarker;
  defaultSpeed: DefaultSpeed;
  /** When a person saw the previews of the first orders and let them go; until then nothing is sent. */
  firstOrderApprovedAt?: string | null;
  firstOrderApprovedBy?: string | null;
}

interface Row {
  erp_connection_id: string; amazon_connection_id: string; marker_by: FulfilmentMarker['by']; marker_field: string | null; marker_value: string;
  default_speed: DefaultSpeed; first_order_approved_at: string | null; first_order_approved_by: string | null;
}
const markerOf = (r: Row): FulfilmentMarker => (r.marker_by === 'field' ? { by: 'field', field: r.marker_field ?? '', value: r.marker_value } : { by: r.marker_by, code: r.marker_value });
const fromRow = (r: Row): McfSettings => ({
  erpConnectionId: r.erp_connection_id, amazonConnectionId: r.amazon_connection_id, marker: markerOf(r), defaultSpeed: r.default_speed,
  firstOrderApprovedAt: r.first_order_approved_at, firstOrderApprovedBy: r.first_order_approved_by,
});

/**
 * A marker as stored: trimmed, refused when it could match no order. Whether the ERP has the location,
 * shipping agent or field is its connector's to say (readFulfilmentOrders), at the save and at each read.
 */
export function cleanMarker(m: FulfilmentMarker): FulfilmentMarker {
  if (m.by === 'field') {
    const field = m.field.trim();
    if (!field) throw new Error('Pick the field of the ERP order that marks it as shipped by Amazon.');
    if (!m.value.trim()) throw new Error(`Enter the value of ${field} that marks an order as shipped by Amazon; an empty value would match no order.`);
    return { by: 'field', field, value: m.value.trim() };
  }
  const code = m.code.trim();
  if (!code) throw new Error(m.by === 'location' ? 'Pick the ERP location whose orders Amazon ships; an empty location code would match no order.' : 'Pick the shipping agent whose orders Amazon ships; an empty one would match no order.');
  return { by: m.by, code };
}

/** Which ERP orders Amazon ships, per ERP connection (mcf_settings, migrations 192, 250 and 310). */
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
    const m = cleanMarker(s.marker);
    this.db
      .prepare(
        `INSERT INTO mcf_settings (erp_connection_id, amazon_connection_id, marker_by, marker_field, marker_value, default_speed, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (erp_connection_id) DO UPDATE SET amazon_connection_id = excluded.amazon_connection_id, marker_by = excluded.marker_by,
           marker_field = excluded.marker_field, marker_value = excluded.marker_value, default_speed = excluded.default_speed, updated_at = excluded.updated_at`,
      )
      .run(s.erpConnectionId, s.amazonConnectionId, m.by, m.by === 'field' ? m.field : null, m.by === 'field' ? m.value : m.code, s.defaultSpeed, this.now().toISOString());
  }
}
