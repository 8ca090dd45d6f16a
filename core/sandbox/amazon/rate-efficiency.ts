import { listFinancialEventsByGroupId } from '../../amazon/finances';
import { SpApiClient } from '../../amazon/sp-api-client';
import { OPERATIONS } from '../../amazon/usage-plans';
import { startAmazonEmulator } from './emulator';
import { demoSeller, shipmentEvent } from './seed-data';

export interface RateEfficiencyResult {
  /** Theoretical minimum time under the emulated bucket divided by the measured time (issue 3: goal >= 0.90). */
  rateEfficiency: number;
  pages: number;
  timeScale: number;
  theoreticalMs: number;
  measuredMs: number;
  throttled: number;
}

/**
 * `amazon.rateEfficiency` for the benchmark: pages through one financial event group one event per page,
 * enough pages to exhaust listFinancialEventsByGroupId's burst of 30 and then live on its 0.5 requests/s
 * (financesV0.json), against the emulator at `timeScale`, with no fault injected.
 */
export async function measureAmazonRateEfficiency(options: { pages?: number; timeScale?: number } = {}): Promise<RateEfficiencyResult> {
  const pages = options.pages ?? 2000;
  const timeScale = options.timeScale ?? 100;
  const seller = demoSeller(Date.now());
  const group = seller.eventGroups[0]!;
  const posted = new Date(Date.now() - 10 * 86_400_000).toISOString();
  group.events = Array.from({ length: pages }, (_, i) => shipmentEvent(`111-${String(i).padStart(7, '0')}-0000001`, posted, `SKU-${i}`, '10.00', '-1.50', 'USD', 'Amazon.com'));
  const emulator = await startAmazonEmulator({ timeScale, sellers: [seller] });
  try {
    const client = new SpApiClient({
      region: 'NA',
      endpoint: emulator.url,
      lwaTokenUrl: emulator.lwaUrl,
      credentials: { clientId: emulator.clientId, clientSecret: emulator.clientSecret, refreshToken: emulator.refreshToken },
      clock: emulator.clock,
    });
    await client.tokens.getAccessToken(); // the login is not part of the paging being measured
    const started = performance.now();
    let seen = 0;
    for await (const page of listFinancialEventsByGroupId(client, group.group.FinancialEventGroupId, { maxResultsPerPage: 1 })) {
      seen += page.ShipmentEventList?.length ?? 0;
    }
    const measuredMs = performance.now() - started;
    if (seen !== pages) throw new Error(`Expected ${pages} events, read ${seen}`);
    const { rate, burst } = OPERATIONS.listFinancialEventsByGroupId;
    const theoreticalMs = (Math.max(0, pages - burst) / rate) * 1000 / timeScale;
    return { rateEfficiency: theoreticalMs / measuredMs, pages, timeScale, theoreticalMs, measuredMs, throttled: emulator.stats.throttled };
  } finally {
    await emulator.stop();
  }
}
