import { z } from 'zod';
import { normalizeSha256 } from '../../net/tls-trust';
import { httpsUrl, required } from '../settings-fields';

/** What an SAP Business One connection needs (../shared/reference/erp/NOTES.md §3.1): the Service Layer, a company database and a user. */
export const SapB1SettingsSchema = z.object({
  serviceLayerUrl: httpsUrl('Service Layer URL').refine((v) => /\/b1s\/v[12]\/?$/.test(v), 'The Service Layer URL ends in /b1s/v1 or /b1s/v2'),
  companyDb: required('Company database'),
  userName: required('User name'),
  /** The Login action's Language parameter (B1META Login: CompanyDB, UserName, Password, Language); B1's language number, e.g. 3 for English (US). UNVERIFIED numbering. */
  language: z.string().trim().optional().refine((v) => !v || /^\d{1,3}$/.test(v), 'Language is B1\'s language number, e.g. 3'),
  /** Requests in flight at once on the one session (issue 16: 2 unless the user raises it). */
  concurrency: z.string().trim().optional().refine((v) => !v || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 8), 'Requests at once is a whole number from 1 to 8'),
  /**
   * The SHA-256 fingerprint of the Service Layer's own certificate, for a server with a self-signed one
   * (issue 16): this connection then trusts that certificate and no other (core/net/tls-trust.ts).
   */
  /**
   * The warehouses whose stock Amazon listings may sell, as comma-separated WarehouseCodes (edmx Warehouse); empty:
   * every warehouse of the item. A returns or quarantine warehouse is left out by naming the others.
   */
  stockWarehouses: z.string().trim().optional().refine((v) => !v || v.split(',').every((c) => /^[^\s,]{1,8}$/.test(c.trim())), 'Warehouses are WarehouseCodes of up to 8 characters, separated by commas'),
  /** The price list (edmx PriceList.PriceListNo) listings take an item's price from; empty: price list 1. */
  priceList: z.string().trim().optional().refine((v) => !v || /^\d{1,4}$/.test(v), 'The price list is its number in SAP Business One, e.g. 1'),
  /**
   * The company's return reason codes, as "1 Damaged, 2 Wrong item": DocumentLine.ReturnReason is a number
   * (edmx Edm.Int32) and the metadata has no entity set that lists the codes, so the user copies them here.
   */
  returnReasons: z.string().trim().optional().refine((v) => !v || v.split(/[,;]/).every((e) => /^\s*\d{1,9}(\s+\S.*)?$/.test(e)), 'Return reasons are "number description" pairs separated by commas, e.g. 1 Damaged, 2 Wrong item'),
  trustedCertificateSha256: z.string().trim().optional().refine((v) => !v || normalizeSha256(v) !== null, 'The certificate fingerprint is 64 hexadecimal digits (SHA-256), as Test connection shows it'),
});

export type SapB1Settings = z.infer<typeof SapB1SettingsSchema>;

/** The password comes from the caller (who read it from the keychain); the connector never stores it. */
export interface SapB1Secrets {
  password?: string | null;
}
