import { createHash } from 'node:crypto';
import type { CreateFulfillmentOrderRequest } from '../amazon/fulfillment-outbound';
import { formatMoney } from '../money';

/** A preview's estimated fee in minor units (mcf-preview's PreviewFee, restated so neither file imports the other). */
interface PreviewFee {
  name: string;
  currency: string;
  amountMinor: number;
}

export interface GoAheadFacts {
  lines: Array<{ sku: string; quantity: number }>;
  address: string;
  speed: string;
  fees: PreviewFee[];
  ships: [string | null, string | null];
  arrives: [string | null, string | null];
}

interface PreviewDates {
  fees: PreviewFee[];
  earliestShipDate: string | null;
  latestShipDate: string | null;
  earliestArrivalDate: string | null;
  latestArrivalDate: string | null;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

/** The address in one line, as Amazon would receive it. */
function addressLine(a: CreateFulfillmentOrderRequest['destinationAddress']): string {
  return [a.name, a.addressLine1, a.addressLine2, [a.postalCode, a.city].filter(Boolean).join(' '), a.stateOrRegion, a.countryCode, a.phone ? `phone ${a.phone}` : undefined]
    .filter((x): x is string => !!x).join(', ');
}

/**
 * What a person sees of an order before letting it go to Amazon, and so what a go-ahead is bound to: the
 * lines (SKU and quantity), the ship-to address, the shipping speed, and from Amazon's preview the fees and
 * the promised ship and arrival days. Dates are kept to the UTC day the screen shows, so a preview taken
 * again an hour later with the same promised days does not withdraw the go-ahead.
 */
export function goAheadFacts(request: CreateFulfillmentOrderRequest, preview: PreviewDates): GoAheadFacts {
  return {
    lines: request.items.map((i) => ({ sku: i.sellerSku, quantity: i.quantity })),
    address: addressLine(request.destinationAddress),
    speed: request.shippingSpeedCategory,
    fees: preview.fees.map((f) => ({ name: f.name, currency: f.currency, amountMinor: f.amountMinor })),
    ships: [day(preview.earliestShipDate), day(preview.latestShipDate)],
    arrives: [day(preview.earliestArrivalDate), day(preview.latestArrivalDate)],
  };
}

/** The digest a go-ahead is bound to; facts are built field by field above, so their JSON order is fixed. */
export function factsDigest(facts: GoAheadFacts): string {
  return createHash('sha256').update(JSON.stringify(facts)).digest('hex');
}

/** Fees in words; named only when the two sides do not hold the same kinds of fee. */
const fees = (f: PreviewFee[], named: boolean) => (f.length ? f.map((x) => `${named ? `${x.name} ` : ''}${formatMoney(x.amountMinor, x.currency)}`).join(' + ') : 'none');
const sameKinds = (a: PreviewFee[], b: PreviewFee[]) => a.map((x) => x.name).join() === b.map((x) => x.name).join();
const days = ([a, b]: [string | null, string | null]) => (a === b ? a ?? 'not given' : `${a ?? '?'} to ${b ?? '?'}`);

/** What differs between the facts a person let go and the order as it would go now, in words for the screen. */
export function whatChanged(approved: GoAheadFacts, now: GoAheadFacts): string[] {
  const changes: string[] = [];
  const qty = (facts: GoAheadFacts) => {
    const m = new Map<string, number>();
    for (const l of facts.lines) m.set(l.sku, (m.get(l.sku) ?? 0) + l.quantity);
    return m;
  };
  const before = qty(approved);
  const after = qty(now);
  for (const [sku, q] of before) {
    const n = after.get(sku);
    if (n === undefined) changes.push(`${sku} removed (was × ${q})`);
    else if (n !== q) changes.push(`${sku} quantity ${q} → ${n}`);
  }
  for (const [sku, n] of after) if (!before.has(sku)) changes.push(`${sku} added (× ${n})`);
  if (approved.address !== now.address) changes.push(`ship-to address ${approved.address} → ${now.address}`);
  if (approved.speed !== now.speed) changes.push(`shipping speed ${approved.speed} → ${now.speed}`);
  if (JSON.stringify(approved.fees) !== JSON.stringify(now.fees)) {
    const named = !sameKinds(approved.fees, now.fees);
    changes.push(`estimated fees ${fees(approved.fees, named)} → ${fees(now.fees, named)}`);
  }
  if (approved.ships.join() !== now.ships.join()) changes.push(`ships ${days(approved.ships)} → ${days(now.ships)}`);
  if (approved.arrives.join() !== now.arrives.join()) changes.push(`arrives ${days(approved.arrives)} → ${days(now.arrives)}`);
  return changes;
}
