/** The loopback Amazon emulator (LWA + SP-API) for tests, the benchmark, the demo workspace and `ml-connector sandbox`. */
export { startAmazonEmulator, type AmazonEmulator, type AmazonEmulatorOptions, type EmulatorStats } from './emulator';
export { FaultInjector } from './faults';
export { demoSeller, shipmentEvent, type SeedSeller, type SeedReport, type SeedEventGroup } from './seed-data';
export { settlementFlatFileV2, V2_COLUMNS, type SettlementSpec, type SettlementLine } from './settlement-file';
export { dec } from './decimal-json';
export { measureAmazonRateEfficiency, type RateEfficiencyResult } from './rate-efficiency';

import type { AmazonEmulator } from './emulator';

/** What `ml-connector sandbox` prints so a person can point a connection at the emulator. */
export function describeAmazonEmulator(e: AmazonEmulator): string {
  return [
    `Amazon SP-API emulator   ${e.url}   (use as the connection's endpoint override)`,
    `Login with Amazon        ${e.lwaUrl}`,
    `LWA client id            ${e.clientId}`,
    `Sellers                  ${e.sellers.map((s) => `${s.storeName} (${s.sellerId})`).join(', ')}`,
  ].join('\n');
}
