import { getFulfillmentPreview, type CreateFulfillmentOrderRequest, type FulfillmentPreview } from '../amazon/fulfillment-outbound';
import type { SpApiClient } from '../amazon/sp-api-client';
import { currencyExponent, parseAmount } from '../money';
import type { Db } from '../store';
import { factsDigest, goAheadFacts, type GoAheadFacts } from './mcf-go-ahead-facts';

/** One estimated fee of a preview (Fee: FBAPerUnitFulfillmentFee, FBAPerOrderFulfillmentFee, ...), in minor units. */
export interface PreviewFee {
  name: string;
  currency: string;
  amountMinor: number;
}

/** What Amazon promises for an ERP order before it goes: fees, dates, and its words when it cannot fulfil it. */
export interface McfPreview {
  mcfOrderId: number;
  shippingSpeed: string;
  fulfillable: boolean;
  fees: PreviewFee[];
  earliestShipDate: string | null;
  latestShipDate: string | null;
  earliestArrivalDate: string | null;
  latestArrivalDate: string | null;
  /** Amazon's reasons, as it words them (orderUnfulfillableReasons, each unfulfillable item's itemUnfulfillableReasons). */
  unfulfillable: string | null;
  previewedAt: string;
  /** The order as it would go with this preview, and its digest: what a go-ahead is bound to (null before migration 280). */
  facts: GoAheadFacts | null;
  digest: string | null;
}

/** What Amazon's preview says, before it is kept with the order's facts. */
export type PreviewAnswer = Omit<McfPreview, 'mcfOrderId' | 'previewedAt' | 'facts' | 'digest'>;

interface Row {
  mcf_order_id: number; shipping_speed: string; fulfillable: number; fees: string; earliest_ship_date: string | null; latest_ship_date: string | null;
  earliest_arrival_date: string | null; latest_arrival_date: string | null; unfulfillable: string | null; previewed_at: string; facts: string | null; digest: string | null;
}
const fromRow = (r: Row): McfPreview => ({
  mcfOrderId: r.mcf_order_id, shippingSpeed: r.shipping_speed, fulfillable: r.fulfillable === 1, fees: JSON.parse(r.fees) as PreviewFee[],
  earliestShipDate: r.earliest_ship_date, latestShipDate: r.latest_ship_date, earliestArrivalDate: r.earliest_arrival_date, latestArrivalDate: r.latest_arrival_date,
  unfulfillable: r.unfulfillable, previewedAt: r.previewed_at, facts: r.facts ? (JSON.parse(r.facts) as GoAheadFacts) : null, digest: r.digest,
});

const earliest = (dates: Array<string | undefined>) => dates.filter((d): d is string => !!d).sort()[0] ?? null;
const latest = (dates: Array<string | undefined>) => dates.filter((d): d is string => !!d).sort().at(-1) ?? null;

/** Amazon's reasons for a preview it cannot fulfil, in its codes, with the item each one is about. */
export function unfulfillableWords(p: FulfillmentPreview, skuOfItemId: (itemId: string) => string): string | null {
  if (p.isFulfillable) return null;
  const parts = [
    ...(p.orderUnfulfillableReasons?.length ? [`order: ${p.orderUnfulfillableReasons.join(', ')}`] : []),
    ...(p.unfulfillablePreviewItems ?? []).map((i) => `${i.sellerSku || skuOfItemId(i.sellerFulfillmentOrderItemId)} × ${i.quantity}: ${(i.itemUnfulfillableReasons ?? []).join(', ') || 'no reason given'}`),
  ];
  return parts.length ? parts.join('; ') : 'isFulfillable is false, with no reason given';
}

/**
 * The preview of one order at the speed it would ship with. Fees come as Decimal strings in the fee's
 * currency; each is read into that currency's minor units, never summed across currencies.
 */
export async function previewOrder(amazon: SpApiClient, request: CreateFulfillmentOrderRequest, signal?: AbortSignal): Promise<PreviewAnswer> {
  const previews = await getFulfillmentPreview(amazon, {
    ...(request.marketplaceId ? { marketplaceId: request.marketplaceId } : {}),
    address: request.destinationAddress, items: request.items, shippingSpeedCategories: [request.shippingSpeedCategory],
  }, signal);
  const p = previews.find((x) => x.shippingSpeedCategory === request.shippingSpeedCategory);
  if (!p) {
    return { shippingSpeed: request.shippingSpeedCategory, fulfillable: false, fees: [], earliestShipDate: null, latestShipDate: null, earliestArrivalDate: null, latestArrivalDate: null,
      unfulfillable: `Amazon returned no preview for shipping speed ${request.shippingSpeedCategory}.` };
  }
  const shipments = p.fulfillmentPreviewShipments ?? [];
  return {
    shippingSpeed: p.shippingSpeedCategory,
    fulfillable: p.isFulfillable,
    fees: (p.estimatedFees ?? []).map((f) => ({ name: f.name, currency: f.amount.currencyCode, amountMinor: parseAmount(f.amount.value, currencyExponent(f.amount.currencyCode), { decimalSeparator: '.' }) })),
    earliestShipDate: earliest(shipments.map((s) => s.earliestShipDate)),
    latestShipDate: latest(shipments.map((s) => s.latestShipDate)),
    earliestArrivalDate: earliest(shipments.map((s) => s.earliestArrivalDate)),
    latestArrivalDate: latest(shipments.map((s) => s.latestArrivalDate)),
    unfulfillable: unfulfillableWords(p, (id) => request.items.find((i) => i.sellerFulfillmentOrderItemId === id)?.sellerSku ?? id),
  };
}

/** The latest preview of each order (mcf_preview, migration 250). */
export class McfPreviewStore {
  constructor(private readonly db: Db, private readonly now: () => Date) {}

  /** Keeps Amazon's answer with the facts of the request it was asked about. */
  save(mcfOrderId: number, p: PreviewAnswer, request: CreateFulfillmentOrderRequest): McfPreview {
    const facts = goAheadFacts(request, p);
    this.db
      .prepare(
        `INSERT INTO mcf_preview (mcf_order_id, shipping_speed, fulfillable, fees, earliest_ship_date, latest_ship_date, earliest_arrival_date, latest_arrival_date, unfulfillable, previewed_at, facts, digest)
         VALUES (@id, @speed, @ok, @fees, @es, @ls, @ea, @la, @why, @at, @facts, @digest)
         ON CONFLICT (mcf_order_id) DO UPDATE SET shipping_speed = excluded.shipping_speed, fulfillable = excluded.fulfillable, fees = excluded.fees,
           earliest_ship_date = excluded.earliest_ship_date, latest_ship_date = excluded.latest_ship_date, earliest_arrival_date = excluded.earliest_arrival_date,
           latest_arrival_date = excluded.latest_arrival_date, unfulfillable = excluded.unfulfillable, previewed_at = excluded.previewed_at,
           facts = excluded.facts, digest = excluded.digest`,
      )
      .run({
        id: mcfOrderId, speed: p.shippingSpeed, ok: p.fulfillable ? 1 : 0, fees: JSON.stringify(p.fees), es: p.earliestShipDate, ls: p.latestShipDate,
        ea: p.earliestArrivalDate, la: p.latestArrivalDate, why: p.unfulfillable, at: this.now().toISOString(),
        facts: JSON.stringify(facts), digest: factsDigest(facts),
      });
    return this.get(mcfOrderId)!;
  }

  get(mcfOrderId: number): McfPreview | null {
    const r = this.db.prepare('SELECT * FROM mcf_preview WHERE mcf_order_id = ?').get(mcfOrderId) as Row | undefined;
    return r ? fromRow(r) : null;
  }
}
