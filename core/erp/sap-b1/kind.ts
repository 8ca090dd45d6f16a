import type { ErpKindDescription } from '../erp-kind';
import { SAP_B1_STARTER_CHART } from './starter-chart';
import { SapB1SettingsSchema } from './settings';

/**
 * SAP Business One (Service Layer). Capabilities, from ../shared/reference/erp/NOTES.md §3 and
 * specs/sapb1-servicelayer-v2-metadata.edmx.xml:
 * - any currency with a rate: JournalEntryLine has FCCurrency, FCDebit, FCCredit (the edmx); the local
 *   amounts come from the company's rate for the posting date (SBOBobService_GetCurrencyRate in the edmx);
 * - posted on create: a JournalEntries POST books the entry, there is no separate post action (§3.3 lists
 *   bound actions only for marketing documents; UNVERIFIED beyond that);
 * - the ERP numbers documents: JdtNum/Number from the Series (§3.3);
 * - cost-centre slots: CostingCode and CostingCode2-5 on each line (the edmx), by dimension number;
 * - polling: webhooks only from 10.0 FP 2602 with an unread payload (§3.8); incremental reads on UpdateDate (§3.4);
 * - journal reversals: the edmx binds an action Cancel to JournalEntry (JournalEntries(n)/Cancel);
 * - sales invoices: EntitySet Invoices (EntityType Document) with NumAtCard, the duplicate check (§3.3, §3.6);
 * - refund credit notes: EntitySet CreditNotes (EntityType Document), lines copied from the invoice's
 *   (DocumentLine BaseType/BaseEntry/BaseLine), NumAtCard the duplicate check as on invoices;
 * - customer returns: a credit note as above or a ReturnRequest (EntitySet, EntityType Document), each line
 *   with its ReturnReason (DocumentLine, Edm.Int32); the codes come from the connection's settings, as the
 *   metadata has no set that lists them; a return request line names its warehouse (DocumentLine.WarehouseCode),
 *   sellable or unsellable by Amazon's disposition, from EntitySet Warehouses (key WarehouseCode, Inactive);
 * - stock and prices: Items.ItemWarehouseInfoCollection (InStock, Committed per WarehouseCode) and Items.ItemPrices
 *   (PriceList, Price, Currency), both collection properties of Item in the edmx (§3.3 lists Items and PriceLists);
 * - inventory adjustments: EntitySets InventoryGenEntries (goods receipt) and InventoryGenExits (goods issue),
 *   both of EntityType Document (the edmx), our natural key in Comments for the duplicate check (§3.6);
 * - customer lines in journals: JournalEntryLine.ShortName names a business partner (§3.3 lists ShortName;
 *   that B1 takes the partner's control account when AccountCode is left out is UNVERIFIED).
 * Lengths: the natural key goes in Reference (Ref1), the short document number in Reference2 (issue 16;
 * §3.6 names the reference fields). The metadata carries no MaxLength for these properties, so the sizes
 * are B1's usual column sizes, UNVERIFIED: Ref1 and Ref2 hold 100, Memo and LineMemo 50. The document
 * number stays at 20 so a settlement reads the same short reference here as in Business Central.
 */
export const sapB1Kind: ErpKindDescription = {
  kind: 'sap-b1',
  label: 'SAP Business One',
  settings: SapB1SettingsSchema,
  fields: [
    { field: 'serviceLayerUrl', label: 'Service Layer URL', hint: 'https://server:50000/b1s/v2' },
    { field: 'companyDb', label: 'Company database' },
    { field: 'userName', label: 'User name' },
    { field: 'language', label: 'Language number', hint: '3 (English US); empty: the user\'s default', optional: true },
    { field: 'concurrency', label: 'Requests at once', hint: '2 unless raised (each session)', optional: true },
    { field: 'stockWarehouses', label: 'Warehouses that count', hint: 'for Amazon listings: warehouse codes, e.g. 01, 02; empty: every warehouse', optional: true },
    { field: 'priceList', label: 'Price list', hint: 'for Amazon listings: the price list number; empty: 1', optional: true },
    { field: 'returnReasons', label: 'Return reasons', hint: 'for customer returns: B1\'s return reason codes, e.g. 1 Damaged, 2 Wrong item', optional: true },
    { field: 'trustedCertificateSha256', label: 'Trusted certificate (SHA-256)', hint: 'only for a self-signed certificate: its fingerprint, as Test connection shows it', optional: true },
  ],
  secrets: [{ field: 'password', label: 'Password' }],
  starterChart: SAP_B1_STARTER_CHART,
  capabilities: {
    journalCurrencies: 'any-with-rate',
    journalPosting: 'on-create',
    documentNumbers: 'erp',
    lengths: { naturalKey: 100, documentNumber: 20, reference: 50 },
    dimensions: 'cost-centre-slots',
    changeSignals: 'polling',
    flows: ['settlementJournals', 'referenceData', 'journalReversals', 'salesInvoices', 'salesCreditNotes', 'stockAndPrices', 'accountCreation', 'settlementPayments', 'customerReturns', 'inventoryAdjustments', 'amazonFulfilment'],
    journalCustomerLines: true,
    returnDocuments: ['credit-note', 'return-order'],
    // DocumentLine.WarehouseCode on a return request line; GET Warehouses lists them (customer-returns.ts).
    returnWarehouses: true,
    // DocumentLine.WarehouseCode, Document.TransportationCode (ShippingTypes), a U_ user field (fulfilment-orders.ts).
    fulfilmentMarkers: ['location', 'shipping-agent', 'field'],
  },
};
