// The V2 sample is from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read in place from
// ../shared/reference (never copied into this repository). The other files are generated here.
import { createDispatcher } from '../../core/api/handlers';
import type { CredentialStore } from '../../core/credentials';
import type { ReferenceDataKind, ReferenceRecord } from '../../core/erp/erp-connector';
import { ReferenceCache } from '../../core/mapping/reference-cache';
import { tempWorkspace } from '../support/temp-workspace';
import { apiCalls } from '../support/api-calls';

export { SAMPLE, sample, v2File, type GenLine } from '../support/settlement-files';

/** The reviews need no secret; the keychain has its own tests. */
export class MemoryCredentials implements CredentialStore {
  private readonly m = new Map<string, string>();
  async get(id: string, f: string) { return this.m.get(`${id}/${f}`) ?? null; }
  async set(id: string, f: string, s: string) { this.m.set(`${id}/${f}`, s); }
  async delete(id: string, f: string) { return this.m.delete(`${id}/${f}`); }
  async which(id: string, fields: readonly string[]) { return Object.fromEntries(fields.map((f) => [f, this.m.has(`${id}/${f}`)])); }
}

export const BC = 'bc-test';

const acct = (code: string, name: string, postable = true): ReferenceRecord => ({ id: code, code, name, postable, lastModified: null });
export const ACCOUNTS: ReferenceRecord[] = [
  acct('1000', 'BALANCE SHEET', false), acct('2920', 'Amazon Clearing'), acct('2930', 'Amazon Reserve'), acct('2950', 'Amazon Carried Forward'),
  acct('6100', 'Sales, Retail - Amazon'), acct('6110', 'Refunds - Amazon'), acct('6200', 'Sales Tax Collected'), acct('8410', 'Amazon Selling Fees'),
  acct('8420', 'FBA Fulfilment Fees'), acct('8450', 'Storage Fees'), acct('8460', 'Subscription'), acct('8490', 'Amazon Variances'),
  acct('8999', 'Closed Account', false), acct('9999', 'TOTAL', false),
];

/** Reads accounts (and nothing else) like an ERP would; `accounts` can be changed between refreshes. */
export function referenceSource(accounts: () => ReferenceRecord[]) {
  return {
    async readReferenceData(kind: ReferenceDataKind) {
      if (kind === 'accounts') return { records: accounts(), watermark: null };
      if (kind === 'items') return { records: [acct('ITEM-1', 'Headphones'), acct('ITEM-2', 'Cable')], watermark: null };
      if (kind === 'customers') return { records: [acct('C-AMZ-US', 'Amazon US customers')], watermark: null };
      return { records: [], watermark: null };
    },
  };
}

export async function setup(options: { connection?: boolean; accounts?: () => ReferenceRecord[] } = {}) {
  const ws = tempWorkspace(new MemoryCredentials());
  const api = createDispatcher(ws);
  if (options.connection !== false) {
    ws.connections.upsert({ id: BC, kind: 'business-central', name: 'BC test', settings: {} });
    await new ReferenceCache(ws.db).refresh(BC, referenceSource(options.accounts ?? (() => ACCOUNTS)));
  }
  const { call, value } = apiCalls(api);
  const importText = (fileName: string, text: string) =>
    value<{ outcome: string; versionId: number; settlementId: string; version: number }>('settlements.importUpload', { fileName, contentBase64: Buffer.from(text, 'utf8').toString('base64') });
  return { ws, api, call, value, importText };
}

/** Every fee type of the sample and the account it maps to (as a person would choose). */
export const SAMPLE_ACCOUNTS: Record<string, string> = {
  Principal: '6100', Tax: '6200', Shipping: '6100', Commission: '8410', RefundCommission: '8410', FBAPerUnitFulfillmentFee: '8420',
  FBAPerOrderFulfillmentFee: '8420', LowInventoryLevelFee: '8420', 'MarketplaceFacilitatorVAT-Principal': '6200', ShippingChargeback: '8420',
  'Storage Fee': '8450', 'Subscription Fee': '8460', 'Refund Reimbursal': '6110', clearing: '2920', reserve: '2930', carriedForward: '2950',
};
