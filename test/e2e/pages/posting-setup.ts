import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../../core/sandbox/business-central/emulator';
import { defaultSeed } from '../../../core/sandbox/business-central/emulator-seed';
import type { PostingPage } from './posting-page';

interface ReviewItem { id: number; severity: 'blocking' | 'warning'; state: string; title: string; actions: string[] }

/**
 * Setup owned by other screens (Connections, Mappings, Review), done through the same API the pages call:
 * specs about posting start from an ERP connection with mappings and an approved settlement.
 */

/** A Business Central emulator seeded as a US company: its books are in USD like the V2 sample. */
export const startUsCompany = (): Promise<BusinessCentralEmulator> =>
  startBusinessCentralEmulator({ seed: { ...defaultSeed(), companyName: 'CRONUS USA, Inc.', localCurrency: 'USD' } });

/** Adds a Business Central emulator as an ERP connection and reads its chart of accounts. */
export async function connectBusinessCentral(ui: PostingPage, bc: BusinessCentralEmulator, name: string): Promise<string> {
  const { id } = await ui.api<{ id: string }>('connections.save', {
    kind: 'business-central',
    name,
    settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url },
    secrets: { clientSecret: bc.clientSecret },
  });
  await ui.api('mappings.refreshReference', { connectionId: id });
  return id;
}

/** One rule per fee type of the V2 sample, as the Mappings screen writes them (any transaction type), and the account roles. */
export async function mapSampleFees(ui: PostingPage, connectionId: string): Promise<void> {
  const fees: Array<[string, string, string]> = [
    ['ItemPrice', 'Principal', '6100'], ['ItemPrice', 'Tax', '6100'], ['ItemPrice', 'Shipping', '6100'],
    ['ItemFees', 'Commission', '8410'], ['ItemFees', 'RefundCommission', '8410'], ['ItemFees', 'MarketplaceFacilitatorVAT-Principal', '8410'],
    ['ItemFees', 'FBAPerUnitFulfillmentFee', '8420'], ['ItemFees', 'ShippingChargeback', '8440'], ['Shipment-Fees', 'FBAPerOrderFulfillmentFee', '8420'],
    ['other-transaction', 'Storage Fee', '8420'], ['other-transaction', 'LowInventoryLevelFee', '8420'], ['other-transaction', 'Subscription Fee', '8410'],
    ['other-transaction', 'Refund Reimbursal', '6110'],
  ];
  for (const [amountType, amountDescription, target] of fees) {
    await ui.api('mappings.save', { connectionId, entry: { kind: 'fee', transactionType: '*', amountType, amountDescription, target } });
  }
  for (const [subject, target] of [['clearing', '2920'], ['reserve', '2930'], ['carriedForward', '2940']]) {
    await ui.api('mappings.save', { connectionId, entry: { kind: 'account', subject, target } });
  }
}

/** Acknowledges the warnings of a settlement with no blocking item and approves it; returns the approved version. */
export async function approveSettlement(ui: PostingPage, settlementId: string, connectionId: string): Promise<{ versionId: number; blocking: string[] }> {
  const queue = await ui.api<{ items: ReviewItem[]; settlements: Array<{ versionId: number }> }>('review.list', { settlementId, connectionId });
  const blocking = queue.items.filter((i) => i.state === 'open' && i.severity === 'blocking').map((i) => i.title);
  if (blocking.length) return { versionId: queue.settlements[0]!.versionId, blocking };
  for (const item of queue.items.filter((i) => i.state === 'open' && i.severity === 'warning')) {
    await ui.api('review.resolve', { itemId: item.id, connectionId, resolution: { action: 'acknowledge', note: 'seen in e2e' } });
  }
  await ui.api('review.approve', { versionId: queue.settlements[0]!.versionId, connectionId });
  return { versionId: queue.settlements[0]!.versionId, blocking };
}
