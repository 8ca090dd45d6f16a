import type { CreateFulfillmentOrderRequest } from '../amazon/fulfillment-outbound';
import type { FulfilmentOrder } from '../erp/erp-connector';
import type { McfSettings } from './mcf-settings';

/** Why an ERP order cannot become a fulfilment order yet, and what a person does about it. */
export interface OrderProblem {
  error: string;
  fix: string;
}

/** "Cannot contain two spaces in a row. Leading and trailing white space is removed" (displayableOrderId). */
const tidy = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The createFulfillmentOrder request of an ERP order: SKUs by the connection's `sku` mapping read backwards
 * (ERP item → Amazon SKU), the address in Amazon's Address shape, the default speed. Null items or
 * address fields Amazon requires come back as a problem, not a request Amazon would refuse.
 */
export function fulfilmentRequest(
  order: FulfilmentOrder,
  sellerFulfillmentOrderId: string,
  settings: Pick<McfSettings, 'defaultSpeed'>,
  skuOf: (itemNumber: string) => string | null,
  marketplaceId?: string,
): { request: CreateFulfillmentOrderRequest } | { problem: OrderProblem } {
  const unmapped = [...new Set(order.lines.map((l) => l.itemNumber).filter((i) => skuOf(i) === null))];
  if (unmapped.length) {
    return { problem: {
      error: `ERP item${unmapped.length > 1 ? 's' : ''} ${unmapped.join(', ')} on sales order ${order.number} ${unmapped.length > 1 ? 'have' : 'has'} no Amazon SKU.`,
      fix: `Map the Amazon SKU of ${unmapped.join(', ')} to the ERP item in Mappings (SKU), then retry.`,
    } };
  }
  if (order.lines.length === 0) return { problem: { error: `Sales order ${order.number} has nothing left to ship at the Amazon location.`, fix: 'Nothing to fix if the order was shipped otherwise; otherwise check the order lines\' location, then retry.' } };
  const a = order.shipTo;
  return {
    request: {
      ...(marketplaceId ? { marketplaceId } : {}),
      sellerFulfillmentOrderId,
      displayableOrderId: tidy(order.number).slice(0, 40),
      displayableOrderDate: `${order.orderDate}T00:00:00Z`,
      displayableOrderComment: `Order ${tidy(order.number)}`,
      shippingSpeedCategory: settings.defaultSpeed,
      destinationAddress: {
        name: tidy(a.name), addressLine1: tidy(a.addressLine1), ...(a.addressLine2.trim() ? { addressLine2: tidy(a.addressLine2) } : {}),
        ...(a.city.trim() ? { city: tidy(a.city) } : {}), ...(a.state.trim() ? { stateOrRegion: tidy(a.state) } : {}),
        postalCode: tidy(a.postCode), countryCode: a.country.trim().toUpperCase(), ...(a.phone.trim() ? { phone: tidy(a.phone) } : {}),
      },
      fulfillmentAction: 'Ship',
      items: order.lines.map((l, i) => ({ sellerSku: skuOf(l.itemNumber)!, sellerFulfillmentOrderItemId: `${i + 1}`, quantity: l.quantity })),
    },
  };
}
