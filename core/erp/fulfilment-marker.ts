import type { ErpCapabilities, FulfilmentMarkerKind } from './erp-capabilities';
import type { FulfilmentMarker } from './erp-connector';
import { ErpError } from './erp-error';

/** The ERP as a marker's refusal names it: its system id (ErpError.system) and its name in words. */
export interface MarkerSystem {
  system: string;
  label: string;
}

/** The ways the ERP lets an order be marked as Amazon's; by location when its capabilities say nothing. */
export function markerKinds(capabilities: ErpCapabilities): readonly FulfilmentMarkerKind[] {
  return capabilities.fulfilmentMarkers ?? ['location'];
}

const wordsOf = (kind: FulfilmentMarkerKind): string => (kind === 'shipping-agent' ? 'shipping agent' : kind);

/** The marker in words, for messages: "at location AMAZON", "with shipping agent DHL", "with U_Ship = Y". */
export function describeMarker(marker: FulfilmentMarker): string {
  switch (marker.by) {
    case 'location': return `at location ${marker.code}`;
    case 'shipping-agent': return `with shipping agent ${marker.code}`;
    default: return `with ${marker.field} = ${marker.value}`;
  }
}

/** A marker the ERP does not offer, refused naming the ways it offers (and why not, when known). */
export function refuseUnofferedMarker(marker: FulfilmentMarker, offered: readonly FulfilmentMarkerKind[], erp: MarkerSystem, why?: string): ErpError {
  return new ErpError(`${erp.label} cannot mark orders shipped by Amazon by ${wordsOf(marker.by)}${why ? `: ${why}` : ''}. Mark them by ${offered.map(wordsOf).join(' or ')} in the fulfilment settings.`, {
    system: erp.system, kind: 'validation', operation: 'readFulfilmentOrders', retryable: false,
  });
}

/**
 * The location code of a marker, for a connector that marks by location only (capabilities without
 * fulfilmentMarkers); any other marker is refused with a clear message.
 */
export function markedLocation(marker: FulfilmentMarker, erp: MarkerSystem): string {
  if (marker.by !== 'location') throw refuseUnofferedMarker(marker, ['location'], erp);
  return marker.code;
}
